package dev.chatlog.s3;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.ChatLogException;
import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.error.StorageException;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobInfo;
import dev.chatlog.spi.BlobPage;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.spi.StoreHealth;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.ResponseBytes;
import software.amazon.awssdk.core.exception.SdkException;
import software.amazon.awssdk.core.sync.RequestBody;
import software.amazon.awssdk.services.s3.S3Client;
import software.amazon.awssdk.services.s3.model.GetObjectResponse;
import software.amazon.awssdk.services.s3.model.HeadObjectResponse;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Request;
import software.amazon.awssdk.services.s3.model.ListObjectsV2Response;
import software.amazon.awssdk.services.s3.model.PutObjectRequest;
import software.amazon.awssdk.services.s3.model.S3Object;

/**
 * A {@link BlobStore} on one bucket and prefix of S3 or an S3-compatible server.
 *
 * <ul>
 *   <li>A create-only put sends {@code If-None-Match: *}; a replace sends {@code If-Match} with the
 *       ETag. The server decides; a {@code 412} becomes {@link PreconditionFailedException}.
 *   <li>Versions are ETags without their quotes.
 *   <li>Calls that fail in a way that may pass ({@code 409 ConditionalRequestConflict}, throttling,
 *       5xx, time-outs) are tried again with exponential backoff and jitter, up to {@link
 *       S3Options#maxAttempts()} in all. A write retried after a failure that the server may still
 *       have applied, and then refused with 412, is checked against the stored bytes: finding its
 *       own bytes, it succeeds.
 *   <li>Before its first write the store checks once per endpoint and bucket (cached in a {@link
 *       ProbeCache}) that the server refuses a conditional create of an existing key. A server that
 *       does not is refused for writing unless {@code s3.allow-unsafe-writes=true}, and then every
 *       store opened on it warns.
 * </ul>
 *
 * @since 0.1.0
 */
public final class S3BlobStore implements BlobStore {
  private static final Duration DEFAULT_BACKOFF = Duration.ofMillis(100);
  private static final Duration MAX_BACKOFF = Duration.ofSeconds(5);
  private static final String PROBE_FOLDER = ".probe";

  private final S3Client client;
  private final S3Options options;
  private final ProbeCache probeCache;
  private final Consumer<String> warnings;
  private final Duration backoff;
  private final boolean ownsClient;
  private volatile boolean writesChecked;

  /**
   * A store over an S3 client.
   *
   * @param client the client, closed with this store when {@code ownsClient}
   * @param options the bucket, prefix and settings
   * @param probeCache where the answer of the conditional-write check is kept
   * @param warnings where warnings go (unsafe writes)
   * @param ownsClient whether {@link #close()} closes the client
   */
  public S3BlobStore(
      S3Client client,
      S3Options options,
      ProbeCache probeCache,
      Consumer<String> warnings,
      boolean ownsClient) {
    this(client, options, probeCache, warnings, ownsClient, DEFAULT_BACKOFF);
  }

  S3BlobStore(
      S3Client client,
      S3Options options,
      ProbeCache probeCache,
      Consumer<String> warnings,
      boolean ownsClient,
      Duration backoff) {
    this.client = requireNonNull(client, "client is null");
    this.options = requireNonNull(options, "options is null");
    this.probeCache = requireNonNull(probeCache, "probeCache is null");
    this.warnings = requireNonNull(warnings, "warnings is null");
    this.ownsClient = ownsClient;
    this.backoff = requireNonNull(backoff, "backoff is null");
  }

  /** The settings this store was opened with. */
  public S3Options options() {
    return options;
  }

