package dev.chatlog.config;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.InvalidInputException;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the positive durations users type: a whole number with a unit ({@code 30s}, {@code 90m},
 * {@code 12h}, {@code 7d}, {@code 2w}) or ISO-8601 ({@code PT1H}, {@code P3D}).
 *
 * @since 0.1.0
 */
public final class Durations {
  /** What a valid duration looks like, for error messages. */
  static final String EXPECTED =
      "expected a positive number with s, m, h, d or w (90m, 12h, 7d) or ISO-8601 (PT1H)";

  private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*([smhdw])");

  private Durations() {}

  /**
   * Parses a positive duration.
   *
   * @throws InvalidInputException naming the value when it is not a positive duration
   */
  public static Duration parse(String text) {
    requireNonNull(text, "text is null");
    return tryParse(text)
        .orElseThrow(
            () -> new InvalidInputException("Cannot parse duration '" + text + "': " + EXPECTED));
  }

  /** The duration, or empty when the text is not a positive duration. */
  static Optional<Duration> tryParse(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    Matcher matcher = SHORT.matcher(value);
    Duration duration;
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      duration =
          switch (matcher.group(2)) {
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(amount * 7);
          };
    } else if (value.startsWith("p")) {
      try {
        duration = Duration.parse(value.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        return Optional.empty();
      }
    } else {
      return Optional.empty();
    }
    return duration.isNegative() || duration.isZero() ? Optional.empty() : Optional.of(duration);
  }

  /** Formats a duration the short way when it is a whole number of days, hours or minutes. */
  static String format(Duration duration) {
    long seconds = duration.getSeconds();
    if (duration.getNano() != 0) {
      return duration.toString();
    }
    if (seconds % 86_400 == 0) {
      return seconds / 86_400 + "d";
    }
    if (seconds % 3_600 == 0) {
      return seconds / 3_600 + "h";
    }
    if (seconds % 60 == 0) {
      return seconds / 60 + "m";
    }
    return seconds + "s";
  }
}
