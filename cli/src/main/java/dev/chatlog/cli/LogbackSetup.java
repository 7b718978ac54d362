package dev.chatlog.cli;

import ch.qos.logback.classic.Level;
import ch.qos.logback.classic.Logger;
import ch.qos.logback.classic.LoggerContext;
import ch.qos.logback.classic.spi.ILoggingEvent;
import ch.qos.logback.classic.spi.IThrowableProxy;
import ch.qos.logback.classic.spi.ThrowableProxyUtil;
import ch.qos.logback.core.AppenderBase;
import ch.qos.logback.core.encoder.Encoder;
import ch.qos.logback.core.encoder.EncoderBase;
import com.fasterxml.jackson.core.JsonGenerator;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import net.logstash.logback.composite.AbstractJsonProvider;
import net.logstash.logback.composite.loggingevent.LogLevelJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggerNameJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventFormattedTimestampJsonProvider;
import net.logstash.logback.composite.loggingevent.LoggingEventJsonProviders;
import net.logstash.logback.composite.loggingevent.MessageJsonProvider;
import net.logstash.logback.composite.loggingevent.StackTraceJsonProvider;
import net.logstash.logback.encoder.LoggingEventCompositeJsonEncoder;
import org.slf4j.event.KeyValuePair;

/**
 * Configures Logback from {@link LogSetup} in code (no XML to parse at start-up): one appender on
 * the run's stderr, the root level from {@code CHM_LOG_LEVEL}, and either the text format ({@code
 * LEVEL message}) or one JSON object a line through logstash-logback-encoder with the fields {@code
 * time}, {@code level}, {@code logger}, {@code message}, {@code command}, {@code store} and, for an
 * error, {@code error_type} (and {@code stack_trace} when the event carries the exception). Applied
 * by {@link LogbackProvider} when SLF4J starts, and again when a run's settings change.
 */
final class LogbackSetup {
  /** The logger of the command's own notes and errors (at least info, so notes are kept). */
  static final String CLI_LOGGER = "dev.chatlog.cli";

  /** The key-value pair that gives an error's type when the exception itself is not logged. */
  static final String ERROR_TYPE = "error_type";

  private LogbackSetup() {}

  /** Replaces the configuration of {@code context} with the current run's. */
  static synchronized void apply(LoggerContext context) {
    LogSetup.Run run = LogSetup.current();
    context.reset();
    Logger root = context.getLogger(Logger.ROOT_LOGGER_NAME);
    root.setLevel(threshold(run, Logger.ROOT_LOGGER_NAME));
    context.getLogger(CLI_LOGGER).setLevel(threshold(run, CLI_LOGGER));
    Encoder<ILoggingEvent> encoder = run.json() ? json(context) : new TextEncoder();
    encoder.setContext(context);
    encoder.start();
    RunAppender appender = new RunAppender(encoder);
    appender.setContext(context);
    appender.setName("stderr");
    appender.start();
    root.addAppender(appender);
  }

  /**
   * The least level a run logs from {@code logger}: {@code CHM_LOG_LEVEL}, and at least info for
   * the command's own notes.
   */
  static Level threshold(LogSetup.Run run, String logger) {
    Level level = Level.toLevel(run.level(), Level.WARN);
    boolean notes = logger.equals(CLI_LOGGER) || logger.startsWith(CLI_LOGGER + ".");
    return notes && level.isGreaterOrEqual(Level.INFO) ? Level.INFO : level;
  }

  /**
   * Writes an event to the stderr of the run current when it is written, if that run's level takes
   * it: the level and the stream are read together, from one {@link LogSetup.Run}. A thread left by
   * an earlier run (an HTTP client's idle-connection reaper) may pass the loggers' check at that
   * run's level and write once the next run has begun; its line is then held to the next run's
   * level, or written to the earlier run's stream.
   */
  static final class RunAppender extends AppenderBase<ILoggingEvent> {
    private final Encoder<ILoggingEvent> encoder;

    RunAppender(Encoder<ILoggingEvent> encoder) {
      this.encoder = encoder;
    }

    @Override
    protected void append(ILoggingEvent event) {
      LogSetup.Run run = LogSetup.current();
      if (event.getLevel().isGreaterOrEqual(threshold(run, event.getLoggerName()))) {
        byte[] line = encoder.encode(event);
        run.err().write(line, 0, line.length);
        run.err().flush();
      }
    }
  }

  private static Encoder<ILoggingEvent> json(LoggerContext context) {
    LoggingEventJsonProviders providers = new LoggingEventJsonProviders();
    LoggingEventFormattedTimestampJsonProvider time =
        new LoggingEventFormattedTimestampJsonProvider();
    time.setFieldName("time");
    time.setTimeZone("UTC");
    providers.addTimestamp(time);
    LogLevelJsonProvider level = new LogLevelJsonProvider();
    level.setFieldName("level");
    providers.addLogLevel(level);
    LoggerNameJsonProvider logger = new LoggerNameJsonProvider();
    logger.setFieldName("logger");
    providers.addLoggerName(logger);
    MessageJsonProvider message = new MessageJsonProvider();
    message.setFieldName("message");
    providers.addMessage(message);
    providers.addProvider(new RunFields());
    StackTraceJsonProvider stack = new StackTraceJsonProvider();
    stack.setFieldName("stack_trace");
    providers.addStackTrace(stack);
    LoggingEventCompositeJsonEncoder encoder = new LoggingEventCompositeJsonEncoder();
    encoder.setContext(context);
    encoder.setProviders(providers);
    return encoder;
  }

  /** The type of the error an event tells of: its exception's, or its {@code error_type} pair. */
  static String errorType(ILoggingEvent event) {
    IThrowableProxy thrown = event.getThrowableProxy();
    if (thrown != null) {
      return thrown.getClassName();
    }
    if (event.getKeyValuePairs() != null) {
      for (KeyValuePair pair : event.getKeyValuePairs()) {
        if (ERROR_TYPE.equals(pair.key) && pair.value != null) {
          return pair.value.toString();
        }
      }
    }
    return null;
  }

  /** {@code command}, {@code store} and {@code error_type}. */
  static final class RunFields extends AbstractJsonProvider<ILoggingEvent> {
    @Override
    public void writeTo(JsonGenerator generator, ILoggingEvent event) throws IOException {
      LogSetup.Run run = LogSetup.current();
      generator.writeStringField("command", run.command());
      if (!run.store().isEmpty()) {
        generator.writeStringField("store", run.store());
      }
      String type = errorType(event);
      if (type != null) {
        generator.writeStringField(ERROR_TYPE, type);
      }
    }
  }

  /** {@code LEVEL message}, and the stack trace when the event carries an exception. */
  static final class TextEncoder extends EncoderBase<ILoggingEvent> {
    @Override
    public byte[] headerBytes() {
      return null;
    }

    @Override
    public byte[] encode(ILoggingEvent event) {
      StringBuilder line = new StringBuilder();
      line.append(event.getLevel()).append(' ').append(event.getFormattedMessage()).append('\n');
      IThrowableProxy thrown = event.getThrowableProxy();
      if (thrown != null) {
        line.append(ThrowableProxyUtil.asString(thrown)).append('\n');
      }
      return line.toString().getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public byte[] footerBytes() {
      return null;
    }
  }
}
