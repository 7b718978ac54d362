package dev.chatlog.cli;

import dev.chatlog.config.TimeSpecs;
import java.time.Clock;
import java.time.Instant;

/** Reads the times of {@code --since} and {@code --until}. */
final class TimeSpec {
  private TimeSpec() {}

  /** An ISO-8601 date or instant, or an age such as {@code 7d} counted back from now. */
  static Instant parse(String text, Clock clock) {
    return TimeSpecs.parse(text, clock);
  }
}
