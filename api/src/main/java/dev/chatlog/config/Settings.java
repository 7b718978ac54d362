package dev.chatlog.config;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.InvalidInputException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import java.util.TreeMap;

/**
 * Reads chatlog's configuration from an environment map. Tests pass their own map; nothing here
 * reads {@code System.getenv()}.
 *
 * <p>Each setting {@code CHM_<X>} is looked up first under that name, then under the legacy names
 * {@code CHATLOG_<X>} and {@code CHAT_<X>}; the store also under the legacy {@code
 * CHAT_HISTORY_BASE_DIR} (a folder, opened as a {@code file:} store). An empty variable counts as
 * unset. Every value is interpolated ({@code ${VAR}}, {@code ${VAR:-default}}) against the same
 * map. Store options come from the store URI's query and from {@code CHM_<PREFIX>_<NAME>}
 * variables, both as {@code <prefix>.<name>} in kebab case, where the prefix follows the store's
 * scheme ({@code file -> fs}, {@code s3 -> s3}, {@code gs -> gcs}, {@code sqlite -> sqlite}).
 *
 * @since 0.1.0
 */
public final class Settings {
  /** The store URI. */
  public static final String STORE = "CHM_STORE";

  /** Whether every mutating call is refused. */
  public static final String READ_ONLY = "CHM_READ_ONLY";

  /** The longest chunk body in code points. */
  public static final String CHUNK_MAX_CHARS = "CHM_CHUNK_MAX_CHARS";

  /** The recency half-life of search ranking. */
  public static final String SEARCH_HALF_LIFE = "CHM_SEARCH_HALF_LIFE";

  /** Most chunks retention keeps. */
  public static final String RETENTION_MAX_CHUNKS = "CHM_RETENTION_MAX_CHUNKS";

  /** Oldest age in days retention keeps. */
  public static final String RETENTION_MAX_AGE_DAYS = "CHM_RETENTION_MAX_AGE_DAYS";

  /** The largest input a save reads, in MiB (stdin or each file). */
  public static final String INPUT_MAX_MB = "CHM_INPUT_MAX_MB";

  /** What {@link #INPUT_MAX_MB} is when it is not set. */
  public static final int DEFAULT_INPUT_MAX_MB = 256;

  /** Log format, {@code text} or {@code json}. */
  public static final String LOG_FORMAT = "CHM_LOG_FORMAT";

  /** Log level, {@code error}, {@code warn}, {@code info}, {@code debug} or {@code trace}. */
  public static final String LOG_LEVEL = "CHM_LOG_LEVEL";

  /** A Prometheus Pushgateway that one-shot commands push their metrics to. */
  public static final String METRICS_PUSHGATEWAY = "CHM_METRICS_PUSHGATEWAY";

  /** A file that one-shot commands write their metrics to, in node_exporter's textfile format. */
  public static final String METRICS_FILE = "CHM_METRICS_FILE";

  /** How long a push of metrics may take. */
  public static final String METRICS_TIMEOUT = "CHM_METRICS_TIMEOUT";

  /** The default of {@link #METRICS_TIMEOUT}. */
  public static final Duration DEFAULT_METRICS_TIMEOUT = Duration.ofSeconds(3);

  /**
   * Whether secrets are redacted from what is saved and imported ({@code on} by default; {@code
   * off} keeps text as it is).
   */
  public static final String REDACT = "CHM_REDACT";

  /** A file of redaction rules added to the default ones. */
  public static final String REDACT_RULES = "CHM_REDACT_RULES";

  /** The legacy folder variable, opened as a {@code file:} store. */
  public static final String LEGACY_BASE_DIR = "CHAT_HISTORY_BASE_DIR";

  /** Every known setting, in the order {@link #effective()} lists them. */
  public static final List<String> KNOWN =
      List.of(
          STORE,
          READ_ONLY,
          CHUNK_MAX_CHARS,
          SEARCH_HALF_LIFE,
          RETENTION_MAX_CHUNKS,
          RETENTION_MAX_AGE_DAYS,
          INPUT_MAX_MB,
          LOG_FORMAT,
          LOG_LEVEL,
          METRICS_PUSHGATEWAY,
          METRICS_FILE,
          METRICS_TIMEOUT,
          REDACT,
          REDACT_RULES);

