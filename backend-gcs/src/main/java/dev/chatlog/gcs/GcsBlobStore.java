package dev.chatlog.gcs;

import static java.util.Objects.requireNonNull;

import com.google.api.gax.paging.Page;
import com.google.cloud.ReadChannel;
import com.google.cloud.storage.BlobId;
import com.google.cloud.storage.Storage;
import com.google.cloud.storage.Storage.BlobListOption;
import com.google.cloud.storage.Storage.BlobSourceOption;
import com.google.cloud.storage.Storage.BlobTargetOption;
import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.error.StorageException;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobInfo;
import dev.chatlog.spi.BlobPage;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import java.util.regex.Pattern;

/**
 * A {@link BlobStore} on one Google Cloud Storage bucket and prefix, over the JSON API. A key's
 * version is the object's generation.
 *
 * <ul>
 *   <li>A put is one request: create-only sends {@code ifGenerationMatch=0}, replace sends {@code
 *       ifGenerationMatch=<generation>}; GCS refuses a mismatch with 412, which becomes {@link
 *       PreconditionFailedException}.
 *   <li>Puts are retried here, not by the client: when an attempt fails without an answer and the
 *       retry then meets 412, the earlier attempt may have written the object, so the store looks
 *       at it and reports success only if it holds exactly these bytes (by MD5 and size).
 *   <li>A read is two requests: the metadata, then the bytes with {@code ifGenerationMatch} of that
 *       generation, so the version returned always belongs to the bytes returned. When the object
 *       was replaced in between, the read starts again after a short backoff.
 *   <li>Lists, reads and deletes are retried by the client with backoff.
 * </ul>
 *
 * @since 0.1.0
 */
public final class GcsBlobStore implements BlobStore {
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
  private static final int MAX_REREADS = 10;
  private static final long INITIAL_BACKOFF_MILLIS = 50;
  private static final long MAX_BACKOFF_MILLIS = 2_000;

  private final Storage storage;
  private final Storage writer;
  private final String bucket;
  private final String root;
  private final String location;
  private final int maxAttempts;
  private final Duration timeout;
  private final GcsExceptions errors;

