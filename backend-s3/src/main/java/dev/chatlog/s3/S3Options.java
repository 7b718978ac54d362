package dev.chatlog.s3;

import static java.util.Objects.requireNonNull;

import dev.chatlog.config.Options;
import dev.chatlog.config.Redaction;
import dev.chatlog.error.InvalidInputException;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * The validated settings of one S3 store, parsed once from an {@code s3://bucket/prefix} URI (whose
 * query parameters may carry the {@code s3.*} settings without their {@code s3.} prefix) and a map
 * of options, whose values the one options reader ({@link Options}) reads. Holds no SDK types, so
 * parsing never loads the AWS SDK.
 *
 * @param bucket the bucket name, checked against S3's naming rules
 * @param prefix the key prefix of the store inside the bucket, without leading or trailing {@code
 *     /}; empty for the bucket's root
 * @param region the AWS region; empty to use the SDK's default region chain
 * @param endpoint an S3-compatible endpoint; empty for AWS
 * @param pathStyle whether to address the bucket in the path rather than the host name
 * @param profile the AWS profile for credentials and region; empty for the default
 * @param sse server-side encryption of new objects; empty for the bucket's default
 * @param kmsKeyId the KMS key with {@code sse=aws:kms}; empty for the account's default key
 * @param maxAttempts how often a call is tried in all when it fails in a way that may pass
 * @param timeout how long one attempt may take, connecting included
 * @param allowUnsafeWrites whether to write to a server that ignores conditional headers
 * @param probeCache the folder that remembers the conditional-write check; empty for {@code
 *     s3-probe/} in the engine's cache folder ({@link ProbeCache#inCacheFolder})
 * @param segmentCache whether to keep local copies of the index segments read or written, in {@code
 *     segments/} of the engine's cache folder ({@code
 *     dev.chatlog.engine.EngineOptions#segmentCacheFolder})
 * @param engineOptions the remaining options, for the shared engine
 * @since 0.1.0
 */