  private static final Map<String, String> OPTION_PREFIX =
      Map.of("file", "fs", "s3", "s3", "gs", "gcs", "sqlite", "sqlite");
  private static final List<String> LOG_FORMATS = List.of("text", "json");
  private static final List<String> LOG_LEVELS = List.of("error", "warn", "info", "debug", "trace");
  private static final String DEFAULT = "default";

  private final Map<String, String> env;

  private Settings(Map<String, String> env) {
    this.env = Map.copyOf(env);
  }

  /** Settings read from this environment map. */
  public static Settings from(Map<String, String> env) {
    requireNonNull(env, "env is null");
    return new Settings(env);
  }

  /**
   * The validated configuration.
   *
   * @throws InvalidInputException naming the variable and its value when a value is bad
   */
  public ChatLogConfig toConfig() {
    StoreSetting store = store();
    Options values = values();
    OptionalLong maxAgeDays = values.integer(RETENTION_MAX_AGE_DAYS, 1, Integer.MAX_VALUE);
    return new ChatLogConfig(
        store.uri(),
        store.optionValues(),
        values.bool(READ_ONLY, false),
        values.integer(
            CHUNK_MAX_CHARS, 1, Integer.MAX_VALUE, ChatLogConfig.DEFAULT_CHUNK_MAX_CHARS),
        values.duration(SEARCH_HALF_LIFE, ChatLogConfig.DEFAULT_SEARCH_HALF_LIFE),
        values.integer(RETENTION_MAX_CHUNKS, 1, Long.MAX_VALUE),
        maxAgeDays.isPresent()
            ? Optional.of(Duration.ofDays(maxAgeDays.getAsLong()))
            : Optional.empty());
  }

  /**
   * The folder of the local search indexes of the file, S3 and GCS stores: {@link #cacheFolder}.
   */
  public Path searchIndexFolder() {
    return cacheFolder(env);
  }

  /**
   * chatlog's folder in the user's cache, where local search indexes, copies of remote index
   * segments and the S3 conditional-write answers are kept: {@code
   * ${XDG_CACHE_HOME:-$HOME/.cache}/chatlog} (a relative {@code XDG_CACHE_HOME} is ignored, as the
   * XDG specification says).
   *
   * @param env the environment to read {@code XDG_CACHE_HOME} and {@code HOME} from
   */
  public static Path cacheFolder(Map<String, String> env) {
    return xdgFolder(env, "XDG_CACHE_HOME", ".cache");
  }

  /**
   * chatlog's folder in the user's state, where a watcher keeps how far it has read each log:
   * {@code ${XDG_STATE_HOME:-$HOME/.local/state}/chatlog} (a relative {@code XDG_STATE_HOME} is
   * ignored, as the XDG specification says).
   *
   * @param env the environment to read {@code XDG_STATE_HOME} and {@code HOME} from
   */
  public static Path stateFolder(Map<String, String> env) {
    return xdgFolder(env, "XDG_STATE_HOME", ".local/state");
  }

  /** chatlog's folder in an XDG base folder: the variable's absolute path, else under home. */
  private static Path xdgFolder(Map<String, String> env, String variable, String underHome) {
    String xdg = env.getOrDefault(variable, "");
    Path base =
        !xdg.isEmpty() && Path.of(xdg).isAbsolute()
            ? Path.of(xdg)
            : Path.of(home(env)).resolve(underHome);
    return base.resolve("chatlog").normalize();
  }

  /** The folder of {@link #stateFolder(Map)} for this environment. */
  public Path stateFolder() {
    return stateFolder(env);
  }

  /**
   * Whether secrets are redacted before anything is saved or imported: {@link #REDACT}, true by
   * default.
   *
   * @throws InvalidInputException naming the variable and its value when it is no boolean
   */
  public boolean redact() {
    return values().bool(REDACT, true);
  }

  /**
   * The file of redaction rules to add to the default ones, {@link #REDACT_RULES}; empty when
   * unset.
   *
   * @throws InvalidInputException naming the variable and its value when it is no absolute path
   */
  public Optional<Path> redactRules() {
    return values().path(REDACT_RULES);
  }

