package dev.chatlog.testing;

import static java.util.Objects.requireNonNull;

import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobPage;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * A {@link BlobStore} decorator that counts calls by kind and remembers every put, so that tests
 * can assert what an operation costs (calls, not time). Thread-safe.
 */
public final class CountingBlobStore implements BlobStore {
  /** The kinds of call counted. */
  public enum Kind {
    GET,
    GET_RANGE,
    PUT,
    LIST,
    DELETE
  }

  /** One put: its key and precondition. */
  public record Put(String key, PutCondition condition) {}

  private final BlobStore delegate;
  private final Map<Kind, Long> counts = new EnumMap<>(Kind.class);
  private final List<Put> puts = new ArrayList<>();

  public CountingBlobStore(BlobStore delegate) {
    this.delegate = requireNonNull(delegate, "delegate is null");
  }

  /** How many calls of this kind were made since creation or the last {@link #reset()}. */
  public synchronized long count(Kind kind) {
    return counts.getOrDefault(kind, 0L);
  }

  /** Every put since creation or the last {@link #reset()}, in order. */
  public synchronized List<Put> puts() {
    return List.copyOf(puts);
  }

  /** Forgets every count and put. */
  public synchronized void reset() {
    counts.clear();
    puts.clear();
  }

  private synchronized void count(Kind kind, Put put) {
    counts.merge(kind, 1L, Long::sum);
    if (put != null) {
      puts.add(put);
    }
  }

  @Override
  public Optional<Blob> get(String key) {
    count(Kind.GET, null);
    return delegate.get(key);
  }

  @Override
  public Optional<Blob> getRange(String key, long offset, int length) {
    count(Kind.GET_RANGE, null);
    return delegate.getRange(key, offset, length);
  }

  @Override
  public String put(String key, byte[] data, PutCondition condition) {
    count(Kind.PUT, new Put(key, condition));
    return delegate.put(key, data, condition);
  }

  @Override
  public BlobPage list(String prefix, String startAfter, int pageSize) {
    count(Kind.LIST, null);
    return delegate.list(prefix, startAfter, pageSize);
  }

  @Override
  public void delete(String key) {
    count(Kind.DELETE, null);
    delegate.delete(key);
  }

  @Override
  public String location() {
    return delegate.location();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
