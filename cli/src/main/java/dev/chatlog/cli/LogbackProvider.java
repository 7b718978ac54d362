package dev.chatlog.cli;

import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.util.LogbackMDCAdapter;
import org.slf4j.ILoggerFactory;
import org.slf4j.IMarkerFactory;
import org.slf4j.helpers.BasicMarkerFactory;
import org.slf4j.spi.MDCAdapter;
import org.slf4j.spi.SLF4JServiceProvider;

/**
 * The command's SLF4J provider: Logback, configured by {@link LogbackSetup} without Logback's own
 * start-up (its configurator search, version checks and status report), which took about 40 ms of
 * every command that opens a SQLite database, since sqlite-jdbc makes its loggers when it loads
 * (adr/0028). {@link LogSetup} names it in SLF4J's {@code slf4j.provider} property.
 */
public final class LogbackProvider implements SLF4JServiceProvider {
  private final IMarkerFactory markers = new BasicMarkerFactory();
  private final LogbackMDCAdapter mdc = new LogbackMDCAdapter();
  private LoggerContext context;

  /** Made by SLF4J, which finds it through its {@code slf4j.provider} property. */
  public LogbackProvider() {}

  @Override
  public void initialize() {
    LoggerContext made = new LoggerContext();
    made.setMDCAdapter(mdc);
    LogbackSetup.apply(made);
    LogSetup.onReconfigure(() -> LogbackSetup.apply(made));
    made.start();
    context = made;
  }

  @Override
  public ILoggerFactory getLoggerFactory() {
    return context;
  }

  @Override
  public IMarkerFactory getMarkerFactory() {
    return markers;
  }

  @Override
  public MDCAdapter getMDCAdapter() {
    return mdc;
  }

  @Override
  public String getRequestedApiVersion() {
    return "2.0.99";
  }
}