  /**
   * A store over two clients of one configuration.
   *
   * @param storage the client for reads, lists and deletes, with its own retries
   * @param writer the client for puts, making a single attempt per call
   * @param options the bucket, prefix, attempts and timeout
   */
  GcsBlobStore(Storage storage, Storage writer, GcsOptions options) {
    this.storage = requireNonNull(storage, "storage is null");
    this.writer = requireNonNull(writer, "writer is null");
    requireNonNull(options, "options is null");
    this.bucket = options.bucket();
    this.root = options.prefix().isEmpty() ? "" : options.prefix() + "/";
    this.location = options.location();
    this.maxAttempts = options.maxAttempts();
    this.timeout = options.timeout();
    this.errors =
        new GcsExceptions(
            bucket,
            options.endpoint().map(Object::toString).orElse("storage.googleapis.com"),
            timeout);
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public Optional<Blob> get(String key) {
    return read(key, 0, Long.MAX_VALUE);
  }

  @Override
  public Optional<Blob> getRange(String key, long offset, int length) {
    if (offset < 0 || length < 0) {
      checkKey(key);
      throw new IllegalArgumentException(
          "Cannot read " + target(key) + ": offset and length must not be negative");
    }
    return read(key, offset, length);
  }

  private Optional<Blob> read(String key, long offset, long length) {
    BlobId id = id(key);
    for (int attempt = 1; ; attempt++) {
      com.google.cloud.storage.Blob meta;
      try {
        meta = storage.get(id);
      } catch (com.google.cloud.storage.StorageException e) {
        throw errors.translate("read", target(key), e);
      }
      if (meta == null) {
        return Optional.empty();
      }
      long generation = meta.getGeneration();
      long size = meta.getSize();
      long end = Math.min(size, offset + Math.min(length, size));
      try {
        byte[] data = offset >= end ? new byte[0] : bytes(id, generation, offset, end, size);
        return Optional.of(new Blob(data, Long.toString(generation)));
      } catch (com.google.cloud.storage.StorageException e) {
        boolean replacedMeanwhile = e.getCode() == 412 || e.getCode() == 404;
        if (!replacedMeanwhile) {
          throw errors.translate("read", target(key), e);
        }
        if (attempt >= MAX_REREADS) {
          throw new StorageException(
              "Cannot read "
                  + target(key)
                  + ": the object was replaced "
                  + attempt
                  + " times while being read",
              true,
              e);
        }
        backoff(attempt, "read", key, e);
      }
    }
  }

  private byte[] bytes(BlobId id, long generation, long offset, long end, long size) {
    BlobSourceOption sameGeneration = BlobSourceOption.generationMatch(generation);
    if (offset == 0 && end == size) {
      return storage.readAllBytes(id, sameGeneration);
    }
    ByteBuffer buffer = ByteBuffer.allocate(Math.toIntExact(end - offset));
    try (ReadChannel channel = storage.reader(id, sameGeneration)) {
      channel.seek(offset);
      channel.limit(end);
      while (buffer.hasRemaining() && channel.read(buffer) >= 0) {
        // keep reading until the range is complete or the object ends
      }
    } catch (IOException e) {
      if (e.getCause() instanceof com.google.cloud.storage.StorageException cause) {
        throw cause;
      }
      throw new com.google.cloud.storage.StorageException(e);
    }
    byte[] data = new byte[buffer.position()];
    buffer.flip().get(data);
    return data;
  }

  @Override
  public String put(String key, byte[] data, PutCondition condition) {
    BlobId id = id(key);
    requireNonNull(data, "data is null");
    requireNonNull(condition, "condition is null");
    BlobTargetOption precondition;
    if (condition instanceof PutCondition.IfVersion ifVersion) {
      long generation = generation(ifVersion.version());
      if (generation <= 0) {
        throw new PreconditionFailedException(
            "Cannot write "
                + target(key)
                + ": version '"
                + ifVersion.version()
                + "' is not a version of this store");
      }
      precondition = BlobTargetOption.generationMatch(generation);
    } else {
      precondition = BlobTargetOption.doesNotExist();
    }
    com.google.cloud.storage.BlobInfo info =
        com.google.cloud.storage.BlobInfo.newBuilder(id)
            .setContentType("application/octet-stream")
            .build();
    long deadline = System.nanoTime() + GcsClients.budget(maxAttempts, timeout).toNanos();
    boolean mayHaveWritten = false;
    for (int attempt = 1; ; attempt++) {
      try {
        return Long.toString(
            writer
                .create(info, data, precondition, BlobTargetOption.disableGzipContent())
                .getGeneration());
      } catch (com.google.cloud.storage.StorageException e) {
        if (GcsExceptions.preconditionFailed(e) && mayHaveWritten) {
          Optional<String> ours;
          try {
            ours = versionIfHolds(id, data);
          } catch (com.google.cloud.storage.StorageException check) {
            throw errors.translate("write", target(key), check);
          }
          if (ours.isPresent()) {
            return ours.get();
          }
        }
        if (!GcsExceptions.retryable(e)
            || attempt >= maxAttempts
            || System.nanoTime() - deadline >= 0) {
          throw errors.translate("write", target(key), e);
        }
        mayHaveWritten = true;
        backoff(attempt, "write", key, e);
      }
    }
  }

  /** The object's generation if it holds exactly {@code data}. */
  private Optional<String> versionIfHolds(BlobId id, byte[] data) {
    com.google.cloud.storage.Blob meta = storage.get(id);
    if (meta == null || meta.getSize() != data.length || meta.getMd5() == null) {
      return Optional.empty();
    }
    return meta.getMd5().equals(md5(data))
        ? Optional.of(Long.toString(meta.getGeneration()))
        : Optional.empty();
  }

  private void backoff(int attempt, String verb, String key, RuntimeException cause) {
    long ceiling = Math.min(MAX_BACKOFF_MILLIS, INITIAL_BACKOFF_MILLIS << Math.min(attempt, 16));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(ceiling / 2, ceiling + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(
          "Cannot " + verb + " " + target(key) + ": interrupted while retrying", true, cause);
    }
  }

  @Override
  public BlobPage list(String prefix, String startAfter, int pageSize) {
    requireNonNull(prefix, "prefix is null");
    if (pageSize < 1) {
      throw new IllegalArgumentException(
          "Cannot list " + location + ": page size must be at least 1, not " + pageSize);
    }
    List<BlobListOption> options = new ArrayList<>();
    options.add(BlobListOption.prefix(root + prefix));
    options.add(BlobListOption.pageSize(pageSize + 1L));
    if (startAfter != null) {
      options.add(BlobListOption.startOffset(root + startAfter));
    }
    BlobListOption[] listOptions = options.toArray(new BlobListOption[0]);
    List<BlobInfo> found = new ArrayList<>();
    boolean more;
    try {
      Page<com.google.cloud.storage.Blob> page = storage.list(bucket, listOptions);
      while (true) {
        for (com.google.cloud.storage.Blob blob : page.getValues()) {
          String key = blob.getName().substring(root.length());
          if (startAfter == null || key.compareTo(startAfter) > 0) {
            found.add(new BlobInfo(key, blob.getSize(), Long.toString(blob.getGeneration())));
          }
        }
        more = page.hasNextPage();
        if (found.size() > pageSize || !more) {
          break;
        }
        page = page.getNextPage();
      }
    } catch (com.google.cloud.storage.StorageException e) {
      throw errors.translate("list", location + "/" + prefix, e);
    }
    if (found.size() > pageSize) {
      List<BlobInfo> blobs = found.subList(0, pageSize);
      return new BlobPage(blobs, Optional.of(blobs.get(pageSize - 1).key()));
    }
    return new BlobPage(found, Optional.empty());
  }

  @Override
  public void delete(String key) {
    BlobId id = id(key);
    try {
      storage.delete(id);
    } catch (com.google.cloud.storage.StorageException e) {
      throw errors.translate("delete", target(key), e);
    }
  }

  /**
   * Checks that the bucket answers to these credentials with one small listing, so that a missing
   * bucket, missing credentials or a silent endpoint fail when the store opens.
   */
  void checkAccess() {
    try {
      storage.list(bucket, BlobListOption.prefix(root), BlobListOption.pageSize(1));
    } catch (com.google.cloud.storage.StorageException e) {
      throw errors.translate("open store", location, e);
    }
  }

  @Override
  public void close() {
    closeQuietly(writer);
    closeQuietly(storage);
  }

  private static void closeQuietly(Storage client) {
    try {
      client.close();
    } catch (Exception e) {
      // Closing releases idle connections only; nothing is lost when it fails.
    }
  }

  private BlobId id(String key) {
    checkKey(key);
    return BlobId.of(bucket, root + key);
  }

  private String target(String key) {
    return location + "/" + key;
  }

  private static long generation(String version) {
    try {
      return Long.parseLong(version);
    } catch (NumberFormatException e) {
      return -1;
    }
  }

  /** Rejects keys outside the alphabet and shape of the {@link BlobStore} contract. */
  static void checkKey(String key) {
    requireNonNull(key, "key is null");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("Cannot use key '': it is empty");
    }
    for (String segment : key.split("/", -1)) {
      if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "Cannot use key '"
                + key
                + "': expected segments of A-Z, a-z, 0-9, '.', '_' and '-' joined by '/'");
      }
    }
  }

  private static String md5(byte[] data) {
    try {
      return Base64.getEncoder().encodeToString(MessageDigest.getInstance("MD5").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("MD5 is missing from this JVM", e);
    }
  }
}
