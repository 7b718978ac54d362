package dev.chatlog.s3;

import static java.util.Objects.requireNonNull;

import dev.chatlog.config.Redaction;
import dev.chatlog.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * The validated settings of one S3 store, parsed once from an {@code s3://bucket/prefix} URI (whose
 * query parameters may carry the {@code s3.*} settings without their {@code s3.} prefix) and a map
 * of options. Holds no SDK types, so parsing never loads the AWS SDK.
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
 * @param probeCache the folder that remembers the conditional-write check; empty for the user's
 *     cache folder ({@link ProbeCache#inUserCache})
 * @param segmentCache whether to keep local copies of the index segments read or written, in {@code
 *     ${XDG_CACHE_HOME:-~/.cache}/chatlog/segments} ({@code
 *     dev.chatlog.engine.SegmentCacheBlobStore})
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
  private static final Pattern DURATION = Pattern.compile("(\\d{1,9})(ms|s|m)?");

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
    for (Map.Entry<String, String> query : queryOf(where, uri).entrySet()) {
      String key = query.getKey().startsWith("s3.") ? query.getKey() : "s3." + query.getKey();
      if (!KEYS.contains(key)) {
        throw invalid(
            where,
            "unknown URI parameter '"
                + query.getKey()
                + "'; valid parameters: "
                + String.join(", ", new TreeSet<>(KEYS)));
      }
      merged.put(key, query.getValue());
    }
    Map<String, String> engine = new LinkedHashMap<>();
    for (Map.Entry<String, String> option : options.entrySet()) {
      String key = option.getKey();
      if (engineKeys.contains(key)) {
        engine.put(key, option.getValue());
      } else if (!KEYS.contains(key)) {
        TreeSet<String> valid = new TreeSet<>(KEYS);
        valid.addAll(engineKeys);
        throw invalid(
            where, "unknown option '" + key + "'; valid options: " + String.join(", ", valid));
      } else {
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
    }

    Optional<String> region = text(merged, REGION);
    region.ifPresent(
        r -> {
          if (!REGION_NAME.matcher(r).matches()) {
            throw invalid(where, "invalid region '" + r + "'");
          }
        });
    Optional<URI> endpoint = text(merged, ENDPOINT).map(e -> endpointOf(where, e));
    Optional<String> sse =
        text(merged, SSE)
            .map(
                s -> {
                  if (!s.equals("AES256") && !s.equals("aws:kms")) {
                    throw invalid(where, "invalid s3.sse '" + s + "'; use AES256 or aws:kms");
                  }
                  return s;
                });
    Optional<String> kmsKeyId = text(merged, KMS_KEY_ID);
    if (kmsKeyId.isPresent() && !sse.equals(Optional.of("aws:kms"))) {
      throw invalid(where, "s3.kms-key-id needs s3.sse=aws:kms");
    }
    int maxAttempts =
        text(merged, MAX_ATTEMPTS)
            .map(m -> intOf(where, MAX_ATTEMPTS, m, 1, 20))
            .orElse(DEFAULT_MAX_ATTEMPTS);
    Duration timeout = text(merged, TIMEOUT).map(t -> durationOf(where, t)).orElse(DEFAULT_TIMEOUT);
    return new S3Options(
        bucket,
        prefix,
        region,
        endpoint,
        text(merged, PATH_STYLE).map(v -> bool(where, PATH_STYLE, v)).orElse(false),
        text(merged, PROFILE),
        sse,
        kmsKeyId,
        maxAttempts,
        timeout,
        text(merged, ALLOW_UNSAFE_WRITES)
            .map(v -> bool(where, ALLOW_UNSAFE_WRITES, v))
            .orElse(false),
        text(merged, PROBE_CACHE).map(p -> folderOf(where, p)),
        text(merged, SEGMENT_CACHE).map(v -> bool(where, SEGMENT_CACHE, v)).orElse(true),
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

  private static Optional<String> text(Map<String, String> options, String key) {
    return Optional.ofNullable(options.get(key)).map(String::trim).filter(v -> !v.isEmpty());
  }

  private static URI endpointOf(String where, String value) {
    try {
      URI endpoint = new URI(value);
      String scheme = Optional.ofNullable(endpoint.getScheme()).orElse("");
      if (!(scheme.equals("http") || scheme.equals("https")) || endpoint.getHost() == null) {
        throw invalid(where, "invalid s3.endpoint '" + value + "'; use http(s)://host[:port]");
      }
      if (endpoint.getUserInfo() != null) {
        throw invalid(where, "s3.endpoint may not hold credentials");
      }
      return endpoint;
    } catch (URISyntaxException e) {
      throw invalid(where, "invalid s3.endpoint '" + value + "'; use http(s)://host[:port]", e);
    }
  }

  private static Path folderOf(String where, String value) {
    try {
      Path folder = Path.of(value);
      if (folder.isAbsolute()) {
        return folder.normalize();
      }
    } catch (InvalidPathException e) {
      // reported below
    }
    throw invalid(where, "s3.probe-cache must be an absolute folder, not '" + value + "'");
  }

  private static boolean bool(String where, String key, String value) {
    return switch (value.toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw invalid(where, key + " must be true or false, not '" + value + "'");
    };
  }

  private static int intOf(String where, String key, String value, int min, int max) {
    try {
      int n = Integer.parseInt(value);
      if (n >= min && n <= max) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below with the accepted range
    }
    throw invalid(
        where,
        key + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
  }

  private static Duration durationOf(String where, String value) {
    Duration duration;
    var matcher = DURATION.matcher(value);
    if (matcher.matches()) {
      long amount = Long.parseLong(matcher.group(1));
      String unit = Optional.ofNullable(matcher.group(2)).orElse("s");
      duration =
          switch (unit) {
            case "ms" -> Duration.ofMillis(amount);
            case "m" -> Duration.ofMinutes(amount);
            default -> Duration.ofSeconds(amount);
          };
    } else {
      try {
        duration = Duration.parse(value);
      } catch (RuntimeException e) {
        throw invalid(
            where, "s3.timeout must be like 30s, 500ms, 2m or PT30S, not '" + value + "'", e);
      }
    }
    if (duration.isNegative() || duration.isZero()) {
      throw invalid(where, "s3.timeout must be positive, not '" + value + "'");
    }
    return duration;
  }

  private static InvalidInputException invalid(String where, String detail) {
    return new InvalidInputException(Redaction.redact("Cannot open " + where + ": " + detail));
  }

  private static InvalidInputException invalid(String where, String detail, Throwable cause) {
    return new InvalidInputException(
        Redaction.redact("Cannot open " + where + ": " + detail), cause);
  }
}
