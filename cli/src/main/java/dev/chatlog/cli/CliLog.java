package dev.chatlog.cli;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The command's notes and errors as log events, for a run that logs JSON ({@code
 * CHM_LOG_FORMAT=json}), so that every line on its stderr is one JSON object. Loaded only then: the
 * first logger starts the logging backend.
 */
final class CliLog {
  private static final Logger LOG = LoggerFactory.getLogger(LogbackSetup.CLI_LOGGER);

  private CliLog() {}

  /** A note: what the command did, at info level. */
  static void note(String message) {
    LOG.info(message);
  }

  /** A warning that does not change the command's outcome. */
  static void warn(String message) {
    LOG.warn(message);
  }

  /**
   * An error that ends the command, with its type; the exception itself (its stack trace) only when
   * {@code withStackTrace}.
   */
  static void error(String message, Throwable error, boolean withStackTrace) {
    LOG.atError()
        .addKeyValue(LogbackSetup.ERROR_TYPE, error.getClass().getName())
        .setCause(withStackTrace ? error : null)
        .log(message);
  }
}
