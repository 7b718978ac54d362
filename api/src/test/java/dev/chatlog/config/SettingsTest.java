package dev.chatlog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.tuple;

import dev.chatlog.error.InvalidInputException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class SettingsTest {
  private static final String LOG = "CHM_LOG_FORMAT";
  private static final Map<String, String> HOME = Map.of("HOME", "/home/ada");

  private static Map<String, String> env(String... pairs) {
    Map<String, String> env = new HashMap<>(HOME);
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return env;
  }

  private static ChatLogConfig config(String... pairs) {
    return Settings.from(env(pairs)).toConfig();
  }

  private static Setting setting(Settings settings, String name) {
    return settings.effective().stream()
        .filter(s -> s.name().equals(name))
        .findFirst()
        .orElseThrow();
  }

  @Test
  void defaultsEverything() {
    ChatLogConfig config = config();
    assertThat(config.store()).isEqualTo(URI.create("file:///home/ada/.local/share/chatlog"));
    assertThat(config.storeOptions()).isEmpty();
    assertThat(config.readOnly()).isFalse();
    assertThat(config.chunkMaxChars()).isEqualTo(16_000);
    assertThat(config.searchHalfLife()).isEqualTo(Duration.ofDays(30));
    assertThat(config.retentionMaxChunks()).isEmpty();
    assertThat(config.retentionMaxAge()).isEmpty();
    assertThat(config).isEqualTo(ChatLogConfig.forStore(config.store()));
  }

  @Test
  void defaultStoreFollowsXdgDataHome() {
    assertThat(config("XDG_DATA_HOME", "/data").store())
        .isEqualTo(URI.create("file:///data/chatlog"));
    assertThat(config("XDG_DATA_HOME", "").store())
        .isEqualTo(URI.create("file:///home/ada/.local/share/chatlog"));
    assertThat(config("XDG_DATA_HOME", "relative/data").store())
        .as("the XDG spec ignores relative paths")
        .isEqualTo(URI.create("file:///home/ada/.local/share/chatlog"));
  }

  @Test
  void defaultStoreUsesTheHomeFromTheMap() {
    assertThat(Settings.from(Map.of("HOME", "/users/bob")).toConfig().store())
        .isEqualTo(URI.create("file:///users/bob/.local/share/chatlog"));
  }

  @Test
  void storeUriComesFromChmStore() {
    ChatLogConfig config = config("CHM_STORE", "s3://team-bucket/chats");
    assertThat(config.store()).isEqualTo(URI.create("s3://team-bucket/chats"));
    assertThat(setting(Settings.from(env("CHM_STORE", "s3://b/p")), "CHM_STORE"))
        .isEqualTo(new Setting("CHM_STORE", "s3://b/p", "env CHM_STORE", false));
  }

  @Test
  void anAbsolutePathIsAFileStore() {
    assertThat(config("CHM_STORE", "/var/chat log").store())
        .isEqualTo(URI.create("file:///var/chat%20log"));
    assertThat(config("CHM_STORE", "~/notes/chats").store())
        .isEqualTo(URI.create("file:///home/ada/notes/chats"));
  }

  @Test
  void legacyBaseDirIsAFileStoreThere() {
    Settings settings = Settings.from(env("CHAT_HISTORY_BASE_DIR", "/srv/history"));
    assertThat(settings.toConfig().store()).isEqualTo(URI.create("file:///srv/history"));
    assertThat(setting(settings, "CHM_STORE").source())
        .isEqualTo("env CHAT_HISTORY_BASE_DIR (legacy)");
  }

  @Test
  void relativeLegacyBaseDirIsResolvedAgainstTheWorkingFolder() {
    URI expected =
        URI.create(
            "file://"
                + Path.of("rel")
                    .toAbsolutePath()
                    .normalize()
                    .toUri()
                    .getRawPath()
                    .replaceAll("/$", ""));
    assertThat(config("CHAT_HISTORY_BASE_DIR", "rel").store()).isEqualTo(expected);
  }

  @Test
  void chmStoreWinsOverEveryLegacyName() {
    assertThat(
            config(
                    "CHAT_HISTORY_BASE_DIR", "/old",
                    "CHAT_STORE", "file:///chat",
                    "CHATLOG_STORE", "file:///chatlog",
                    "CHM_STORE", "file:///chm")
                .store())
        .isEqualTo(URI.create("file:///chm"));
    assertThat(
            config(
                    "CHAT_HISTORY_BASE_DIR", "/old",
                    "CHAT_STORE", "file:///chat",
                    "CHATLOG_STORE", "file:///chatlog")
                .store())
        .isEqualTo(URI.create("file:///chatlog"));
    assertThat(config("CHAT_HISTORY_BASE_DIR", "/old", "CHAT_STORE", "file:///chat").store())
        .isEqualTo(URI.create("file:///chat"));
  }

  @Test
  void legacyNamesWorkForEverySetting() {
    ChatLogConfig config =
        config(
            "CHATLOG_READ_ONLY", "true",
            "CHAT_CHUNK_MAX_CHARS", "500",
            "CHAT_SEARCH_HALF_LIFE", "12h",
            "CHATLOG_RETENTION_MAX_CHUNKS", "1000",
            "CHAT_RETENTION_MAX_AGE_DAYS", "90");
    assertThat(config.readOnly()).isTrue();
    assertThat(config.chunkMaxChars()).isEqualTo(500);
    assertThat(config.searchHalfLife()).isEqualTo(Duration.ofHours(12));
    assertThat(config.retentionMaxChunks()).isEqualTo(OptionalLong.of(1000));
    assertThat(config.retentionMaxAge()).isEqualTo(Optional.of(Duration.ofDays(90)));
    Settings settings = Settings.from(env("CHAT_LOG_FORMAT", "json", "CHATLOG_LOG_LEVEL", "DEBUG"));
    assertThat(settings.logFormat()).isEqualTo("json");
    assertThat(settings.logLevel()).isEqualTo("debug");
    assertThat(setting(settings, "CHM_LOG_LEVEL").source())
        .isEqualTo("env CHATLOG_LOG_LEVEL (legacy)");
  }

  @Test
  void chmNameWinsOverLegacyNames() {
    Settings settings =
        Settings.from(
            env(
                "CHM_CHUNK_MAX_CHARS", "100",
                "CHATLOG_CHUNK_MAX_CHARS", "200",
                "CHAT_CHUNK_MAX_CHARS", "300"));
    assertThat(settings.toConfig().chunkMaxChars()).isEqualTo(100);
    assertThat(setting(settings, "CHM_CHUNK_MAX_CHARS"))
        .isEqualTo(new Setting("CHM_CHUNK_MAX_CHARS", "100", "env CHM_CHUNK_MAX_CHARS", false));
  }

  @Test
  void anEmptyVariableCountsAsUnset() {
    assertThat(config("CHM_CHUNK_MAX_CHARS", "", "CHAT_CHUNK_MAX_CHARS", "42").chunkMaxChars())
        .isEqualTo(42);
  }

  @ParameterizedTest
  @CsvSource({"1,true", "true,true", "YES,true", "on,true", "0,false", "False,false", "no,false"})
  void readOnlyAcceptsCommonSpellings(String value, boolean expected) {
    assertThat(config("CHM_READ_ONLY", value).readOnly()).isEqualTo(expected);
  }

  @Test
  void readOnlyRejectsOtherValues() {
    assertThatThrownBy(() -> config("CHM_READ_ONLY", "maybe"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHM_READ_ONLY 'maybe': expected true or false (also 1/0, yes/no, on/off)");
  }

  @Test
  void chunkMaxCharsMustBeAPositiveNumber() {
    assertThatThrownBy(() -> config("CHM_CHUNK_MAX_CHARS", "lots"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHM_CHUNK_MAX_CHARS 'lots': expected a whole number from 1 to 2147483647");
    assertThatThrownBy(() -> config("CHAT_CHUNK_MAX_CHARS", "0"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHAT_CHUNK_MAX_CHARS '0': expected a whole number from 1 to 2147483647");
    assertThatThrownBy(() -> config("CHM_CHUNK_MAX_CHARS", "99999999999"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHM_CHUNK_MAX_CHARS '99999999999': expected a whole number from 1 to"
                + " 2147483647");
  }

  @Test
  void otherBadValuesNameTheirVariable() {
    assertThatThrownBy(() -> config("CHM_SEARCH_HALF_LIFE", "soon"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHM_SEARCH_HALF_LIFE 'soon': expected a duration such as 500ms, 30s, 2m,"
                + " 12h, 7d or PT30S");
    assertThatThrownBy(() -> config("CHM_RETENTION_MAX_CHUNKS", "-5"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHM_RETENTION_MAX_CHUNKS '-5': expected a whole number of at least 1");
    assertThatThrownBy(() -> config("CHM_RETENTION_MAX_AGE_DAYS", "7d"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHM_RETENTION_MAX_AGE_DAYS '7d': expected a whole number from 1 to"
                + " 2147483647");
    assertThatThrownBy(() -> Settings.from(env("CHM_LOG_FORMAT", "xml")).logFormat())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use CHM_LOG_FORMAT 'xml': expected text or json");
    assertThatThrownBy(() -> Settings.from(env("CHM_LOG_LEVEL", "loud")).logLevel())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHM_LOG_LEVEL 'loud': expected one of error, warn, info, debug, trace");
  }

  @Test
  void aBadValueShowsTheTextOfItsVariableAndHidesSecrets() {
    assertThatThrownBy(() -> config("CHM_CHUNK_MAX_CHARS", "${SIZE}", "SIZE", "lots"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHM_CHUNK_MAX_CHARS '${SIZE}': expected a whole number from 1 to"
                + " 2147483647");
    assertThatThrownBy(
            () -> Settings.from(env("CHM_LOG_LEVEL", "${TOKEN}", "TOKEN", "t0k3n")).logLevel())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHM_LOG_LEVEL '${TOKEN}': expected one of error, warn, info, debug, trace");
  }

  @Test
  void durationsOfSettingsFollowTheOneGrammar() {
    assertThat(config("CHM_SEARCH_HALF_LIFE", "500ms").searchHalfLife())
        .isEqualTo(Duration.ofMillis(500));
    assertThat(config("CHM_SEARCH_HALF_LIFE", "2W").searchHalfLife())
        .isEqualTo(Duration.ofDays(14));
    assertThatThrownBy(() -> config("CHM_SEARCH_HALF_LIFE", "30"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHM_SEARCH_HALF_LIFE '30': a duration needs a unit, such as 30s or 30ms");
  }

  @Test
  void logSettingsHaveDefaults() {
    Settings settings = Settings.from(HOME);
    assertThat(settings.logFormat()).isEqualTo("text");
    assertThat(settings.logLevel()).isEqualTo("warn");
  }

  @Test
  void aMalformedStoreUriIsRejected() {
    assertThatThrownBy(() -> config("CHM_STORE", "s3://bucket/a b"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHM_STORE 's3://bucket/a b': Illegal character in path at index 13:"
                + " s3://bucket/a b");
    assertThatThrownBy(() -> config("CHM_STORE", "my-bucket"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHM_STORE 'my-bucket': expected a store URI such as file:///path,"
                + " s3://bucket/prefix, gs://bucket/prefix or sqlite:///path/chatlog.db, or a"
                + " folder (/path, ~/path, ./path)");
    assertThatThrownBy(() -> config("CHM_STORE", "${NOTHING}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use CHM_STORE '${NOTHING}': the value is empty");
  }

  @Test
  void interpolatesVariables() {
    assertThat(config("BUCKET", "team", "CHM_STORE", "s3://${BUCKET}/chats").store())
        .isEqualTo(URI.create("s3://team/chats"));
    assertThat(config("CHM_STORE", "s3://${BUCKET:-fallback}/chats").store())
        .isEqualTo(URI.create("s3://fallback/chats"));
    assertThat(config("BUCKET", "", "CHM_STORE", "s3://${BUCKET:-fallback}/chats").store())
        .as("an empty variable takes the default, as in the shell")
        .isEqualTo(URI.create("s3://fallback/chats"));
    assertThat(config("CHM_STORE", "s3://b/${A:-${B:-x}}-${C:-}end").store())
        .as("nested defaults")
        .isEqualTo(URI.create("s3://b/x-end"));
    assertThat(config("B", "y", "CHM_STORE", "s3://b/${A:-${B:-x}}").store())
        .isEqualTo(URI.create("s3://b/y"));
    assertThat(config("CHM_STORE", "s3://b/p${MISSING}q").store())
        .as("a missing variable is empty")
        .isEqualTo(URI.create("s3://b/pq"));
    assertThat(
            setting(Settings.from(env("N", "${X}", "X", "x", "CHM_LOG_FORMAT", "a${N}")), LOG)
                .value())
        .as("values of variables are not expanded again")
        .isEqualTo("a${X}");
  }

  @Test
  void dollarSignsWithoutBraceStay() {
    assertThat(config("CHM_STORE", "s3://b/$HOME$").store()).isEqualTo(URI.create("s3://b/$HOME$"));
  }

  @Test
  void anUnclosedReferenceNamesTheSetting() {
    assertThatThrownBy(() -> config("CHM_STORE", "s3://${BUCKET/chats"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use CHM_STORE 's3://${BUCKET/chats': unexpected '/' in ${BUCKET...}");
    assertThatThrownBy(() -> config("CHM_CHUNK_MAX_CHARS", "${SIZE"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use CHM_CHUNK_MAX_CHARS '${SIZE': '${' without a closing '}'");
    assertThatThrownBy(() -> Settings.from(env("CHAT_LOG_LEVEL", "${A:-${B:-x}")).logLevel())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use CHAT_LOG_LEVEL '${A:-${B:-x}': '${' without a closing '}'");
    assertThatThrownBy(() -> config("CHM_STORE", "s3://b/${}"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use CHM_STORE 's3://b/${}': '${' must be followed by a variable name");
  }

  @Test
  void storeOptionsComeFromTheQueryAndFromVariables() {
    Settings settings =
        Settings.from(
            env(
                "CHM_STORE", "s3://bucket/prefix?region=eu-west-1&endpoint=http%3A%2F%2Flocalhost",
                "CHM_S3_PATH_STYLE", "true",
                "CHM_GCS_PROJECT_ID", "ignored-for-s3",
                "CHM_FS_FSYNC", "ignored-too"));
    ChatLogConfig config = settings.toConfig();
    assertThat(config.store()).isEqualTo(URI.create("s3://bucket/prefix"));
    assertThat(config.storeOptions())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of(
                "s3.region", "eu-west-1",
                "s3.endpoint", "http://localhost",
                "s3.path-style", "true"));
    assertThat(settings.effective())
        .filteredOn(s -> s.name().startsWith("s3."))
        .extracting(Setting::name, Setting::source)
        .containsExactly(
            tuple("s3.endpoint", "CHM_STORE query"),
            tuple("s3.path-style", "env CHM_S3_PATH_STYLE"),
            tuple("s3.region", "CHM_STORE query"));
  }

  @Test
  void optionPrefixFollowsTheScheme() {
    assertThat(config("CHM_STORE", "gs://b/p?projectId=demo").storeOptions())
        .containsExactlyEntriesOf(Map.of("gcs.project-id", "demo"));
    assertThat(config("CHM_STORE", "file:///x?fs.fsync=false").storeOptions())
        .containsExactlyEntriesOf(Map.of("fs.fsync", "false"));
    assertThat(
            config("CHM_STORE", "sqlite:///x/chatlog.db", "CHM_SQLITE_BUSY_TIMEOUT", "${T:-5s}")
                .storeOptions())
        .containsExactlyEntriesOf(Map.of("sqlite.busy-timeout", "5s"));
    assertThat(config("CHAT_HISTORY_BASE_DIR", "/h", "CHM_FS_FSYNC", "false").storeOptions())
        .containsExactlyEntriesOf(Map.of("fs.fsync", "false"));
  }

  @Test
  void dottedQueryNamesAreFullOptionKeysSoEngineOptionsReachBlobStores() {
    assertThat(
            config("CHM_STORE", "file:///x?engine.compact-threshold=7&s3.ignored=1").storeOptions())
        .containsExactlyInAnyOrderEntriesOf(
            Map.of("engine.compact-threshold", "7", "s3.ignored", "1"));
  }

  @Test
  void queryAndVariableMustAgree() {
    assertThat(config("CHM_STORE", "s3://b?region=x", "CHM_S3_REGION", "x").storeOptions())
        .containsExactlyEntriesOf(Map.of("s3.region", "x"));
    assertThatThrownBy(
            () -> config("CHM_STORE", "s3://b?region=x", "CHM_S3_REGION", "y").storeOptions())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHM_S3_REGION 'y': conflicts with s3.region='x' from CHM_STORE query");
  }

  @Test
  void aQueryParameterNeedsAValue() {
    assertThatThrownBy(() -> config("CHM_STORE", "s3://b/p?region"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHM_STORE 's3://b/p?region': query parameter 'region' needs the form"
                + " name=value");
  }

  @Test
  void effectiveListsEveryKnownSettingWithItsSource() {
    Settings settings = Settings.from(env("CHM_CHUNK_MAX_CHARS", "${SIZE:-800}"));
    List<Setting> effective = settings.effective();
    assertThat(effective).extracting(Setting::name).containsExactlyElementsOf(Settings.KNOWN);
    assertThat(effective)
        .extracting(Setting::name, Setting::value, Setting::source)
        .containsExactly(
            tuple("CHM_STORE", "file:///home/ada/.local/share/chatlog", "default"),
            tuple("CHM_READ_ONLY", "false", "default"),
            tuple("CHM_CHUNK_MAX_CHARS", "800", "env CHM_CHUNK_MAX_CHARS"),
            tuple("CHM_SEARCH_HALF_LIFE", "30d", "default"),
            tuple("CHM_RETENTION_MAX_CHUNKS", "", "default"),
            tuple("CHM_RETENTION_MAX_AGE_DAYS", "", "default"),
            tuple("CHM_INPUT_MAX_MB", "256", "default"),
            tuple("CHM_LOG_FORMAT", "text", "default"),
            tuple("CHM_LOG_LEVEL", "warn", "default"),
            tuple("CHM_METRICS_PUSHGATEWAY", "", "default"),
            tuple("CHM_METRICS_FILE", "", "default"),
            tuple("CHM_METRICS_TIMEOUT", "3s", "default"),
            tuple("CHM_REDACT", "on", "default"),
            tuple("CHM_REDACT_RULES", "", "default"));
  }

  @Test
  void secretsAreRedacted() {
    Settings settings =
        Settings.from(
            env(
                "CHM_STORE", "s3://b?session-token=abc",
                "CHM_S3_SECRET_ACCESS_KEY", "s3cr3t",
                "CHM_S3_ACCESS_KEY_ID", "AKIA1",
                "CHM_S3_REGION", "eu"));
    assertThat(settings.effective())
        .filteredOn(s -> s.name().startsWith("s3."))
        .extracting(Setting::name, Setting::displayValue, Setting::secret)
        .containsExactly(
            tuple("s3.access-key-id", "AKIA1", false),
            tuple("s3.region", "eu", false),
            tuple("s3.secret-access-key", "****", true),
            tuple("s3.session-token", "****", true));
    assertThat(settings.effective().toString()).doesNotContain("s3cr3t").doesNotContain("abc");
  }

  @Test
  void secretNamesFollowOneRule() {
    assertThat(Redaction.isSecretName("CHM_S3_API_KEY")).isTrue();
    assertThat(Redaction.isSecretName("gcs.password")).isTrue();
    assertThat(Redaction.isSecretName("s3.access-key-id")).isFalse();
    assertThat(Redaction.isSecretName("s3.access-key-id-secret")).isTrue();
    assertThat(Redaction.isSecretName("CHM_STORE")).isFalse();
  }

  @Test
  void kebabCasesEveryStyle() {
    assertThat(Settings.kebab("PATH_STYLE")).isEqualTo("path-style");
    assertThat(Settings.kebab("path_style")).isEqualTo("path-style");
    assertThat(Settings.kebab("pathStyle")).isEqualTo("path-style");
    assertThat(Settings.kebab("region")).isEqualTo("region");
  }

  @Test
  void configWithersKeepTheRest() {
    ChatLogConfig base = config("CHM_CHUNK_MAX_CHARS", "10");
    assertThat(base.withReadOnly(true).readOnly()).isTrue();
    assertThat(base.withReadOnly(true).chunkMaxChars()).isEqualTo(10);
    assertThat(base.withChunkMaxChars(20).chunkMaxChars()).isEqualTo(20);
    ChatLogConfig moved = base.withStore(URI.create("s3://b"), Map.of("s3.region", "eu"));
    assertThat(moved.store()).isEqualTo(URI.create("s3://b"));
    assertThat(moved.storeOptions()).containsExactlyEntriesOf(Map.of("s3.region", "eu"));
    assertThat(moved.chunkMaxChars()).isEqualTo(10);
    assertThatThrownBy(() -> base.withChunkMaxChars(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("chunkMaxChars must be at least 1: 0");
  }

  @Test
  void redactionIsOnByDefaultAndTurnsOffWithAnyFalseValue() {
    assertThat(Settings.from(HOME).redact()).isTrue();
    assertThat(Settings.from(HOME).redactRules()).isEmpty();
    for (String off : new String[] {"off", "false", "0", "NO"}) {
      assertThat(Settings.from(env("CHM_REDACT", off)).redact()).as(off).isFalse();
    }
    assertThat(Settings.from(env("CHM_REDACT", "on")).redact()).isTrue();
    assertThatThrownBy(() -> Settings.from(env("CHM_REDACT", "maybe")).redact())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use CHM_REDACT 'maybe': expected true or false (also 1/0, yes/no, on/off)");
  }

  @Test
  void redactionRulesAreAnAbsolutePath() {
    assertThat(
            Settings.from(env("RULES", "/etc/chatlog", "CHM_REDACT_RULES", "${RULES}/rules.txt"))
                .redactRules())
        .contains(Path.of("/etc/chatlog/rules.txt"));
    assertThatThrownBy(() -> Settings.from(env("CHM_REDACT_RULES", "rules.txt")).redactRules())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use CHM_REDACT_RULES 'rules.txt': expected an absolute path");
  }

  @Test
  void theStateFolderFollowsXdgStateHome() {
    assertThat(Settings.from(HOME).stateFolder())
        .isEqualTo(Path.of("/home/ada/.local/state/chatlog"));
    assertThat(Settings.stateFolder(env("XDG_STATE_HOME", "/var/state")))
        .isEqualTo(Path.of("/var/state/chatlog"));
    assertThat(Settings.stateFolder(env("XDG_STATE_HOME", "relative")))
        .isEqualTo(Path.of("/home/ada/.local/state/chatlog"));
  }

  @Test
  void metricsSettingsAreUnsetByDefault() {
    Settings settings = Settings.from(HOME);
    assertThat(settings.metricsPushgateway()).isEmpty();
    assertThat(settings.metricsFile()).isEmpty();
    assertThat(settings.metricsTimeout()).isEqualTo(Duration.ofSeconds(3));
  }

  @Test
  void metricsSettingsAreReadAndInterpolated() {
    Settings settings =
        Settings.from(
            env(
                "GW",
                "pushgateway:9091",
                "CHM_METRICS_PUSHGATEWAY",
                "http://${GW}",
                "CHATLOG_METRICS_FILE",
                "/var/lib/node/chatlog.prom",
                "CHM_METRICS_TIMEOUT",
                "PT0.5S"));
    assertThat(settings.metricsPushgateway()).contains(URI.create("http://pushgateway:9091"));
    assertThat(settings.metricsFile()).contains(Path.of("/var/lib/node/chatlog.prom"));
    assertThat(settings.metricsTimeout()).isEqualTo(Duration.ofMillis(500));
  }

  @Test
  void aPushgatewayMustBeAnHttpUriWithAHost() {
    for (String bad : new String[] {"pushgateway:9091", "ftp://gw", "http://", "http://a b"}) {
      assertThatThrownBy(
              () -> Settings.from(env("CHM_METRICS_PUSHGATEWAY", bad)).metricsPushgateway())
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "Cannot use CHM_METRICS_PUSHGATEWAY '"
                  + bad
                  + "': expected a http or https URI such as http://host:port");
    }
    assertThat(Settings.from(env("CHM_METRICS_PUSHGATEWAY", "HTTPS://gw")).metricsPushgateway())
        .isPresent();
  }

  @Test
  void aBadMetricsFileOrTimeoutIsRefused() {
    assertThatThrownBy(() -> Settings.from(env("CHM_METRICS_FILE", "a\u0000b")).metricsFile())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot use CHM_METRICS_FILE 'a");
    assertThatThrownBy(() -> Settings.from(env("CHM_METRICS_TIMEOUT", "soon")).metricsTimeout())
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot use CHM_METRICS_TIMEOUT 'soon': expected a duration");
  }

  @Test
  void theStoreLocationForLogsHasNoCredentialsAndNoQuery() {
    assertThat(
            Settings.from(env("CHM_STORE", "s3://key:secret@bucket/p?region=eu-west-1"))
                .storeLocation())
        .isEqualTo("s3://****@bucket/p");
    assertThat(Settings.from(HOME).storeLocation())
        .isEqualTo("file:///home/ada/.local/share/chatlog");
  }
}
