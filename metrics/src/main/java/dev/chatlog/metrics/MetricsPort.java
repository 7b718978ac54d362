package dev.chatlog.metrics;

import dev.chatlog.error.InvalidInputException;

/** Reads the value of a {@code --metrics-port} option. */
public final class MetricsPort {
  /** The highest TCP port. */
  public static final int MAX = 65_535;

  private MetricsPort() {}

  /**
   * The port a value names: a whole number from 1 to {@value #MAX}.
   *
   * @param option the option's name, for the message
   * @throws InvalidInputException (exit code 2) naming the option and the value otherwise
   */
  public static int parse(String option, String value) {
    String text = value == null ? "" : value.strip();
    int port;
    try {
      port = Integer.parseInt(text);
    } catch (NumberFormatException e) {
      port = -1;
    }
    if (port < 1 || port > MAX) {
      throw new InvalidInputException(
          "Cannot use " + option + " '" + value + "': expected a port from 1 to " + MAX);
    }
    return port;
  }
}
