package dev.chatlog.engine;

import static java.util.Objects.requireNonNull;

import dev.chatlog.config.Options;
import dev.chatlog.config.Settings;
import dev.chatlog.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * The validated settings of the engine shared by the blob stores, parsed once from the store's
 * options by the one options reader ({@link Options}).
 *
 * @param compactThreshold inbox size past which a save compacts the index
 * @param readThreads how many bodies are fetched at once
 * @param maxSegments segment count past which compaction merges segments
 * @param cacheFolder chatlog's folder in the user's cache, where a remote store keeps its local
 *     copies of index segments ({@link #segmentCacheFolder})
 */
public record EngineOptions(
    int compactThreshold, int readThreads, int maxSegments, Path cacheFolder) {
  /** Option key: inbox size past which a save compacts the index, 1 to 1,000,000. */
  public static final String COMPACT_THRESHOLD = "engine.compact-threshold";

  /** Option key: how many objects are read or written at once, 1 to 64. */
  public static final String READ_THREADS = "engine.read-threads";

  /** Option key: segment count past which compaction merges, 2 to 100,000. */
  public static final String MAX_SEGMENTS = "engine.max-segments";

  /**
   * Option key: an absolute folder for local copies; the command sets it to {@code
   * ${XDG_CACHE_HOME:-~/.cache}/chatlog}, and without it the folder is {@code .cache/chatlog} in
   * the {@code user.home} folder.
   */
  public static final String CACHE_FOLDER = "engine.cache-folder";

  /** Every {@code engine.*} key. */
  public static final Set<String> KEYS =
      Set.of(COMPACT_THRESHOLD, READ_THREADS, MAX_SEGMENTS, CACHE_FOLDER);

  private static final String PREFIX = "engine.";

  public EngineOptions {
    requireNonNull(cacheFolder, "cacheFolder is null");
  }

  /**
   * Reads the {@code engine.*} options; other keys belong to the blob provider and are ignored.
   *
   * @throws InvalidInputException for an unknown {@code engine.*} key or a bad value
   */
  public static EngineOptions parse(Map<String, String> options) {
    Options engine = Options.of(options, PREFIX, KEYS);
    return new EngineOptions(
        engine.integer(COMPACT_THRESHOLD, 1, 1_000_000, 256),
        engine.integer(READ_THREADS, 1, 64, 8),
        engine.integer(MAX_SEGMENTS, 2, 100_000, 64),
        engine.path(CACHE_FOLDER).orElseGet(() -> Settings.cacheFolder(Map.of())));
  }

  /**
   * The folder of one store's local copies of index segments: {@code segments/<hash of storeKey>}
   * in {@link #cacheFolder} ({@link SegmentCacheBlobStore}).
   *
   * @param storeKey what tells the store apart from every other (its location, and the endpoint
   *     when it has one)
   */
  public Path segmentCacheFolder(String storeKey) {
    return SegmentCacheBlobStore.folderFor(cacheFolder.resolve("segments"), storeKey);
  }
}