  /**
   * The largest input a save reads, in bytes: {@link #INPUT_MAX_MB} MiB, {@value
   * #DEFAULT_INPUT_MAX_MB} by default.
   *
   * @throws InvalidInputException naming the variable and its value when it is no whole number of
   *     at least 1
   */
  public long inputMaxBytes() {
    return values().integer(INPUT_MAX_MB, 1, Integer.MAX_VALUE, DEFAULT_INPUT_MAX_MB)
        * 1024L
        * 1024L;
  }

  /**
   * The log format, {@code text} (the default) or {@code json}.
   *
   * @throws InvalidInputException naming the variable and its value when it is neither
   */
  public String logFormat() {
    return values().oneOf(LOG_FORMAT, LOG_FORMATS, "text");
  }

  /**
   * The log level, lower case, {@code warn} by default.
   *
   * @throws InvalidInputException naming the variable and its value when it is no known level
   */
  public String logLevel() {
    return values().oneOf(LOG_LEVEL, LOG_LEVELS, "warn");
  }

  /**
   * The Pushgateway to push metrics to: an {@code http} or {@code https} URI with a host; empty
   * when unset.
   *
   * @throws InvalidInputException naming the variable and its value when it is no such URI
   */
  public Optional<URI> metricsPushgateway() {
    return values().uri(METRICS_PUSHGATEWAY, Set.of("http", "https"));
  }