public record S3Options(
    String bucket,
    String prefix,
    Optional<String> region,
    Optional<URI> endpoint,
    boolean pathStyle,
    Optional<String> profile,
    Optional<String> sse,
    Optional<String> kmsKeyId,
    int maxAttempts,
    Duration timeout,
    boolean allowUnsafeWrites,
    Optional<Path> probeCache,
    boolean segmentCache,
    Map<String, String> engineOptions) {

  /** Option key: the AWS region. */
  public static final String REGION = "s3.region";

  /** Option key: an S3-compatible endpoint URL. */
  public static final String ENDPOINT = "s3.endpoint";

  /** Option key: {@code true} for path-style addressing. */
  public static final String PATH_STYLE = "s3.path-style";

  /** Option key: the AWS profile name. */
  public static final String PROFILE = "s3.profile";

  /** Option key: {@code AES256} or {@code aws:kms}. */
  public static final String SSE = "s3.sse";

  /** Option key: the KMS key id with {@code s3.sse=aws:kms}. */
  public static final String KMS_KEY_ID = "s3.kms-key-id";

  /** Option key: attempts per call, 1 to 20. */
  public static final String MAX_ATTEMPTS = "s3.max-attempts";

  /** Option key: time-out of one attempt, e.g. {@code 30s}, {@code 500ms}, {@code PT1M}. */
  public static final String TIMEOUT = "s3.timeout";

  /** Option key: {@code true} to write to a server that ignores conditional headers. */
  public static final String ALLOW_UNSAFE_WRITES = "s3.allow-unsafe-writes";

  /** Option key: an absolute folder for the conditional-write check's cache. */
  public static final String PROBE_CACHE = "s3.probe-cache";

  /** Option key: {@code false} to keep no local copies of index segments (default {@code true}). */
  public static final String SEGMENT_CACHE = "s3.segment-cache";

  /** Every {@code s3.*} key. */
  public static final Set<String> KEYS =
      Set.of(
          REGION,
          ENDPOINT,
          PATH_STYLE,
          PROFILE,
          SSE,
          KMS_KEY_ID,
          MAX_ATTEMPTS,
          TIMEOUT,
          ALLOW_UNSAFE_WRITES,
          PROBE_CACHE,
          SEGMENT_CACHE);

  /** Attempts per call when {@link #MAX_ATTEMPTS} is not set. */
  public static final int DEFAULT_MAX_ATTEMPTS = 5;

  /** Time-out of one attempt when {@link #TIMEOUT} is not set. */
  public static final Duration DEFAULT_TIMEOUT = Duration.ofSeconds(30);

  private static final Pattern BUCKET = Pattern.compile("[a-z0-9][a-z0-9.-]{1,61}[a-z0-9]");
  private static final Pattern IP_ADDRESS = Pattern.compile("\\d+\\.\\d+\\.\\d+\\.\\d+");
  private static final Pattern REGION_NAME = Pattern.compile("[a-z0-9-]{1,40}");

  public S3Options {
    requireNonNull(bucket, "bucket is null");
    requireNonNull(prefix, "prefix is null");
    requireNonNull(region, "region is null");
    requireNonNull(endpoint, "endpoint is null");
    requireNonNull(profile, "profile is null");
    requireNonNull(sse, "sse is null");
    requireNonNull(kmsKeyId, "kmsKeyId is null");
    requireNonNull(timeout, "timeout is null");
    requireNonNull(probeCache, "probeCache is null");
    engineOptions = Map.copyOf(engineOptions);
  }

  /** The store's URI without query: {@code s3://bucket} or {@code s3://bucket/prefix}. */
  public String location() {
    return "s3://" + bucket + (prefix.isEmpty() ? "" : "/" + prefix);
  }

  /**
   * What tells this store's local segment copies apart from every other store's: its location, and
   * its endpoint when one is set (two servers may hold buckets of one name).
   */
  public String cacheKey() {
    return endpoint.map(e -> e + " ").orElse("") + location();
  }

  /** The endpoint for messages: the configured one, or AWS's. */
  public String endpointName() {
    return endpoint.map(URI::toString).orElse("AWS S3 (" + region.orElse("default region") + ")");
  }

  /**
   * Parses a store URI and its options.
   *
   * @param uri {@code s3://bucket[/prefix][?key=value&...]}; query keys are the option keys with or
   *     without their {@code s3.} prefix
   * @param options option keys from {@link #KEYS} and {@code engineKeys}
   * @param engineKeys the option keys the shared engine accepts
   * @throws InvalidInputException naming the value that is wrong
   */
  public static S3Options parse(URI uri, Map<String, String> options, Set<String> engineKeys) {
    requireNonNull(uri, "uri is null");
    requireNonNull(options, "options is null");
    // Never echo credentials written into the URI: name the bucket only.
    String authority = Optional.ofNullable(uri.getRawAuthority()).orElse("");
    String where = "s3://" + authority.substring(authority.lastIndexOf('@') + 1);
    if (!"s3".equalsIgnoreCase(uri.getScheme())) {
      throw invalid("the store URI", "not an s3:// URI");
    }
    if (uri.getRawAuthority() == null || uri.getRawAuthority().isEmpty()) {
      throw invalid(uri.toString(), "no bucket; use s3://bucket/optional/prefix");
    }
    if (uri.getRawUserInfo() != null
        || uri.getPort() != -1
        || uri.getRawAuthority().contains("@")) {
      throw invalid(where, "the bucket name may not hold credentials or a port");
    }
    String bucket = uri.getRawAuthority();
    checkBucket(where, bucket);
    String prefix = prefixOf(where, Optional.ofNullable(uri.getPath()).orElse(""));

    Map<String, String> merged = new TreeMap<>();
    queryOf(where, uri)
        .forEach((key, value) -> merged.put(key.startsWith("s3.") ? key : "s3." + key, value));
    Map<String, String> engine = new LinkedHashMap<>();
    for (Map.Entry<String, String> option : options.entrySet()) {
      String key = option.getKey();
      if (engineKeys.contains(key)) {
        engine.put(key, option.getValue());
        continue;
      }
      String previous = merged.putIfAbsent(key, option.getValue());
      if (previous != null && !previous.equals(option.getValue())) {
        throw invalid(
            where,
            "option '"
                + key
                + "' is '"
                + option.getValue()
                + "' but the URI says '"
                + previous
                + "'");
      }
    }
    Set<String> valid = new HashSet<>(KEYS);
    valid.addAll(engineKeys);
    Options values = Options.of(merged, valid);

    Optional<String> region = values.string(REGION);
    if (region.isPresent() && !REGION_NAME.matcher(region.get()).matches()) {
      throw values.invalid(REGION, "expected a region such as eu-west-1");
    }
    Optional<String> sse = values.oneOf(SSE, List.of("AES256", "aws:kms"));
    Optional<String> kmsKeyId = values.string(KMS_KEY_ID);
    if (kmsKeyId.isPresent() && !sse.equals(Optional.of("aws:kms"))) {
      throw values.invalid(KMS_KEY_ID, "needs s3.sse=aws:kms");
    }
    return new S3Options(
        bucket,
        prefix,
        region,
        values.uri(ENDPOINT, Set.of("http", "https")),
        values.bool(PATH_STYLE, false),
        values.string(PROFILE),
        sse,
        kmsKeyId,
        values.integer(MAX_ATTEMPTS, 1, 20, DEFAULT_MAX_ATTEMPTS),
        values.duration(TIMEOUT, DEFAULT_TIMEOUT),
        values.bool(ALLOW_UNSAFE_WRITES, false),
        values.path(PROBE_CACHE),
        values.bool(SEGMENT_CACHE, true),
        engine);
  }

  private static void checkBucket(String where, String bucket) {
    if (!BUCKET.matcher(bucket).matches()
        || bucket.contains("..")
        || bucket.contains(".-")
        || bucket.contains("-.")
        || IP_ADDRESS.matcher(bucket).matches()) {
      throw invalid(
          where,
          "invalid bucket name '"
              + bucket
              + "' (3 to 63 lower-case letters, digits, dots and hyphens, starting and ending"
              + " with a letter or digit)");
    }
  }

  private static String prefixOf(String where, String path) {
    String prefix = path;
    while (prefix.startsWith("/")) {
      prefix = prefix.substring(1);
    }
    while (prefix.endsWith("/")) {
      prefix = prefix.substring(0, prefix.length() - 1);
    }
    if (!prefix.isEmpty()) {
      try {
        BlobKeys.check(prefix);
      } catch (IllegalArgumentException e) {
        throw invalid(where + path, "invalid prefix '" + prefix + "'", e);
      }
    }
    return prefix;
  }

  private static Map<String, String> queryOf(String where, URI uri) {
    Map<String, String> query = new LinkedHashMap<>();
    String raw = uri.getRawQuery();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw invalid(where, "URI parameter '" + pair + "' has no value");
      }
      String key = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      if (query.put(key, value) != null) {
        throw invalid(where, "URI parameter '" + key + "' is given twice");
      }
    }
    return query;
  }

  private static InvalidInputException invalid(String where, String detail) {
    return new InvalidInputException(Redaction.redact("Cannot open " + where + ": " + detail));
  }

  private static InvalidInputException invalid(String where, String detail, Throwable cause) {
    return new InvalidInputException(
        Redaction.redact("Cannot open " + where + ": " + detail), cause);
  }
}
