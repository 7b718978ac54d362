package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.config.Settings;
import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.engine.EngineOptions;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.gcs.GcsOptions;
import dev.chatlog.s3.S3Options;
import dev.chatlog.sqlite.SqliteOptions;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import java.util.function.Supplier;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The same text means the same thing in every module: each value goes the way a user sets it, as a
 * variable read by {@link Settings}, to the setting or to the store whose options read it.
 */
class OneValueGrammarTest {

  private static ChatLogConfig config(String... pairs) {
    Map<String, String> env = new LinkedHashMap<>();
    env.put("HOME", "/home/ada");
    for (int i = 0; i < pairs.length; i += 2) {
      env.put(pairs[i], pairs[i + 1]);
    }
    return Settings.from(env).toConfig();
  }

  private static S3Options s3(String variable, String text) {
    ChatLogConfig config = config("CHM_STORE", "s3://bucket/p", variable, text);
    return S3Options.parse(config.store(), config.storeOptions(), BlobChunkStore.OPTION_KEYS);
  }

  private static GcsOptions gcs(String variable, String text) {
    ChatLogConfig config =
        config(
            "CHM_STORE", "gs://bucket/p", "CHM_GCS_ENDPOINT", "http://127.0.0.1:1", variable, text);
    return GcsOptions.parse(config.store(), config.storeOptions());
  }

  private static SqliteOptions sqlite(String variable, String text) {
    return SqliteOptions.parse(
        config("CHM_STORE", "sqlite:///x/chatlog.db", variable, text).storeOptions());
  }

  /** The engine's options come from the query of the store URI (a dotted name is a full key). */
  private static EngineOptions engine(String key, String text) {
    String query = key + "=" + URLEncoder.encode(text, StandardCharsets.UTF_8);
    return EngineOptions.parse(config("CHM_STORE", "file:///x?" + query).storeOptions());
  }

  /** What a reader made of a text: its value, or the part of the refusal after the value. */
  private static String outcome(Supplier<?> reader) {
    try {
      return "read " + reader.get();
    } catch (InvalidInputException e) {
      String message = e.getMessage();
      assertThat(message).startsWith("Cannot use ");
      return "refused: " + message.substring(message.indexOf("': ") + 3);
    }
  }

  private static Map<String, String> outcomes(Map<String, Supplier<?>> readers) {
    Map<String, String> outcomes = new LinkedHashMap<>();
    readers.forEach((name, reader) -> outcomes.put(name, outcome(reader)));
    return outcomes;
  }

  private static <T> Supplier<?> of(Function<String, T> reader, String text) {
    return () -> reader.apply(text);
  }

  /** Texts inside every range: sqlite.busy-timeout also takes 0s, and at most 1d. */
  @ParameterizedTest
  @ValueSource(
      strings = {
        "30s", "30S", " 30s ", "500ms", "500MS", "PT30S", "pt0.5s", "2m", "1h", "1", "30", "soon",
        "1.5s", "-1s", "30x"
      })
  void aDurationReadsTheSameEverywhere(String text) {
    Map<String, String> outcomes =
        outcomes(
            Map.of(
                "s3.timeout",
                of(t -> s3("CHM_S3_TIMEOUT", t).timeout(), text),
                "gcs.timeout",
                of(t -> gcs("CHM_GCS_TIMEOUT", t).timeout(), text),
                "sqlite.busy-timeout",
                of(t -> sqlite("CHM_SQLITE_BUSY_TIMEOUT", t).busyTimeout(), text),
                "CHM_SEARCH_HALF_LIFE",
                of(t -> config("CHM_SEARCH_HALF_LIFE", t).searchHalfLife(), text)));

    assertThat(outcomes.values())
        .as(outcomes.toString())
        .hasSize(4)
        .containsOnly(outcomes.get("s3.timeout"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {"true", "TRUE", "yes", "On", "1", "false", "no", "OFF", "0", "maybe", "2", "y"})
  void aBooleanReadsTheSameEverywhere(String text) {
    Map<String, String> outcomes =
        outcomes(
            Map.of(
                "s3.path-style",
                of(t -> s3("CHM_S3_PATH_STYLE", t).pathStyle(), text),
                "s3.segment-cache",
                of(t -> s3("CHM_S3_SEGMENT_CACHE", t).segmentCache(), text),
                "gcs.segment-cache",
                of(t -> gcs("CHM_GCS_SEGMENT_CACHE", t).segmentCache(), text),
                "gcs.no-auth",
                of(t -> gcs("CHM_GCS_NO_AUTH", t).noAuth(), text),
                "CHM_READ_ONLY",
                of(t -> config("CHM_READ_ONLY", t).readOnly(), text)));

    assertThat(outcomes.values())
        .as(outcomes.toString())
        .hasSize(5)
        .containsOnly(outcomes.get("CHM_READ_ONLY"));
  }

  /** Texts inside every range; outside it each refusal names its own range. */
  @ParameterizedTest
  @ValueSource(strings = {"5", " 7 ", "+3", "0", "many", "2.5", "1e1", "-4"})
  void anIntegerReadsTheSameEverywhere(String text) {
    Map<String, String> outcomes =
        outcomes(
            Map.of(
                "s3.max-attempts",
                of(t -> s3("CHM_S3_MAX_ATTEMPTS", t).maxAttempts(), text),
                "gcs.max-attempts",
                of(t -> gcs("CHM_GCS_MAX_ATTEMPTS", t).maxAttempts(), text),
                "engine.read-threads",
                of(t -> engine(EngineOptions.READ_THREADS, t).readThreads(), text),
                "CHM_CHUNK_MAX_CHARS",
                of(t -> config("CHM_CHUNK_MAX_CHARS", t).chunkMaxChars(), text)));

    assertThat(outcomes.values())
        .as(outcomes.toString())
        .allSatisfy(
            outcome ->
                assertThat(outcome.replaceAll(" to \\d+$", ""))
                    .isEqualTo(outcomes.get("s3.max-attempts").replaceAll(" to \\d+$", "")));
  }
}
