package dev.chatlog.gcs;

import static java.util.Objects.requireNonNull;

import dev.chatlog.config.Options;
import dev.chatlog.config.Redaction;
import dev.chatlog.error.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * The validated settings of one GCS store, parsed once from its {@code gs://bucket/prefix} URI and
 * its {@code gcs.*} options. Holds no credentials: those come from Application Default Credentials.
 *
 * @param bucket the bucket name
 * @param prefix the key prefix inside the bucket, without leading or trailing slash; empty for the
 *     bucket root
 * @param project the project to bill and to name in requests, when set
 * @param endpoint another JSON API endpoint (an emulator), when set
 * @param noAuth whether to send no credentials at all (only with an endpoint)
 * @param maxAttempts how many times one request is tried before giving up, at least 1
 * @param timeout how long to wait for the answer to one attempt of a request; every attempt up to
 *     {@code maxAttempts} gets this long, so a request that timed out is still retried
 * @param segmentCache whether to keep local copies of the index segments read or written, in {@code
 *     segments/} of the engine's cache folder ({@code
 *     dev.chatlog.engine.EngineOptions#segmentCacheFolder})
 * @since 0.1.0
 */
public record GcsOptions(
    String bucket,
    String prefix,
    Optional<String> project,
    Optional<URI> endpoint,
    boolean noAuth,
    int maxAttempts,
    Duration timeout,
    boolean segmentCache) {

  /** Option key of the project. */
  public static final String PROJECT = "gcs.project";

  /** Option key of the endpoint of an emulator, e.g. {@code http://127.0.0.1:4443}. */
  public static final String ENDPOINT = "gcs.endpoint";

  /** Option key that turns authentication off (emulators only). */
  public static final String NO_AUTH = "gcs.no-auth";

  /** Option key of the attempts per request. */
  public static final String MAX_ATTEMPTS = "gcs.max-attempts";

  /** Option key of the timeout, e.g. {@code 30s}, {@code 500ms}, {@code 2m} or {@code PT30S}. */
  public static final String TIMEOUT = "gcs.timeout";

  /** Option key: {@code false} to keep no local copies of index segments (default {@code true}). */
  public static final String SEGMENT_CACHE = "gcs.segment-cache";

  /** Every {@code gcs.*} option key. */
  public static final Set<String> KEYS =
      Set.of(PROJECT, ENDPOINT, NO_AUTH, MAX_ATTEMPTS, TIMEOUT, SEGMENT_CACHE);

  /** Attempts per request when {@link #MAX_ATTEMPTS} is not set (as the GCS client's default). */
  public static final int DEFAULT_MAX_ATTEMPTS = 6;

  /** Timeout when {@link #TIMEOUT} is not set. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final int MAX_MAX_ATTEMPTS = 100;
  private static final Pattern BUCKET = Pattern.compile("[a-z0-9](?:[a-z0-9_.-]{1,220})[a-z0-9]");
  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern PROJECT_ID = Pattern.compile("[a-z][a-z0-9-]{4,28}[a-z0-9]");

  public GcsOptions {
    requireNonNull(bucket, "bucket is null");
    requireNonNull(prefix, "prefix is null");
    requireNonNull(project, "project is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(timeout, "timeout is null");
    if (noAuth && endpoint.isEmpty()) {
      throw new InvalidInputException(
          "Cannot use option "
              + NO_AUTH
              + ": it is only allowed with "
              + ENDPOINT
              + " (an emulator); real GCS uses Application Default Credentials");
    }
    if (maxAttempts < 1 || maxAttempts > MAX_MAX_ATTEMPTS) {
      throw new InvalidInputException(
          "Cannot use option "
              + MAX_ATTEMPTS
              + " '"
              + maxAttempts
              + "': expected a whole number from 1 to "
              + MAX_MAX_ATTEMPTS);
    }
    if (timeout.isNegative() || timeout.isZero()) {
      throw new InvalidInputException(
          "Cannot use option " + TIMEOUT + " '" + timeout + "': expected a positive duration");
    }
  }

  /**
   * Parses a store URI and its options with the one options reader ({@link Options}); unknown
   * {@code gcs.*} keys are refused, keys of other prefixes are left to others.
   *
   * @throws InvalidInputException naming the value that is wrong
   */
  public static GcsOptions parse(URI uri, Map<String, String> options) {
    requireNonNull(uri, "uri is null");
    requireNonNull(options, "options is null");
    if (!"gs".equalsIgnoreCase(uri.getScheme()) || uri.isOpaque()) {
      throw invalidUri(uri, "expected gs://bucket/optional/prefix");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalidUri(
          uri, "pass options as " + String.join(", ", KEYS.stream().sorted().toList()));
    }
    if (uri.getRawUserInfo() != null) {
      throw invalidUri(uri, "the bucket name may not hold credentials");
    }
    String bucket = uri.getRawAuthority();
    if (bucket == null || !BUCKET.matcher(bucket).matches() || bucket.contains("..")) {
      throw invalidUri(
          uri,
          "bad bucket name '"
              + (bucket == null ? "" : bucket)
              + "' (3 to 222 characters of a-z, 0-9, '-', '_' and '.', starting and ending"
              + " with a letter or digit)");
    }
    String path = uri.getRawPath() == null ? "" : uri.getRawPath();
    String prefix = path.replaceAll("^/+", "").replaceAll("/+$", "");
    if (!prefix.isEmpty()) {
      for (String segment : prefix.split("/", -1)) {
        if (!SEGMENT.matcher(segment).matches() || segment.equals(".") || segment.equals("..")) {
          throw invalidUri(
              uri, "bad prefix '" + prefix + "' (segments of A-Z, a-z, 0-9, '.', '_' and '-')");
        }
      }
    }
    Options values = Options.of(options, "gcs.", KEYS);
    Optional<String> project = values.string(PROJECT);
    if (project.isPresent() && !PROJECT_ID.matcher(project.get()).matches()) {
      throw values.invalid(PROJECT, "expected a project id such as my-project-123");
    }
    return new GcsOptions(
        bucket,
        prefix,
        project,
        values.uri(ENDPOINT, Set.of("http", "https")),
        values.bool(NO_AUTH, false),
        values.integer(MAX_ATTEMPTS, 1, MAX_MAX_ATTEMPTS, DEFAULT_MAX_ATTEMPTS),
        values.duration(TIMEOUT, DEFAULT_TIMEOUT),
        values.bool(SEGMENT_CACHE, true));
  }

  /** The store URI without options, e.g. {@code gs://bucket/prefix}. */
  public String location() {
    return "gs://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /**
   * What tells this store's local segment copies apart from every other store's: its location, and
   * its endpoint when one is set (an emulator may hold a bucket of the same name).
   */
  public String cacheKey() {
    return endpoint.map(e -> e + " ").orElse("") + location();
  }

  private static InvalidInputException invalidUri(URI uri, String detail) {
    return new InvalidInputException(
        Redaction.redact("Cannot open store '" + uri + "': " + detail));
  }
}
