package dev.chatlog.config;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * The one reader of option and setting values: the {@code CHM_*} settings, the engine's {@code
 * engine.*} options and every store's options read their text through it, so that the same text
 * means the same thing everywhere (docs/configuration.md, "Values").
 *
 * <ul>
 *   <li>Durations follow {@link Durations}: {@code 500ms}, {@code 30s}, {@code 2m}, {@code 12h},
 *       {@code 7d}, {@code 2w} or ISO-8601 ({@code PT30S}, {@code P2W}); a bare number is refused.
 *   <li>Booleans are {@code true}, {@code yes}, {@code on}, {@code 1} or {@code false}, {@code no},
 *       {@code off}, {@code 0}, in any case.
 *   <li>Integers are whole decimal numbers within the range the getter names.
 *   <li>Choices match in any case and give back the spelling of the choice.
 * </ul>
 *
 * <p>Blanks around a value are ignored, and an empty value counts as unset. Every refusal is an
 * {@link InvalidInputException} in one format, {@code Cannot use <name> '<value>': <expected>},
 * where the name is {@code option s3.timeout} for an option and the variable that held it for a
 * setting ({@code CHM_SEARCH_HALF_LIFE}); the value of a secret-looking name ({@link
 * Redaction#isSecretName}) is shown as {@value Redaction#REDACTED}, and credentials in any value
 * are hidden ({@link Redaction#redact}).
 */
public final class Options {
  private static final String BOOLEAN = "expected true or false (also 1/0, yes/no, on/off)";

  private final Function<String, Optional<Value>> lookup;

  /**
   * One value to read.
   *
   * @param text the text to parse
   * @param name what messages call it: {@code option s3.timeout}, {@code CHM_READ_ONLY}
   * @param shown the text messages quote, such as the variable's text before interpolation
   */
  record Value(String text, String name, String shown) {}

  private Options(Function<String, Optional<Value>> lookup) {
    this.lookup = lookup;
  }

  /**
   * A reader of these options, every key of which must be one of {@code keys}.
   *
   * @throws InvalidInputException for the first unknown key (in key order), listing the valid ones
   */
  public static Options of(Map<String, String> options, Set<String> keys) {
    requireNonNull(options, "options is null");
    requireNonNull(keys, "keys is null");
    Map<String, String> copy = new TreeMap<>(options);
    for (Map.Entry<String, String> option : copy.entrySet()) {
      if (!keys.contains(option.getKey())) {
        throw invalid(
            "option " + option.getKey(),
            shown(option.getKey(), option.getValue()),
            "unknown option; valid options: " + String.join(", ", new TreeSet<>(keys)));
      }
    }
    return new Options(key -> optionValue(key, copy.get(key)));
  }

  /**
   * A reader of the options whose keys start with {@code prefix}, every one of which must be one of
   * {@code keys}; options of other prefixes belong to someone else and are left alone.
   *
   * @throws InvalidInputException for the first unknown key of the prefix, listing the valid ones
   */
  public static Options of(Map<String, String> options, String prefix, Set<String> keys) {
    requireNonNull(options, "options is null");
    requireNonNull(prefix, "prefix is null");
    Map<String, String> own = new TreeMap<>();
    options.forEach(
        (key, value) -> {
          if (key.startsWith(prefix)) {
            own.put(key, value);
          }
        });
    return of(own, keys);
  }

  /** A reader of values that {@code lookup} finds, each with its own name and shown text. */
  static Options named(Function<String, Optional<Value>> lookup) {
    return new Options(requireNonNull(lookup, "lookup is null"));
  }

  /** The text of an option, stripped; empty when unset or blank. */
  public Optional<String> string(String key) {
    return value(key).map(Value::text);
  }

  /** The text of an option, stripped, or {@code fallback} when unset or blank. */
  public String string(String key, String fallback) {
    return string(key).orElse(fallback);
  }

  /**
   * A boolean: {@code true}, {@code yes}, {@code on}, {@code 1} or {@code false}, {@code no},
   * {@code off}, {@code 0}, in any case; {@code fallback} when unset.
   */
  public boolean bool(String key, boolean fallback) {
    Optional<Value> found = value(key);
    if (found.isEmpty()) {
      return fallback;
    }
    return switch (found.get().text().toLowerCase(Locale.ROOT)) {
      case "true", "yes", "on", "1" -> true;
      case "false", "no", "off", "0" -> false;
      default -> throw invalid(found.get(), BOOLEAN);
    };
  }

  /** A whole number from {@code min} to {@code max}, or {@code fallback} when unset. */
  public int integer(String key, int min, int max, int fallback) {
    OptionalLong value = integer(key, (long) min, (long) max);
    return value.isPresent() ? (int) value.getAsLong() : fallback;
  }

  /** A whole number from {@code min} to {@code max}; empty when unset. */
  public OptionalLong integer(String key, long min, long max) {
    Optional<Value> found = value(key);
    if (found.isEmpty()) {
      return OptionalLong.empty();
    }
    try {
      long value = Long.parseLong(found.get().text());
      if (value >= min && value <= max) {
        return OptionalLong.of(value);
      }
    } catch (NumberFormatException e) {
      // reported below with the range
    }
    throw invalid(
        found.get(),
        max == Long.MAX_VALUE
            ? "expected a whole number of at least " + min
            : "expected a whole number from " + min + " to " + max);
  }

  /** A positive duration; empty when unset. */
  public Optional<Duration> duration(String key) {
    Optional<Value> found = value(key);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    Duration duration = parseDuration(found.get());
    if (duration.isNegative() || duration.isZero()) {
      throw invalid(found.get(), "expected a positive duration");
    }
    return Optional.of(duration);
  }

  /** A positive duration, or {@code fallback} when unset. */
  public Duration duration(String key, Duration fallback) {
    return duration(key).orElse(fallback);
  }

  /** A duration from {@code min} to {@code max}, or {@code fallback} when unset. */
  public Duration duration(String key, Duration min, Duration max, Duration fallback) {
    Optional<Value> found = value(key);
    if (found.isEmpty()) {
      return fallback;
    }
    Duration duration = parseDuration(found.get());
    if (duration.compareTo(min) < 0 || duration.compareTo(max) > 0) {
      throw invalid(
          found.get(),
          "expected a duration from " + Durations.format(min) + " to " + Durations.format(max));
    }
    return duration;
  }

  /** One of {@code choices}, matched in any case and spelled as the choice; empty when unset. */
  public Optional<String> oneOf(String key, List<String> choices) {
    Optional<Value> found = value(key);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    for (String choice : choices) {
      if (choice.equalsIgnoreCase(found.get().text())) {
        return Optional.of(choice);
      }
    }
    throw invalid(
        found.get(),
        choices.size() == 2
            ? "expected " + choices.get(0) + " or " + choices.get(1)
            : "expected one of " + String.join(", ", choices));
  }

  /** One of {@code choices} as {@link #oneOf(String, List)}, or {@code fallback} when unset. */
  public String oneOf(String key, List<String> choices, String fallback) {
    return oneOf(key, choices).orElse(fallback);
  }

  /**
   * A URI of one of {@code schemes} (in any case) with a host and without user-info, since
   * credentials never belong in an option; empty when unset.
   */
  public Optional<URI> uri(String key, Set<String> schemes) {
    Optional<Value> found = value(key);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    String example = new TreeSet<>(schemes).first() + "://host:port";
    String expected =
        "expected a " + String.join(" or ", new TreeSet<>(schemes)) + " URI such as " + example;
    URI uri;
    try {
      uri = new URI(found.get().text());
    } catch (URISyntaxException e) {
      throw invalid(found.get(), expected);
    }
    if (uri.getScheme() == null
        || !schemes.contains(uri.getScheme().toLowerCase(Locale.ROOT))
        || uri.getHost() == null) {
      throw invalid(found.get(), expected);
    }
    if (uri.getRawUserInfo() != null) {
      throw invalid(found.get(), "credentials do not belong in the URI");
    }
    return Optional.of(uri);
  }

  /** An absolute path, normalized; empty when unset. */
  public Optional<Path> path(String key) {
    Optional<Value> found = value(key);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    try {
      Path path = Path.of(found.get().text());
      if (path.isAbsolute()) {
        return Optional.of(path.normalize());
      }
    } catch (InvalidPathException e) {
      // reported below
    }
    throw invalid(found.get(), "expected an absolute path");
  }

  /**
   * A refusal of an option's value in the reader's format, for checks that only its owner knows (a
   * bucket's naming rules, a region): {@code Cannot use option s3.region 'EU': <detail>}.
   */
  public InvalidInputException invalid(String key, String detail) {
    return invalid(value(key).orElseGet(() -> optionValue(key, "").orElseThrow()), detail);
  }

  /** The one message format: {@code Cannot use <name> '<shown>': <detail>}, credentials hidden. */
  static InvalidInputException invalid(String name, String shown, String detail) {
    return new InvalidInputException(
        Redaction.redact("Cannot use " + name + " '" + shown + "': " + detail));
  }

  private static InvalidInputException invalid(Value value, String detail) {
    return invalid(value.name(), value.shown(), detail);
  }

  private Optional<Value> value(String key) {
    requireNonNull(key, "key is null");
    return lookup.apply(key).filter(v -> !v.text().isEmpty());
  }

  private static Optional<Value> optionValue(String key, String text) {
    if (text == null) {
      return Optional.empty();
    }
    String stripped = text.strip();
    return Optional.of(new Value(stripped, "option " + key, shown(key, stripped)));
  }

  private static String shown(String key, String text) {
    return Redaction.isSecretName(key) ? Redaction.REDACTED : text;
  }

  private static Duration parseDuration(Value value) {
    return Durations.read(value.text())
        .orElseThrow(() -> invalid(value, Durations.problem(value.text())));
  }
}
