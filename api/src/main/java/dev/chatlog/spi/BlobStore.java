package dev.chatlog.spi;

import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.error.StorageException;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/**
 * A flat store of immutable-by-convention objects under string keys: the small SPI that an
 * object-like backend implements so that the shared engine ({@code BlobChunkStore}) runs on it.
 *
 * <p>Keep this interface minimal. Its contract, which {@code BlobStoreContract} tests sentence by
 * sentence:
 *
 * <ul>
 *   <li>Keys are non-empty strings of {@code [A-Za-z0-9._/-]} that neither start nor end with
 *       {@code /} and hold no empty or {@code .}/{@code ..} segment; other keys are rejected with
 *       {@link IllegalArgumentException}. Keys are compared as strings (UTF-16 order equals byte
 *       order for this alphabet).
 *   <li>There is no unconditional write. A put is either create-only or replace-if-version-matches,
 *       and a failed precondition is always {@link PreconditionFailedException}, whatever the
 *       backend. A put is atomic: readers see the whole old object or the whole new one, never part
 *       of one.
 *   <li>Versions are opaque, non-empty strings; a successful put returns the new version, and a
 *       later {@link #get} returns the same version until the object is replaced or deleted.
 *   <li>Missing objects are never {@code null}: reads return {@link Optional#empty()}.
 *   <li>Every other failure is a {@link StorageException} whose {@link
 *       StorageException#retryable()} says whether trying again may help.
 * </ul>
 *
 * @since 0.1.0
 */
public interface BlobStore extends AutoCloseable {

  /** Reads a whole object; empty when there is no object under the key. */
  Optional<Blob> get(String key);

  /**
   * Reads {@code length} bytes from {@code offset}, with the version of the whole object. A range
   * that runs past the end is cut at the end; an offset at or past the end gives zero bytes. Empty
   * when there is no object. The engine reads one byte of the manifest this way to learn whether
   * the manifest it holds is still the current one, without reading it again.
   */
  Optional<Blob> getRange(String key, long offset, int length);

  /**
   * Writes an object under the precondition and returns its new version.
   *
   * @throws PreconditionFailedException when {@link PutCondition#createOnly()} finds an object
   *     under the key, or {@link PutCondition#ifVersion(String)} finds none or another version
   */
  String put(String key, byte[] data, PutCondition condition);

  /**
   * Lists objects whose key starts with {@code prefix} (plain string prefix, no delimiter), in
   * ascending key order, beginning after {@code startAfter} (exclusive; {@code null} from the
   * first), at most {@code pageSize} per page ({@code pageSize >= 1}).
   */
  BlobPage list(String prefix, String startAfter, int pageSize);

  /** Deletes an object. Deleting a missing key is not an error: delete is idempotent. */
  void delete(String key);

  /**
   * Deletes several objects, each as {@link #delete} would. A store may make the deletes durable
   * together (a file store syncs each folder once) rather than one by one; a crash part-way leaves
   * some of the objects deleted and the rest in place.
   */
  default void deleteAll(Collection<String> keys) {
    keys.forEach(this::delete);
  }

  /** Where this store is, for messages: a URI without credentials. */
  String location();

  /**
   * Whether reads are served from this machine (a file system), so that a handful of objects is
   * read faster one after another than by handing them to other threads: the engine then reads them
   * in turn on the calling thread, and keeps threads for bulk work. False unless a store says so.
   */
  default boolean isLocal() {
    return false;
  }

  /** Lists every object under the prefix, following pages. */
  default List<BlobInfo> listAll(String prefix, String startAfter) {
    List<BlobInfo> all = new ArrayList<>();
    String after = startAfter;
    while (true) {
      BlobPage page = list(prefix, after, 1000);
      all.addAll(page.blobs());
      if (page.next().isEmpty()) {
        return all;
      }
      after = page.next().get();
    }
  }

  /** Releases clients and connections. */
  @Override
  void close();
}