  /**
   * The file to write metrics to; empty when unset.
   *
   * @throws InvalidInputException naming the variable and its value when it is no path
   */
  public Optional<Path> metricsFile() {
    Optional<Found> found = lookup(METRICS_FILE);
    if (found.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(Path.of(found.get().value().strip()).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      throw found.get().invalid(e.getMessage());
    }
  }

  /**
   * How long a push of metrics may take, {@link #DEFAULT_METRICS_TIMEOUT} by default.
   *
   * @throws InvalidInputException naming the variable and its value when it is no duration
   */
  public Duration metricsTimeout() {
    return values().duration(METRICS_TIMEOUT, DEFAULT_METRICS_TIMEOUT);
  }

  /**
   * The store URI as logs show it: without its query and with any user-info replaced by {@value
   * Setting#REDACTED}.
   *
   * @throws InvalidInputException when the store URI or an interpolation is bad
   */
  public String storeLocation() {
    return Redaction.redact(store().uri().toString());
  }

  /**
   * Every known setting with its effective value (interpolated, not otherwise validated) and where
   * it came from, followed by the store options; secret-looking names are marked secret.
   *
   * @throws InvalidInputException when the store URI or an interpolation is bad
   */
  public List<Setting> effective() {
    List<Setting> result = new ArrayList<>();
    StoreSetting store = store();
    result.add(new Setting(STORE, Redaction.redact(store.uri().toString()), store.source(), false));
    Map<String, String> defaults =
        Map.of(
            READ_ONLY,
            "false",
            CHUNK_MAX_CHARS,
            Integer.toString(ChatLogConfig.DEFAULT_CHUNK_MAX_CHARS),
            SEARCH_HALF_LIFE,
            Durations.format(ChatLogConfig.DEFAULT_SEARCH_HALF_LIFE),
            INPUT_MAX_MB,
            Integer.toString(DEFAULT_INPUT_MAX_MB),
            LOG_FORMAT,
            "text",
            LOG_LEVEL,
            "warn",
            METRICS_TIMEOUT,
            Durations.format(DEFAULT_METRICS_TIMEOUT),
            REDACT,
            "on");
    for (String name : KNOWN.subList(1, KNOWN.size())) {
      result.add(
          lookup(name)
              .map(v -> new Setting(name, v.value(), v.source(), Redaction.isSecretName(name)))
              .orElseGet(() -> new Setting(name, defaults.getOrDefault(name, ""), DEFAULT, false)));
    }
    store
        .options()
        .forEach(
            (key, option) ->
                result.add(
                    new Setting(
                        key,
                        Redaction.redact(option.value()),
                        option.source(),
                        Redaction.isSecretName(key))));
    return List.copyOf(result);
  }

  // ---- lookup ----

  /** A value found in the environment, interpolated. */
  private record Found(String variable, String raw, String value, boolean legacy) {
    String source() {
      return "env " + variable + (legacy ? " (legacy)" : "");
    }

    InvalidInputException invalid(String detail) {
      return Options.invalid(variable, raw, detail);
    }
  }

  private Optional<Found> lookup(String name) {
    String suffix = name.substring("CHM_".length());
    Optional<Found> found = variable(name, false);
    if (found.isEmpty()) {
      found = variable("CHATLOG_" + suffix, true);
    }
    if (found.isEmpty()) {
      found = variable("CHAT_" + suffix, true);
    }
    return found;
  }

  private Optional<Found> variable(String variable, boolean legacy) {
    String raw = env.get(variable);
    if (raw == null || raw.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new Found(variable, raw, Interpolation.expand(env, variable, raw), legacy));
  }

  // ---- scalar settings ----

  /** The settings' values, read by the one reader; each named by the variable that held it. */
  private Options values() {
    return Options.named(
        name ->
            lookup(name)
                .map(
                    found ->
                        new Options.Value(
                            found.value().strip(),
                            found.variable(),
                            Redaction.isSecretName(found.variable())
                                ? Redaction.REDACTED
                                : found.raw())));
  }

  // ---- the store ----

  /** A store option and where it came from. */
  private record Option(String value, String source) {}

  /** The store URI without query, where it came from, and its options. */
  private record StoreSetting(URI uri, String source, Map<String, Option> options) {
    Map<String, String> optionValues() {
      Map<String, String> values = new TreeMap<>();
      for (Map.Entry<String, Option> option : options.entrySet()) {
        values.put(option.getKey(), option.getValue().value());
      }
      return values;
    }
  }

  private StoreSetting store() {
    Optional<Found> found = lookup(STORE);
    URI withQuery;
    String source;
    if (found.isPresent()) {
      withQuery = parseStore(found.get());
      source = found.get().source();
    } else {
      Optional<Found> baseDir = variable(LEGACY_BASE_DIR, true);
      if (baseDir.isPresent()) {
        withQuery = fileUri(baseDir.get(), baseDir.get().value());
        source = baseDir.get().source();
      } else {
        withQuery = defaultStore();
        source = DEFAULT;
      }
    }
    String scheme = withQuery.getScheme().toLowerCase(Locale.ROOT);
    String prefix = OPTION_PREFIX.getOrDefault(scheme, scheme);
    Map<String, Option> options = new TreeMap<>();
    if (withQuery.getRawQuery() != null && found.isPresent()) {
      queryOptions(found.get(), withQuery.getRawQuery(), prefix, options);
    }
    envOptions(prefix, options);
    return new StoreSetting(stripQuery(withQuery), source, Collections.unmodifiableMap(options));
  }

  private URI parseStore(Found v) {
    String value = v.value().strip();
    if (value.isEmpty()) {
      throw v.invalid("the value is empty");
    }
    if (value.startsWith("/")
        || value.startsWith("~/")
        || value.startsWith("./")
        || value.startsWith("../")
        || value.equals(".")
        || value.equals("..")) {
      return fileUri(v, value);
    }
    URI uri;
    try {
      uri = new URI(value);
    } catch (URISyntaxException e) {
      throw v.invalid(e.getMessage());
    }
    if (uri.getScheme() == null) {
      throw v.invalid(
          "expected a store URI such as file:///path, s3://bucket/prefix, gs://bucket/prefix or"
              + " sqlite:///path/chatlog.db, or a folder (/path, ~/path, ./path)");
    }
    String scheme = uri.getScheme().toLowerCase(Locale.ROOT);
    if (uri.isOpaque() && (scheme.equals("file") || scheme.equals("sqlite"))) {
      return absolute(v, scheme, uri.getRawSchemeSpecificPart());
    }
    return uri;
  }

  /**
   * A {@code file:} or {@code sqlite:} URI whose path is relative ({@code sqlite:x.db}, {@code
   * file:notes}: the working folder) or under {@code ~}, with that path made absolute, so that
   * {@code config} shows where the store is; a query is kept.
   */
  private URI absolute(Found v, String scheme, String pathAndQuery) {
    int question = pathAndQuery.indexOf('?');
    String path = question < 0 ? pathAndQuery : pathAndQuery.substring(0, question);
    String query = question < 0 ? "" : pathAndQuery.substring(question);
    if (path.equals("~")) {
      path = "~/";
    }
    URI folder = fileUri(v, URLDecoder.decode(path.replace("+", "%2B"), StandardCharsets.UTF_8));
    try {
      return new URI(scheme + "://" + folder.getRawPath() + query);
    } catch (URISyntaxException e) {
      throw v.invalid(e.getMessage());
    }
  }

  /** A {@code file:} URI of a folder; {@code ~/} is the home folder, relative paths the cwd. */
  private URI fileUri(Found v, String value) {
    String path = value.strip();
    if (path.isEmpty()) {
      throw v.invalid("the value is empty");
    }
    if (path.startsWith("~/")) {
      path = home() + path.substring(1);
    }
    try {
      return fileUri(Path.of(path).toAbsolutePath().normalize());
    } catch (InvalidPathException e) {
      throw v.invalid(e.getMessage());
    }
  }

  private static URI fileUri(Path path) {
    String text = path.toString().replace('\\', '/');
    if (!text.startsWith("/")) {
      text = "/" + text;
    }
    try {
      return new URI("file", "", text, null, null);
    } catch (URISyntaxException e) {
      throw new InvalidInputException("Cannot use folder '" + path + "': " + e.getMessage(), e);
    }
  }

  /** {@code ${XDG_DATA_HOME:-$HOME/.local/share}/chatlog} as a {@code file:} URI. */
  private URI defaultStore() {
    return fileUri(xdgFolder(env, "XDG_DATA_HOME", ".local/share"));
  }

  private String home() {
    return home(env);
  }

  /** The user's home folder: {@code HOME}, else the JVM's {@code user.home}. */
  public Path homeFolder() {
    return Path.of(home());
  }

  private static String home(Map<String, String> env) {
    String home = env.getOrDefault("HOME", "");
    return home.isEmpty() ? System.getProperty("user.home") : home;
  }

  private static URI stripQuery(URI uri) {
    if (uri.getRawQuery() == null) {
      return uri;
    }
    String text = uri.toString();
    int question = text.indexOf('?');
    int hash = text.indexOf('#', question);
    return URI.create(text.substring(0, question) + (hash < 0 ? "" : text.substring(hash)));
  }

  private static void queryOptions(
      Found store, String rawQuery, String prefix, Map<String, Option> options) {
    for (String pair : rawQuery.split("&")) {
      if (pair.isEmpty()) {
        continue;
      }
      int eq = pair.indexOf('=');
      if (eq <= 0) {
        throw store.invalid("query parameter '" + pair + "' needs the form name=value");
      }
      String name = URLDecoder.decode(pair.substring(0, eq), StandardCharsets.UTF_8);
      String value = URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8);
      // A dotted name is already a full option key: the store's own (s3.region) or the shared
      // engine's (engine.compact-threshold); a plain name belongs to the store's prefix.
      String key = name.contains(".") ? name : prefix + "." + kebab(name);
      options.put(key, new Option(value, store.variable() + " query"));
    }
  }

