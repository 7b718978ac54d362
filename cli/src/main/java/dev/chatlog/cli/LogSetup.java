package dev.chatlog.cli;

import dev.chatlog.config.Settings;
import dev.chatlog.error.InvalidInputException;
import java.io.PrintStream;

/**
 * What a run logs and where: the level ({@code CHM_LOG_LEVEL}), the format ({@code CHM_LOG_FORMAT},
 * text or one JSON object a line), the run's stderr, and the fields every JSON line carries (the
 * command and the store without credentials). Set by {@link #configure} at the start of every run,
 * before anything is logged.
 *
 * <p>The logging backend is Logback, found by SLF4J through the {@code slf4j.provider} property (no
 * look-up through the class path; {@link LogbackProvider}) and made only when something is first
 * logged, so that a run that logs nothing never starts it. {@link LogbackSetup} then configures it
 * from this class, and again at each later run of the same JVM (tests, embedders). A logging
 * backend is one per JVM, so this state is too.
 */
final class LogSetup {
  /** The property that names SLF4J's provider. */
  static final String PROVIDER_PROPERTY = "slf4j.provider";

  /** The command's SLF4J provider: Logback without its own start-up. */
  static final String LOGBACK_PROVIDER = LogbackProvider.class.getName();

  /**
   * slf4j's own messages: only warnings (it tells at info level that it uses the named provider).
   */
  private static final String VERBOSITY_PROPERTY = "slf4j.internal.verbosity";

  /** What one run logs. */
  record Run(String level, boolean json, PrintStream err, String command, String store) {}

  private static volatile Run run = new Run("warn", false, System.err, "chatlog", "");

  /** Re-applies the settings to a backend made by an earlier run; null until one is made. */
  private static volatile Runnable reconfigure;

  private LogSetup() {}

  /**
   * Reads and checks the log settings of this run and makes them current.
   *
   * @param err where this run's log lines go
   * @param command the command run, a field of every JSON line
   * @throws InvalidInputException when the level or the format is not a known one
   */
  static void configure(Settings settings, PrintStream err, String command) {
    String level;
    boolean json;
    try {
      level = settings.logLevel();
      json = "json".equals(settings.logFormat());
    } catch (InvalidInputException e) {
      run = new Run("warn", false, err, command, ""); // the error is told as text
      throw e;
    }
    String store;
    try {
      store = settings.storeLocation();
    } catch (InvalidInputException e) {
      store = ""; // the command reports it
    }
    if (System.getProperty(PROVIDER_PROPERTY) == null) {
      System.setProperty(PROVIDER_PROPERTY, LOGBACK_PROVIDER);
      if (System.getProperty(VERBOSITY_PROPERTY) == null) {
        System.setProperty(VERBOSITY_PROPERTY, "WARN");
      }
    }
    Runnable again = reconfigure;
    if (again != null) {
      // The new level first, still on the old stream: a line another thread logs meanwhile at the
      // level of an earlier run never reaches this run's stderr.
      run = new Run(level, json, run.err(), command, store);
      again.run();
    }
    run = new Run(level, json, err, command, store);
  }

  /** The settings of the current run. */
  static Run current() {
    return run;
  }

  /** Whether this run logs JSON, so that its notes go through the logger too. */
  static boolean json() {
    return run.json();
  }

  /** Called by {@link LogbackSetup} once it has configured the backend. */
  static void onReconfigure(Runnable again) {
    reconfigure = again;
  }
}
