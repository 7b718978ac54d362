package dev.chatlog.cli;

import dev.chatlog.config.Settings;

/**
 * Configures slf4j-simple through system properties, before the first logger is made: warnings and
 * errors on stderr by default, the level from {@code CHM_LOG_LEVEL} (or its legacy names).
 * Properties already set (with {@code -D}) win.
 */
final class LogSetup {
  private static final String PREFIX = "org.slf4j.simpleLogger.";

  /**
   * Names slf4j's provider, so that slf4j does not look for providers with a {@code ServiceLoader},
   * which opens every jar on the class path (a large part of a start with the cloud SDKs on it).
   */
  private static final String PROVIDER_PROPERTY = "slf4j.provider";

  private static final String SIMPLE_PROVIDER = "org.slf4j.simple.SimpleServiceProvider";

  /**
   * slf4j's own messages: only warnings (it tells at info level that it uses the named provider).
   */
  private static final String VERBOSITY_PROPERTY = "slf4j.internal.verbosity";

  private LogSetup() {}

  /**
   * Sets the logging properties that are not set already.
   *
   * @throws dev.chatlog.error.InvalidInputException when the level is not a known one
   */
  static void configure(Settings settings) {
    if (System.getProperty(PROVIDER_PROPERTY) == null) {
      System.setProperty(PROVIDER_PROPERTY, SIMPLE_PROVIDER);
      if (System.getProperty(VERBOSITY_PROPERTY) == null) {
        System.setProperty(VERBOSITY_PROPERTY, "WARN");
      }
    }
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