  private void envOptions(String prefix, Map<String, Option> options) {
    String start = "CHM_" + prefix.toUpperCase(Locale.ROOT) + "_";
    for (Map.Entry<String, String> entry : new TreeMap<>(env).entrySet()) {
      String variable = entry.getKey();
      if (!variable.startsWith(start)
          || variable.length() == start.length()
          || entry.getValue().isEmpty()) {
        continue;
      }
      Found v = variable(variable, false).orElseThrow();
      String key = prefix + "." + kebab(variable.substring(start.length()));
      Option previous = options.get(key);
      if (previous != null && !previous.value().equals(v.value())) {
        throw v.invalid(
            "conflicts with " + key + "='" + previous.value() + "' from " + previous.source());
      }
      options.put(key, new Option(v.value(), v.source()));
    }
  }

  /** {@code PATH_STYLE}, {@code path_style} and {@code pathStyle} all become {@code path-style}. */
  static String kebab(String name) {
    boolean mixedCase =
        !name.equals(name.toUpperCase(Locale.ROOT)) && !name.equals(name.toLowerCase(Locale.ROOT));
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (mixedCase && Character.isUpperCase(c) && i > 0) {
        out.append('-');
      }
      out.append(c == '_' ? '-' : Character.toLowerCase(c));
    }
    return out.toString();
  }
}
