package dev.chatlog.testing;

import static java.util.Objects.requireNonNull;

import dev.chatlog.ChatLog;
import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobInfo;
import dev.chatlog.spi.BlobPage;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import java.net.URI;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A {@link BlobStore} in memory, for tests: thread-safe, honouring every sentence of the BlobStore
 * contract (key syntax, create-only and if-version puts, atomic objects, opaque versions, sorted
 * paged listing, idempotent delete). Its data outlives {@link #close()}, like a server's, so that a
 * second store can be opened on it.
 */
public final class MemoryBlobStore implements BlobStore {
  private static final AtomicLong STORES = new AtomicLong();

  private final ConcurrentSkipListMap<String, Stored> objects = new ConcurrentSkipListMap<>();
  private final AtomicLong versions = new AtomicLong();
  private final String location = "memory://store-" + STORES.incrementAndGet();

  private record Stored(byte[] data, String version) {}

  /** A {@link ChatLog} with default settings over the blob layout in a new memory store. */
  public static ChatLog newChatLog() {
    return ChatLog.over(
        BlobChunkStore.open(new MemoryBlobStore(), Map.of()),
        ChatLogConfig.forStore(URI.create("memory:/")));
  }

  @Override
  public Optional<Blob> get(String key) {
    checkKey(key);
    Stored stored = objects.get(key);
    return stored == null
        ? Optional.empty()
        : Optional.of(new Blob(stored.data().clone(), stored.version()));
  }

  @Override
  public Optional<Blob> getRange(String key, long offset, int length) {
    checkKey(key);
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException("negative offset or length: " + offset + ", " + length);
    }
    Stored stored = objects.get(key);
    if (stored == null) {
      return Optional.empty();
    }
    int from = (int) Math.min(offset, stored.data().length);
    int to = (int) Math.min((long) from + length, stored.data().length);
    return Optional.of(new Blob(Arrays.copyOfRange(stored.data(), from, to), stored.version()));
  }

  @Override
  public String put(String key, byte[] data, PutCondition condition) {
    checkKey(key);
    requireNonNull(data, "data is null");
    requireNonNull(condition, "condition is null");
    Stored next = new Stored(data.clone(), "v" + versions.incrementAndGet());
    if (condition instanceof PutCondition.IfVersion ifVersion) {
      Stored replaced =
          objects.computeIfPresent(
              key, (k, current) -> current.version().equals(ifVersion.version()) ? next : current);
      if (replaced != next) {
        throw new PreconditionFailedException(
            "Cannot put "
                + key
                + " in "
                + location
                + ": version "
                + ifVersion.version()
                + " is gone");
      }
    } else if (objects.putIfAbsent(key, next) != null) {
      throw new PreconditionFailedException(
          "Cannot put " + key + " in " + location + ": it already exists");
    }
    return next.version();
  }

  @Override
  public BlobPage list(String prefix, String startAfter, int pageSize) {
    requireNonNull(prefix, "prefix is null");
    if (pageSize < 1) {
      throw new IllegalArgumentException("pageSize must be at least 1: " + pageSize);
    }
    NavigableMap<String, Stored> tail =
        startAfter == null ? objects.tailMap(prefix, true) : objects.tailMap(startAfter, false);
    List<BlobInfo> page = new ArrayList<>();
    boolean more = false;
    for (Map.Entry<String, Stored> entry : tail.entrySet()) {
      String key = entry.getKey();
      if (!key.startsWith(prefix)) {
        if (key.compareTo(prefix) > 0) {
          break;
        }
        continue;
      }
      if (page.size() == pageSize) {
        more = true;
        break;
      }
      page.add(new BlobInfo(key, entry.getValue().data().length, entry.getValue().version()));
    }
    Optional<String> next = more ? Optional.of(page.get(page.size() - 1).key()) : Optional.empty();
    return new BlobPage(page, next);
  }

  @Override
  public void delete(String key) {
    checkKey(key);
    objects.remove(key);
  }

  @Override
  public String location() {
    return location;
  }

  /** Keeps the data: a store opened again on this object sees it. */
  @Override
  public void close() {}

  /** Every key, in order (for tests that inspect the layout). */
  public List<String> keys() {
    return List.copyOf(objects.keySet());
  }

  private static void checkKey(String key) {
    requireNonNull(key, "key is null");
    if (key.isEmpty() || key.startsWith("/") || key.endsWith("/")) {
      throw new IllegalArgumentException("Bad key '" + key + "'");
    }
    for (int i = 0; i < key.length(); i++) {
      char c = key.charAt(i);
      boolean ok =
          (c >= 'a' && c <= 'z')
              || (c >= 'A' && c <= 'Z')
              || (c >= '0' && c <= '9')
              || c == '.'
              || c == '_'
              || c == '/'
              || c == '-';
      if (!ok) {
        throw new IllegalArgumentException("Bad key '" + key + "': character '" + c + "'");
      }
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException("Bad key '" + key + "': segment '" + segment + "'");
      }
    }
  }
}
