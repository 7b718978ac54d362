package dev.chatlog.engine;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * Segments read or written by one engine, kept by name (segments never change) up to a number of
 * bytes, least recently used out first: a long-running application that embeds the library keeps
 * what it reads often, not every segment it ever read. Thread-safe.
 */
final class SegmentCache {
  /** What the cache holds at most, by {@link SegmentRecords#weight()}. */
  static final long DEFAULT_BYTES = 64L << 20;

  private final long maxBytes;
  private final LinkedHashMap<String, SegmentRecords> segments =
      new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  SegmentCache(long maxBytes) {
    this.maxBytes = maxBytes;
  }

  /** The cached segment, or the one {@code load} reads (and caches); empty when there is none. */
  Optional<SegmentRecords> get(String name, Function<String, Optional<SegmentRecords>> load) {
    synchronized (this) {
      SegmentRecords cached = segments.get(name);
      if (cached != null) {
        return Optional.of(cached);
      }
    }
    Optional<SegmentRecords> loaded = load.apply(name);
    loaded.ifPresent(segment -> put(name, segment));
    return loaded;
  }

  synchronized void put(String name, SegmentRecords segment) {
    SegmentRecords old = segments.put(name, segment);
    bytes += segment.weight() - (old == null ? 0 : old.weight());
    var eldest = segments.entrySet().iterator();
    while (bytes > maxBytes && segments.size() > 1 && eldest.hasNext()) {
      Map.Entry<String, SegmentRecords> entry = eldest.next();
      bytes -= entry.getValue().weight();
      eldest.remove();
    }
  }

  synchronized void remove(String name) {
    SegmentRecords old = segments.remove(name);
    if (old != null) {
      bytes -= old.weight();
    }
  }

  /** The bytes held, by weight. */
  synchronized long bytes() {
    return bytes;
  }
}
