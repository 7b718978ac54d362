package dev.chatlog.sqlite;

import dev.chatlog.config.Options;
import dev.chatlog.error.InvalidInputException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The settings of a SQLite store, parsed once from the store's option map by the one options reader
 * ({@link Options}).
 *
 * @param busyTimeout how long a write waits for another process's transaction to finish
 * @param synchronous SQLite's {@code synchronous} setting: {@code normal} (the default in WAL mode:
 *     durable across application crashes) or {@code full} (also across power loss)
 * @since 0.1.0
 */
public record SqliteOptions(Duration busyTimeout, String synchronous) {
  /**
   * Option key: how long to wait on a locked database, {@code 0s} to {@code 1d}, e.g. {@code 5s}.
   */
  public static final String BUSY_TIMEOUT = "sqlite.busy-timeout";

  /** Option key: {@code normal} or {@code full}. */
  public static final String SYNCHRONOUS = "sqlite.synchronous";

  /** Every option key a SQLite store accepts. */
  public static final Set<String> KEYS = Set.of(BUSY_TIMEOUT, SYNCHRONOUS);

  private static final Duration DEFAULT_BUSY_TIMEOUT = Duration.ofSeconds(10);
  private static final Duration MAX_BUSY_TIMEOUT = Duration.ofDays(1);

  /** The defaults: a 10 s busy timeout, {@code synchronous=normal}. */
  public static SqliteOptions defaults() {
    return new SqliteOptions(DEFAULT_BUSY_TIMEOUT, "normal");
  }

  /**
   * Parses options.
   *
   * @throws InvalidInputException naming key and value for a bad value or an unknown key
   */
  public static SqliteOptions parse(Map<String, String> options) {
    Options values = Options.of(options, KEYS);
    return new SqliteOptions(
        values.duration(BUSY_TIMEOUT, Duration.ZERO, MAX_BUSY_TIMEOUT, DEFAULT_BUSY_TIMEOUT),
        values.oneOf(SYNCHRONOUS, List.of("normal", "full"), "normal"));
  }
}
