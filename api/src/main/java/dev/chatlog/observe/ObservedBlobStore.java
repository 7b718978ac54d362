package dev.chatlog.observe;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobPage;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import java.util.Collection;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

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
    return observed("read", () -> store.get(key), ObservedBlobStore::found);
  }

  @Override
  public Optional<Blob> getRange(String key, long offset, int length) {
    return observed("read", () -> store.getRange(key, offset, length), ObservedBlobStore::found);
  }

  @Override
  public String put(String key, byte[] data, PutCondition condition) {
    return observed("write", () -> store.put(key, data, condition), version -> "ok");
  }

  @Override
  public BlobPage list(String prefix, String startAfter, int pageSize) {
    return observed("list", () -> store.list(prefix, startAfter, pageSize), page -> "ok");
  }

  @Override
  public void delete(String key) {
    observed("delete", () -> run(() -> store.delete(key)), none -> "ok");
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    observed("delete", () -> run(() -> store.deleteAll(keys)), none -> "ok");
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

  /** Runs one call and tells the observer its operation, duration and outcome. */
  private <T> T observed(String operation, Supplier<T> call, Function<T, String> outcome) {
    long start = System.nanoTime();
    try {
      T result = call.get();
      observer.remoteRequest(scheme, operation, System.nanoTime() - start, outcome.apply(result));
      return result;
    } catch (RuntimeException e) {
      observer.remoteRequest(scheme, operation, System.nanoTime() - start, outcome(e));
      throw e;
    }
  }

  private static Void run(Runnable call) {
    call.run();
    return null;
  }

  private static String found(Optional<Blob> blob) {
    return blob.isPresent() ? "ok" : "not_found";
  }

  private static String outcome(RuntimeException e) {
    return e instanceof PreconditionFailedException ? "precondition_failed" : "error";
  }
}
