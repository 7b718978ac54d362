package dev.chatlog.observe;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobPage;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import java.util.Collection;
import java.util.Optional;

/**
 * A {@link BlobStore} that tells an observer about every call it passes to a remote store ({@link
 * ChatLogObserver#remoteRequest}): the operation ({@code read}, {@code write}, {@code list}, {@code
 * delete}), how long it took, retries inside the store included, and its outcome ({@code ok},
 * {@code not_found}, {@code precondition_failed} or {@code error}).
 */
public final class ObservedBlobStore implements BlobStore {
  private final BlobStore store;
  private final String scheme;
  private final ChatLogObserver observer;

  private ObservedBlobStore(BlobStore store, String scheme, ChatLogObserver observer) {
    this.store = store;
    this.scheme = scheme;
    this.observer = observer;
  }

  /**
   * The store, observed; the store itself when the observer is {@link ChatLogObserver#NONE}.
   *
   * @param scheme the store's URI scheme, which the observer is told: {@code s3}, {@code gs}
   */
  public static BlobStore of(BlobStore store, String scheme, ChatLogObserver observer) {
    requireNonNull(store, "store is null");
    requireNonNull(scheme, "scheme is null");
    requireNonNull(observer, "observer is null");
    return observer == ChatLogObserver.NONE
        ? store
        : new ObservedBlobStore(store, scheme, observer);
  }

  @Override
  public Optional<Blob> get(String key) {
    long start = System.nanoTime();
    try {
      Optional<Blob> blob = store.get(key);
      report("read", start, blob.isPresent() ? "ok" : "not_found");
      return blob;
    } catch (RuntimeException e) {
      report("read", start, outcome(e));
      throw e;
    }
  }

  @Override
  public Optional<Blob> getRange(String key, long offset, int length) {
    long start = System.nanoTime();
    try {
      Optional<Blob> blob = store.getRange(key, offset, length);
      report("read", start, blob.isPresent() ? "ok" : "not_found");
      return blob;
    } catch (RuntimeException e) {
      report("read", start, outcome(e));
      throw e;
    }
  }

  @Override
  public String put(String key, byte[] data, PutCondition condition) {
    long start = System.nanoTime();
    try {
      String version = store.put(key, data, condition);
      report("write", start, "ok");
      return version;
    } catch (RuntimeException e) {
      report("write", start, outcome(e));
      throw e;
    }
  }

  @Override
  public BlobPage list(String prefix, String startAfter, int pageSize) {
    long start = System.nanoTime();
    try {
      BlobPage page = store.list(prefix, startAfter, pageSize);
      report("list", start, "ok");
      return page;
    } catch (RuntimeException e) {
      report("list", start, outcome(e));
      throw e;
    }
  }

  @Override
  public void delete(String key) {
    long start = System.nanoTime();
    try {
      store.delete(key);
      report("delete", start, "ok");
    } catch (RuntimeException e) {
      report("delete", start, outcome(e));
      throw e;
    }
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    long start = System.nanoTime();
    try {
      store.deleteAll(keys);
      report("delete", start, "ok");
    } catch (RuntimeException e) {
      report("delete", start, outcome(e));
      throw e;
    }
  }

  @Override
  public void deleteIfVersion(String key, String version) {
    long start = System.nanoTime();
    try {
      store.deleteIfVersion(key, version);
      report("delete", start, "ok");
    } catch (RuntimeException e) {
      report("delete", start, outcome(e));
      throw e;
    }
  }

  @Override
  public String location() {
    return store.location();
  }

  @Override
  public boolean isLocal() {
    return store.isLocal();
  }

  @Override
  public void close() {
    store.close();
  }

  private void report(String operation, long start, String outcome) {
    observer.remoteRequest(scheme, operation, System.nanoTime() - start, outcome);
  }

  private static String outcome(RuntimeException e) {
    return e instanceof PreconditionFailedException ? "precondition_failed" : "error";
  }
}
