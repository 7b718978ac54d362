package dev.chatlog.cli;

import dev.chatlog.config.Settings;

/**
 * Configures slf4j-simple through system properties, before the first logger is made: warnings and
 * errors on stderr by default, the level from {@code CHM_LOG_LEVEL} (or its legacy names).
 * Properties already set (with {@code -D}) win.
 */
final class LogSetup {
  private static final String PREFIX = "org.slf4j.simpleLogger.";

  private LogSetup() {}

  /**
   * Sets the logging properties that are not set already.
   *
   * @throws dev.chatlog.error.InvalidInputException when the level is not a known one
   */
  static void configure(Settings settings) {
    setIfAbsent("defaultLogLevel", settings.logLevel());
    setIfAbsent("logFile", "System.err");
    setIfAbsent("showThreadName", "false");
    setIfAbsent("showLogName", "false");
    setIfAbsent("showShortLogName", "false");
    setIfAbsent("levelInBrackets", "false");
  }

  private static void setIfAbsent(String name, String value) {
    if (System.getProperty(PREFIX + name) == null) {
      System.setProperty(PREFIX + name, value);
    }
  }
}
