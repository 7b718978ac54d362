package dev.chatlog.config;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;

/**
 * Parses the points in time of {@code --since} and {@code --until}: a date ({@code 2026-11-01}, the
 * start of that day in the clock's zone), a date and time with an offset ({@code
 * 2026-11-01T10:00:00Z}, {@code 2026-11-01T12:00:00+02:00}), a local date and time ({@code
 * 2026-11-01T10:00}, in the clock's zone), or an age ({@code 7d}, {@code 12h}: that long before the
 * clock's now).
 *
 * @since 0.1.0
 */
public final class TimeSpecs {
  private TimeSpecs() {}

  /**
   * Parses a point in time.
   *
   * @throws InvalidInputException naming the value when it is none of the accepted forms
   */
  public static Instant parse(String text, Clock clock) {
    requireNonNull(text, "text is null");
    requireNonNull(clock, "clock is null");
    String value = text.strip();
    Optional<java.time.Duration> age = Durations.tryParse(value);
    if (age.isPresent()) {
      return clock.instant().minus(age.get());
    }
    try {
      if (value.length() == 10) {
        return LocalDate.parse(value).atStartOfDay(clock.getZone()).toInstant();
      }
      if (value.endsWith("Z") || value.endsWith("z") || hasOffset(value)) {
        return OffsetDateTime.parse(value.replace('z', 'Z')).toInstant();
      }
      return LocalDateTime.parse(value).atZone(clock.getZone()).toInstant();
    } catch (DateTimeParseException e) {
      throw new InvalidInputException(
          "Cannot parse time '"
              + text
              + "': expected a date (2026-11-01), a time (2026-11-01T10:00:00Z) or an age (7d,"
              + " 12h)",
          e);
    }
  }

  private static boolean hasOffset(String value) {
    int t = value.indexOf('T');
    return t > 0 && (value.indexOf('+', t) > 0 || value.indexOf('-', t) > 0);
  }
}
