package dev.chatlog.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.chatlog.config.OwnerOnly;
import dev.chatlog.config.Settings;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobPage;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * A {@link BlobStore} decorator that keeps a local copy of every index segment ({@code
 * index/segments/<name>}) it reads or writes, so that a new process on a remote store (S3, GCS)
 * downloads a segment once per machine, not once per command. Segments are immutable and uniquely
 * named, so a copy is trusted for as long as it exists.
 *
 * <ul>
 *   <li>{@link #get} of a segment is served from its local copy when there is one; otherwise it is
 *       read from the store and then copied locally.
 *   <li>A {@link #put} of a segment that succeeds also copies its bytes locally; {@link #delete},
 *       {@link #deleteAll} remove the local copy after the store's.
 *   <li>Every other call, and every call on another key, goes to the store unchanged.
 * </ul>
 *
 * <p>A copy is one file per segment in a folder of its own per store, written to a temporary file
 * and renamed into place, so a crash never leaves a short copy; folders are created owner-only
 * ({@code 0700}) and files {@code 0600} on POSIX. A copy holds the object's version on its first
 * line, then the segment's bytes. The cache never fails a call: a copy that cannot be written or
 * read is logged at DEBUG and the store answers instead.
 *
 * @since 0.1.0
 */
public final class SegmentCacheBlobStore implements BlobStore {
  private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]*");
  private static final String TEMP_PREFIX = ".tmp-";

  private final BlobStore delegate;
  private final Path folder;

  /**
   * Caches the segments of {@code delegate} in {@code folder}, which is created on the first copy.
   * The decorator owns the delegate and closes it.
   */
  public SegmentCacheBlobStore(BlobStore delegate, Path folder) {
    this.delegate = requireNonNull(delegate, "delegate is null");
    this.folder = requireNonNull(folder, "folder is null");
  }

  /**
   * Caches the segments of {@code delegate} in the user's cache folder: {@code
   * ${XDG_CACHE_HOME:-~/.cache}/chatlog/segments/<hash of storeKey>/}.
   *
   * @param storeKey what tells this store apart from every other (its location, and the endpoint
   *     when it has one)
   * @param env the environment to read {@code XDG_CACHE_HOME} from
   */
  public static SegmentCacheBlobStore inUserCache(
      BlobStore delegate, String storeKey, Map<String, String> env) {
    return new SegmentCacheBlobStore(delegate, folderFor(userCacheRoot(env), storeKey));
  }

  /** {@code segments/} in chatlog's folder of the user's cache ({@link Settings#cacheFolder}). */
  public static Path userCacheRoot(Map<String, String> env) {
    return Settings.cacheFolder(env).resolve("segments");
  }

  /** The folder of one store's copies under {@code root}: a short hash of {@code storeKey}. */
  public static Path folderFor(Path root, String storeKey) {
    return root.resolve(ChunkCodec.sha256(storeKey.getBytes(UTF_8)).substring(0, 32));
  }

  /** The folder that holds this store's copies. */
  public Path folder() {
    return folder;
  }

  @Override
  public Optional<Blob> get(String key) {
    Optional<Path> file = fileOf(key);
    if (file.isEmpty()) {
      return delegate.get(key);
    }
    Optional<Blob> cached = readCopy(file.get());
    if (cached.isPresent()) {
      return cached;
    }
    Optional<Blob> blob = delegate.get(key);
    blob.ifPresent(b -> writeCopy(file.get(), b.data(), b.version()));
    return blob;
  }

  @Override
  public Optional<Blob> getRange(String key, long offset, int length) {
    return delegate.getRange(key, offset, length);
  }

  @Override
  public String put(String key, byte[] data, PutCondition condition) {
    String version = delegate.put(key, data, condition);
    fileOf(key).ifPresent(file -> writeCopy(file, data, version));
    return version;
  }

  @Override
  public BlobPage list(String prefix, String startAfter, int pageSize) {
    return delegate.list(prefix, startAfter, pageSize);
  }

  @Override
  public void delete(String key) {
    delegate.delete(key);
    fileOf(key).ifPresent(SegmentCacheBlobStore::deleteCopy);
  }

  @Override
  public void deleteAll(Collection<String> keys) {
    List<String> copy = new ArrayList<>(keys);
    delegate.deleteAll(copy);
    copy.forEach(key -> fileOf(key).ifPresent(SegmentCacheBlobStore::deleteCopy));
  }

  @Override
  public String location() {
    return delegate.location();
  }

  @Override
  public boolean isLocal() {
    return delegate.isLocal();
  }

  @Override
  public void close() {
    delegate.close();
  }

  /** The local file of a segment key; empty for every other key. */
  private Optional<Path> fileOf(String key) {
    if (!key.startsWith(BlobLayout.SEGMENTS)) {
      return Optional.empty();
    }
    String name = key.substring(BlobLayout.SEGMENTS.length());
    if (!NAME.matcher(name).matches()) {
      return Optional.empty(); // nested deeper, or a name that could clash with a temporary file
    }
    return Optional.of(folder.resolve(name));
  }

  private static Optional<Blob> readCopy(Path file) {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return Optional.empty();
    } catch (IOException e) {
      EngineLog.LOG.debug("Cannot read cached segment {}: {}", file, e.toString());
      return Optional.empty();
    }
    int newline = indexOf(bytes, (byte) '\n');
    if (newline <= 0) {
      EngineLog.LOG.debug("Ignoring cached segment {}: it has no version line", file);
      return Optional.empty();
    }
    String version = new String(bytes, 0, newline, UTF_8);
    return Optional.of(new Blob(Arrays.copyOfRange(bytes, newline + 1, bytes.length), version));
  }

  private static int indexOf(byte[] bytes, byte wanted) {
    for (int i = 0; i < bytes.length; i++) {
      if (bytes[i] == wanted) {
        return i;
      }
    }
    return -1;
  }

  /** Writes a copy through a temporary file and a rename; a failure is only logged. */
  private void writeCopy(Path file, byte[] data, String version) {
    if (version.isEmpty() || version.indexOf('\n') >= 0 || version.indexOf('\r') >= 0) {
      EngineLog.LOG.debug("Not caching segment {}: its version cannot be stored", file);
      return;
    }
    Path temp = null;
    try {
      OwnerOnly.createFolders(folder);
      temp = Files.createTempFile(folder, TEMP_PREFIX, "", OwnerOnly.fileAttributes(folder));
      try (OutputStream out = Files.newOutputStream(temp)) {
        out.write((version + "\n").getBytes(UTF_8));
        out.write(data);
      }
      Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
      temp = null;
    } catch (IOException | RuntimeException e) {
      EngineLog.LOG.debug("Cannot cache segment {}: {}", file, e.toString());
    } finally {
      if (temp != null) {
        deleteCopy(temp);
      }
    }
  }

  private static void deleteCopy(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      EngineLog.LOG.debug("Cannot remove cached segment {}: {}", file, e.toString());
    }
  }
}