  @Override
  public Optional<Blob> get(String key) {
    String full = full(BlobKeys.check(key));
    return withRetries(
        "read",
        key,
        () -> {
          try {
            ResponseBytes<GetObjectResponse> bytes =
                client.getObjectAsBytes(b -> b.bucket(options.bucket()).key(full));
            return Optional.of(new Blob(bytes.asByteArray(), version(bytes.response().eTag())));
          } catch (SdkException e) {
            if (S3Exceptions.isNoSuchKey(e)) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  @Override
  public Optional<Blob> getRange(String key, long offset, int length) {
    String full = full(BlobKeys.check(key));
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "Cannot read " + key + ": offset and length must not be negative");
    }
    if (length == 0) {
      return head(key).map(h -> new Blob(new byte[0], version(h.eTag())));
    }
    Optional<Optional<Blob>> range =
        withRetries(
            "read",
            key,
            () -> {
              try {
                ResponseBytes<GetObjectResponse> bytes =
                    client.getObjectAsBytes(
                        b ->
                            b.bucket(options.bucket())
                                .key(full)
                                .range("bytes=" + offset + "-" + (offset + length - 1)));
                byte[] data = bytes.asByteArray();
                // A server that ignores Range sends the whole object; cut it here.
                if (bytes.response().contentRange() == null && data.length > length) {
                  int from = (int) Math.min(offset, data.length);
                  data = Arrays.copyOfRange(data, from, Math.min(data.length, from + length));
                }
                return Optional.of(Optional.of(new Blob(data, version(bytes.response().eTag()))));
              } catch (SdkException e) {
                if (S3Exceptions.isNoSuchKey(e)) {
                  return Optional.of(Optional.<Blob>empty());
                }
                if (e instanceof AwsServiceException s && s.statusCode() == 416) {
                  return Optional.<Optional<Blob>>empty();
                }
                throw e;
              }
            });
    // Empty: 416, the offset is at or past the end of an existing object.
    return range.orElseGet(() -> head(key).map(h -> new Blob(new byte[0], version(h.eTag()))));
  }

  @Override
  public String put(String key, byte[] data, PutCondition condition) {
    String full = full(BlobKeys.check(key));
    requireNonNull(data, "data is null");
    requireNonNull(condition, "condition is null");
    ensureConditionalWrites();
    return putChecked(key, full, data, condition);
  }

  @Override
  public BlobPage list(String prefix, String startAfter, int pageSize) {
    BlobKeys.checkPrefix(requireNonNull(prefix, "prefix is null"));
    if (pageSize < 1) {
      throw new IllegalArgumentException("Cannot list blobs: page size must be at least 1");
    }
    String root = options.prefix().isEmpty() ? "" : options.prefix() + "/";
    ListObjectsV2Request.Builder request =
        ListObjectsV2Request.builder()
            .bucket(options.bucket())
            .prefix(root + prefix)
            .maxKeys(pageSize);
    if (startAfter != null) {
      BlobKeys.checkPrefix(startAfter);
      request.startAfter(root + startAfter);
    }
    ListObjectsV2Response response =
        withRetries(
            "list", prefix.isEmpty() ? "" : prefix, () -> client.listObjectsV2(request.build()));
    List<BlobInfo> blobs =
        response.contents().stream()
            .map(
                (S3Object o) ->
                    new BlobInfo(
                        o.key().substring(root.length()),
                        Optional.ofNullable(o.size()).orElse(0L),
                        version(o.eTag())))
            .toList();
    boolean more = Boolean.TRUE.equals(response.isTruncated()) && !blobs.isEmpty();
    return new BlobPage(
        blobs, more ? Optional.of(blobs.get(blobs.size() - 1).key()) : Optional.empty());
  }

  @Override
  public void delete(String key) {
    String full = full(BlobKeys.check(key));
    ensureConditionalWrites();
    withRetries(
        "delete", key, () -> client.deleteObject(b -> b.bucket(options.bucket()).key(full)));
  }

  @Override
  public String location() {
    return options.location();
  }

  @Override
  public void close() {
    if (ownsClient) {
      client.close();
    }
  }

  /** {@link #health(boolean)} with the write probe. */
  public StoreHealth health() {
    return health(true);
  }

  /**
   * Checks the store without the cache: a listing, then with {@code probeWrites} a create-only
   * write of a probe object, a second one that must be refused, and the probe's delete. Never
   * throws for a failure of the store.
   */
  public StoreHealth health(boolean probeWrites) {
    try {
      list("", null, 1);
    } catch (ChatLogException e) {
      StoreHealth.Check notReached = StoreHealth.Check.fail("store not reachable");
      return new StoreHealth(
          location(), StoreHealth.Check.fail(e.getMessage()), notReached, notReached);
    }
    if (!probeWrites) {
      StoreHealth.Check skipped = StoreHealth.Check.skipped("read-only");
      return new StoreHealth(location(), StoreHealth.Check.ok(), skipped, skipped);
    }
    String probe = probeKey();
    try {
      putChecked(probe, full(probe), new byte[0], PutCondition.createOnly());
    } catch (ChatLogException e) {
      return new StoreHealth(
          location(),
          StoreHealth.Check.ok(),
          StoreHealth.Check.fail(e.getMessage()),
          StoreHealth.Check.unknown("the probe object could not be written"));
    }
    try {
      StoreHealth.Check conditional =
          secondCreateIsRefused(probe)
              ? StoreHealth.Check.ok()
              : StoreHealth.Check.fail(unsafeMessage().replace("Cannot write", "Cannot trust"));
      return new StoreHealth(
          location(), StoreHealth.Check.ok(), StoreHealth.Check.ok(), conditional);
    } catch (ChatLogException e) {
      return new StoreHealth(
          location(),
          StoreHealth.Check.ok(),
          StoreHealth.Check.ok(),
          StoreHealth.Check.fail(e.getMessage()));
    } finally {
      deleteQuietly(probe);
    }
  }

  private void ensureConditionalWrites() {
    if (writesChecked) {
      return;
    }
    synchronized (this) {
      if (writesChecked) {
        return;
      }
      String endpoint = options.endpointName();
      boolean safe =
          probeCache
              .read(endpoint, options.bucket())
              .orElseGet(
                  () -> {
                    boolean answer = probe();
                    probeCache.write(endpoint, options.bucket(), answer);
                    return answer;
                  });
      if (!safe) {
        if (!options.allowUnsafeWrites()) {
          throw new StorageException(unsafeMessage(), false);
        }
        warnings.accept(
            "Warning: "
                + options.endpointName()
                + " ignores conditional writes; writing to "
                + location()
                + " anyway (s3.allow-unsafe-writes=true): concurrent writers can overwrite each"
                + " other's data");
      }
      writesChecked = true;
    }
  }

  private boolean probe() {
    String probe = probeKey();
    putChecked(probe, full(probe), new byte[0], PutCondition.createOnly());
    try {
      return secondCreateIsRefused(probe);
    } finally {
      deleteQuietly(probe);
    }
  }

  private boolean secondCreateIsRefused(String probe) {
    try {
      putChecked(probe, full(probe), new byte[] {1}, PutCondition.createOnly());
      return false;
    } catch (PreconditionFailedException e) {
      return true;
    }
  }

  private String probeKey() {
    return PROBE_FOLDER + "/" + UUID.randomUUID();
  }

  private void deleteQuietly(String key) {
    try {
      withRetries(
          "delete", key, () -> client.deleteObject(b -> b.bucket(options.bucket()).key(full(key))));
    } catch (ChatLogException e) {
      // A leftover probe object is harmless: nothing reads .probe/.
    }
  }

  private String unsafeMessage() {
    return "Cannot write to "
        + location()
        + ": the server at "
        + options.endpointName()
        + " ignores conditional writes (If-None-Match), so concurrent writers could overwrite each"
        + " other's data; set s3.allow-unsafe-writes=true to write anyway (answer cached in "
        + probeCache.fileFor(options.endpointName(), options.bucket())
        + ")";
  }

  private String putChecked(String key, String full, byte[] data, PutCondition condition) {
    PutObjectRequest.Builder request =
        PutObjectRequest.builder()
            .bucket(options.bucket())
            .key(full)
            .contentLength((long) data.length);
    if (condition instanceof PutCondition.IfVersion ifVersion) {
      request.ifMatch(quoted(ifVersion.version()));
    } else {
      request.ifNoneMatch("*");
    }
    options.sse().ifPresent(request::serverSideEncryption);
    options.kmsKeyId().ifPresent(request::ssekmsKeyId);
    PutObjectRequest built = request.build();
    boolean[] ambiguous = {false};
    try {
      return withRetries(
          "write",
          key,
          () -> {
            try {
              return version(client.putObject(built, RequestBody.fromBytes(data)).eTag());
            } catch (SdkException e) {
              if (condition instanceof PutCondition.IfVersion && S3Exceptions.isNoSuchKey(e)) {
                // AWS answers If-Match on a missing key with 404 NoSuchKey.
                throw preconditionFailed("write", key);
              }
              if (S3Exceptions.mayHaveApplied(e)) {
                ambiguous[0] = true;
              }
              throw e;
            }
          });
    } catch (PreconditionFailedException e) {
      if (ambiguous[0]) {
        // An earlier attempt may have been applied: our own bytes are a success, not a conflict.
        Optional<Blob> stored = get(key);
        if (stored.isPresent() && Arrays.equals(stored.get().data(), data)) {
          return stored.get().version();
        }
      }
      throw preconditionFailed("write", key);
    }
  }

  private Optional<HeadObjectResponse> head(String key) {
    String full = full(key);
    return withRetries(
        "read",
        key,
        () -> {
          try {
            return Optional.of(client.headObject(b -> b.bucket(options.bucket()).key(full)));
          } catch (SdkException e) {
            if (S3Exceptions.isNoSuchKey(e)) {
              return Optional.empty();
            }
            throw e;
          }
        });
  }

  private <T> T withRetries(String verb, String key, Supplier<T> call) {
    String what = location() + (key.isEmpty() ? "" : "/" + key);
    for (int attempt = 1; ; attempt++) {
      try {
        return call.get();
      } catch (SdkException e) {
        ChatLogException translated = S3Exceptions.translate(verb, what, options, e);
        boolean retryable = translated instanceof StorageException storage && storage.retryable();
        if (!retryable || attempt >= options.maxAttempts()) {
          throw translated;
        }
        Log.LOG.info(
            "Retrying the {} of {} (attempt {} of {}): {}",
            verb,
            what,
            attempt + 1,
            options.maxAttempts(),
            translated.getMessage());
        sleep(attempt);
      }
    }
  }

  private void sleep(int attempt) {
    long cap = Math.min(MAX_BACKOFF.toMillis(), backoff.toMillis() << Math.min(attempt - 1, 16));
    long millis = cap / 2 + ThreadLocalRandom.current().nextLong(cap / 2 + 1);
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new StorageException(
          "Cannot wait to retry on " + location() + ": interrupted", false, e);
    }
  }

  private PreconditionFailedException preconditionFailed(String verb, String key) {
    return new PreconditionFailedException(
        "Cannot "
            + verb
            + " "
            + location()
            + "/"
            + key
            + ": precondition failed (the object exists, is missing or has another version)");
  }

  private String full(String key) {
    return options.prefix().isEmpty() ? key : options.prefix() + "/" + key;
  }

  private static String version(String etag) {
    if (etag == null || etag.isEmpty()) {
      throw new StorageException("Cannot read a version: the server sent no ETag", false);
    }
    String v = etag;
    if (v.startsWith("W/")) {
      v = v.substring(2);
    }
    if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
      v = v.substring(1, v.length() - 1);
    }
    return v;
  }

  private static String quoted(String version) {
    return "\"" + version + "\"";
  }

  /** The logger, made when something is first logged (making it starts SLF4J). */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);
  }
}
