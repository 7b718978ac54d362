package dev.chatlog.sqlite;

import dev.chatlog.error.InvalidInputException;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The settings of a SQLite store, parsed once from the store's option map.
 *
 * @param busyTimeout how long a write waits for another process's transaction to finish
 * @param synchronous SQLite's {@code synchronous} setting: {@code normal} (the default in WAL mode:
 *     durable across application crashes) or {@code full} (also across power loss)
 * @since 0.1.0
 */
public record SqliteOptions(Duration busyTimeout, String synchronous) {
  /** Option key: how long to wait on a locked database, e.g. {@code 5s}, {@code 500ms}. */
  public static final String BUSY_TIMEOUT = "sqlite.busy-timeout";

  /** Option key: {@code normal} or {@code full}. */
  public static final String SYNCHRONOUS = "sqlite.synchronous";

  /** Every option key a SQLite store accepts. */
  public static final Set<String> KEYS = Set.of(BUSY_TIMEOUT, SYNCHRONOUS);

  private static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);

  /** The defaults: a 10 s busy timeout, {@code synchronous=normal}. */
  public static SqliteOptions defaults() {
    return new SqliteOptions(DEFAULT_BUSY_TIMEOUT, "normal");
  }

  /** Parses options; a bad value is an {@link InvalidInputException} naming key and value. */
  public static SqliteOptions parse(Map<String, String> options) {
    Duration busy = DEFAULT_BUSY_TIMEOUT;
    String timeout = options.get(BUSY_TIMEOUT);
    if (timeout != null) {
      busy = duration(timeout.strip());
    }
    String sync = options.getOrDefault(SYNCHRONOUS, "normal").strip().toLowerCase(Locale.ROOT);
    if (!sync.equals("normal") && !sync.equals("full")) {
      throw new InvalidInputException(
          "Cannot use option "
              + SYNCHRONOUS
              + "='"
              + options.get(SYNCHRONOUS)
              + "': expected normal or full");
    }
    return new SqliteOptions(busy, sync);
  }

  private static Duration duration(String text) {
    try {
      Duration value;
      if (text.endsWith("ms")) {
        value = Duration.ofMillis(Long.parseLong(text.substring(0, text.length() - 2)));
      } else if (text.endsWith("s")) {
        value = Duration.ofSeconds(Long.parseLong(text.substring(0, text.length() - 1)));
      } else {
        value = Duration.ofMillis(Long.parseLong(text));
      }
      if (!value.isNegative() && value.toMillis() <= Integer.MAX_VALUE) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new InvalidInputException(
        "Cannot use option "
            + BUSY_TIMEOUT
            + "='"
            + text
            + "': expected a duration such as 5s, 500ms or a number of milliseconds");
  }
}
