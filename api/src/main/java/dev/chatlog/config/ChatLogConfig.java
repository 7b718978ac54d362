package dev.chatlog.config;

import static java.util.Objects.requireNonNull;

import java.net.URI;
import java.time.Duration;
import java.util.Collections;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;

/**
 * The validated configuration of one {@code ChatLog}; {@link Settings} builds it from the
 * environment.
 *
 * @param store the store URI, without query
 * @param storeOptions options for the store's provider, keys such as {@code s3.region}
 * @param readOnly whether every mutating call is refused
 * @param chunkMaxChars longest chunk body in Unicode code points; longer content is split
 * @param searchHalfLife recency half-life of balanced search ranking
 * @param retentionMaxChunks most chunks retention keeps, if limited
 * @param retentionMaxAge oldest chunk age retention keeps, if limited
 * @since 0.1.0
 */
public record ChatLogConfig(
    URI store,
    Map<String, String> storeOptions,
    boolean readOnly,
    int chunkMaxChars,
    Duration searchHalfLife,
    OptionalLong retentionMaxChunks,
    Optional<Duration> retentionMaxAge) {

  /** Default of {@link #chunkMaxChars()}. */
  public static final int DEFAULT_CHUNK_MAX_CHARS = 16_000;

  /** Default of {@link #searchHalfLife()}. */
  public static final Duration DEFAULT_SEARCH_HALF_LIFE = Duration.ofDays(30);

  public ChatLogConfig {
    requireNonNull(store, "store is null");
    requireNonNull(searchHalfLife, "searchHalfLife is null");
    requireNonNull(retentionMaxChunks, "retentionMaxChunks is null");
    requireNonNull(retentionMaxAge, "retentionMaxAge is null");
    storeOptions = Collections.unmodifiableMap(new TreeMap<>(storeOptions));
    if (chunkMaxChars < 1) {
      throw new IllegalArgumentException("chunkMaxChars must be at least 1: " + chunkMaxChars);
    }
    if (searchHalfLife.isNegative() || searchHalfLife.isZero()) {
      throw new IllegalArgumentException("searchHalfLife must be positive: " + searchHalfLife);
    }
  }

  /** A configuration of this store with no options and defaults for everything else. */
  public static ChatLogConfig forStore(URI store) {
    return new ChatLogConfig(
        store,
        Map.of(),
        false,
        DEFAULT_CHUNK_MAX_CHARS,
        DEFAULT_SEARCH_HALF_LIFE,
        OptionalLong.empty(),
        Optional.empty());
  }

  /** This configuration with read-only mode set as given. */
  public ChatLogConfig withReadOnly(boolean value) {
    return new ChatLogConfig(
        store,
        storeOptions,
        value,
        chunkMaxChars,
        searchHalfLife,
        retentionMaxChunks,
        retentionMaxAge);
  }

  /** This configuration with another chunk limit. */
  public ChatLogConfig withChunkMaxChars(int value) {
    return new ChatLogConfig(
        store, storeOptions, readOnly, value, searchHalfLife, retentionMaxChunks, retentionMaxAge);
  }

  /**
   * This configuration with the retention applied after each save: at most {@code maxChunks}
   * chunks, none older than {@code maxAge}; empty for no limit.
   */
  public ChatLogConfig withRetention(OptionalLong maxChunks, Optional<Duration> maxAge) {
    return new ChatLogConfig(
        store, storeOptions, readOnly, chunkMaxChars, searchHalfLife, maxChunks, maxAge);
  }

  /** This configuration with another store and its options. */
  public ChatLogConfig withStore(URI value, Map<String, String> options) {
    return new ChatLogConfig(
        value,
        options,
        readOnly,
        chunkMaxChars,
        searchHalfLife,
        retentionMaxChunks,
        retentionMaxAge);
  }
}
