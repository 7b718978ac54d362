package dev.chatlog.engine;

import dev.chatlog.error.InvalidInputException;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The validated settings of a {@link BlobChunkStore}, parsed once from the store's options.
 *
 * @param compactThreshold inbox size past which a save compacts the index
 * @param readThreads how many bodies are fetched at once
 * @param maxSegments segment count past which compaction merges every segment into one
 */
record EngineOptions(int compactThreshold, int readThreads, int maxSegments) {
  static final String COMPACT_THRESHOLD = "engine.compact-threshold";
  static final String READ_THREADS = "engine.read-threads";
  static final String MAX_SEGMENTS = "engine.max-segments";
  static final Set<String> KEYS = Set.of(COMPACT_THRESHOLD, READ_THREADS, MAX_SEGMENTS);
  private static final String PREFIX = "engine.";

  /**
   * Reads the {@code engine.*} options; other keys belong to the blob provider and are ignored.
   *
   * @throws InvalidInputException for an unknown {@code engine.*} key or a bad value
   */
  static EngineOptions parse(Map<String, String> options) {
    for (String key : options.keySet()) {
      if (key.startsWith(PREFIX) && !KEYS.contains(key)) {
        throw new InvalidInputException(
            "Cannot use option '" + key + "': expected one of " + new TreeSet<>(KEYS));
      }
    }
    return new EngineOptions(
        intOption(options, COMPACT_THRESHOLD, 256, 1, 1_000_000),
        intOption(options, READ_THREADS, 8, 1, 64),
        intOption(options, MAX_SEGMENTS, 64, 2, 100_000));
  }

  private static int intOption(
      Map<String, String> options, String key, int fallback, int min, int max) {
    String text = options.get(key);
    if (text == null) {
      return fallback;
    }
    try {
      int value = Integer.parseInt(text.strip());
      if (value >= min && value <= max) {
        return value;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw new InvalidInputException(
        "Cannot use option "
            + key
            + "='"
            + text
            + "': expected a whole number from "
            + min
            + " to "
            + max);
  }
}
