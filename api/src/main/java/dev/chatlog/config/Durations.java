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
 * The one grammar of durations, for every option, setting and command-line value: a whole number
 * with a unit, {@code ms}, {@code s}, {@code m}, {@code h}, {@code d} or {@code w} ({@code 500ms},
 * {@code 30s}, {@code 2m}, {@code 12h}, {@code 7d}, {@code 2w}), or ISO-8601 ({@code PT30S}, {@code
 * P2W}); units in any case, blanks around the text ignored. A bare number is no duration: it is
 * refused with a message that asks for a unit, because it has meant seconds to some and
 * milliseconds to others.
 *
 * @since 0.1.0
 */
public final class Durations {
  /** What a valid duration looks like, for error messages. */
  static final String EXPECTED = "expected a duration such as 500ms, 30s, 2m, 12h, 7d or PT30S";

  private static final Pattern SHORT = Pattern.compile("(\\d{1,12})\\s*(ms|s|m|h|d|w)");
  private static final Pattern BARE = Pattern.compile("\\d+");
  private static final Pattern WEEKS = Pattern.compile("([+-]?)P(\\d{1,12})W");

  private Durations() {}

  /**
   * Parses a positive duration, such as {@code prune --max-age}.
   *
   * @throws InvalidInputException naming the value when it is not a positive duration
   */
  public static Duration parse(String text) {
    requireNonNull(text, "text is null");
    Optional<Duration> duration = read(text);
    if (duration.isEmpty()) {
      throw new InvalidInputException("Cannot parse duration '" + text + "': " + problem(text));
    }
    if (!isPositive(duration.get())) {
      throw new InvalidInputException(
          "Cannot parse duration '" + text + "': expected a positive duration");
    }
    return duration.get();
  }

  /** The positive duration the text spells, or empty when it spells none. */
  static Optional<Duration> tryParse(String text) {
    return read(text).filter(Durations::isPositive);
  }

  /**
   * The duration the text spells in this grammar, zero and negative ISO-8601 durations included, or
   * empty when it is none.
   */
  static Optional<Duration> read(String text) {
    String value = text.strip().toLowerCase(Locale.ROOT);
    Matcher matcher = SHORT.matcher(value);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      return Optional.of(
          switch (matcher.group(2)) {
            case "ms" -> Duration.ofMillis(amount);
            case "s" -> Duration.ofSeconds(amount);
            case "m" -> Duration.ofMinutes(amount);
            case "h" -> Duration.ofHours(amount);
            case "d" -> Duration.ofDays(amount);
            default -> Duration.ofDays(amount * 7);
          });
    }
    String iso = value.toUpperCase(Locale.ROOT);
    if (iso.startsWith("P") || iso.startsWith("-P") || iso.startsWith("+P")) {
      return iso(iso);
    }
    return Optional.empty();
  }

  /** What is wrong with a text that {@link #read} refuses, for the message that names it. */
  static String problem(String text) {
    String value = text.strip();
    return BARE.matcher(value).matches()
        ? "a duration needs a unit, such as " + value + "s or " + value + "ms"
        : EXPECTED;
  }

  /**
   * Formats a duration in this grammar, the shortest way: {@code 30d}, {@code 36h}, {@code 90m},
   * {@code 61s}, {@code 500ms}; ISO-8601 for anything finer.
   */
  static String format(Duration duration) {
    if (duration.isZero()) {
      return "0s";
    }
    long seconds = duration.getSeconds();
    int nanos = duration.getNano();
    if (nanos != 0) {
      return nanos % 1_000_000 == 0 && !duration.isNegative()
          ? duration.toMillis() + "ms"
          : duration.toString();
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

  private static Optional<Duration> iso(String text) {
    // Duration.parse reads days at most; weeks (P2W) are ISO-8601 too.
    Matcher weeks = WEEKS.matcher(text);
    if (weeks.matches()) {
      Duration duration = Duration.ofDays(Long.parseLong(weeks.group(2)) * 7);
      return Optional.of(weeks.group(1).equals("-") ? duration.negated() : duration);
    }
    try {
      return Optional.of(Duration.parse(text));
    } catch (DateTimeParseException e) {
      return Optional.empty();
    }
  }

  private static boolean isPositive(Duration duration) {
    return !duration.isNegative() && !duration.isZero();
  }
}
