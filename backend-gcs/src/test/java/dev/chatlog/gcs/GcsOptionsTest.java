package dev.chatlog.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class GcsOptionsTest {

  private static GcsOptions parse(String uri, Map<String, String> options) {
    return GcsOptions.parse(URI.create(uri), options);
  }

  @Test
  void aBareBucketHasAnEmptyPrefixAndDefaults() {
    GcsOptions options = parse("gs://team-bucket", Map.of());

    assertThat(options.bucket()).isEqualTo("team-bucket");
    assertThat(options.prefix()).isEmpty();
    assertThat(options.project()).isEmpty();
    assertThat(options.endpoint()).isEmpty();
    assertThat(options.noAuth()).isFalse();
    assertThat(options.maxAttempts()).isEqualTo(GcsOptions.DEFAULT_MAX_ATTEMPTS);
    assertThat(options.timeout()).isEqualTo(GcsOptions.DEFAULT_TIMEOUT);
    assertThat(options.location()).isEqualTo("gs://team-bucket");
    assertThat(options.segmentCache()).isTrue();
    assertThat(options.cacheKey()).isEqualTo("gs://team-bucket");
  }

  @Test
  void theSegmentCacheCanBeTurnedOff() {
    GcsOptions off =
        parse(
            "gs://bkt/p",
            Map.of(GcsOptions.SEGMENT_CACHE, "false", GcsOptions.ENDPOINT, "http://127.0.0.1:1"));

    assertThat(off.segmentCache()).isFalse();
    assertThat(off.cacheKey()).isEqualTo("http://127.0.0.1:1 gs://bkt/p");
    assertThat(parse("gs://bkt", Map.of(GcsOptions.SEGMENT_CACHE, "off")).segmentCache()).isFalse();
    assertThatThrownBy(() -> parse("gs://bkt", Map.of(GcsOptions.SEGMENT_CACHE, "never")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option gcs.segment-cache 'never': expected true or false (also 1/0,"
                + " yes/no, on/off)");
  }

  @Test
  void thePathIsThePrefixWithoutOuterSlashes() {
    GcsOptions options = parse("gs://team_bucket.example/chat/history/", Map.of());

    assertThat(options.bucket()).isEqualTo("team_bucket.example");
    assertThat(options.prefix()).isEqualTo("chat/history");
    assertThat(options.location()).isEqualTo("gs://team_bucket.example/chat/history");
  }

  @Test
  void everyOptionIsRead() {
    GcsOptions options =
        parse(
            "gs://b-1/p",
            Map.of(
                GcsOptions.PROJECT,
                "my-project-123",
                GcsOptions.ENDPOINT,
                "http://127.0.0.1:4443",
                GcsOptions.NO_AUTH,
                "TRUE",
                GcsOptions.MAX_ATTEMPTS,
                "2",
                GcsOptions.TIMEOUT,
                "1500ms",
                "engine.other",
                "left to the engine"));

    assertThat(options.project()).contains("my-project-123");
    assertThat(options.endpoint()).contains(URI.create("http://127.0.0.1:4443"));
    assertThat(options.noAuth()).isTrue();
    assertThat(options.maxAttempts()).isEqualTo(2);
    assertThat(options.timeout()).isEqualTo(Duration.ofMillis(1500));
  }

  @ParameterizedTest
  @CsvSource({"30s,30000", "30S,30000", "2m,120000", "PT5S,5000", "pt0.5s,500", "250ms,250"})
  void timeoutsTakeShortAndIsoForms(String text, long millis) {
    assertThat(parse("gs://bkt", Map.of(GcsOptions.TIMEOUT, text)).timeout())
        .isEqualTo(Duration.ofMillis(millis));
  }

  @ParameterizedTest
  @ValueSource(strings = {"soon", "0s", "-PT1S", "PT0S", "30"})
  void badTimeoutsAreRejectedByName(String text) {
    assertThatThrownBy(() -> parse("gs://bkt", Map.of(GcsOptions.TIMEOUT, text)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot use option gcs.timeout '" + text + "': ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "101", "many", "-1"})
  void badAttemptsAreRejectedByName(String text) {
    assertThatThrownBy(() -> parse("gs://bkt", Map.of(GcsOptions.MAX_ATTEMPTS, text)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot use option gcs.max-attempts '" + text + "': ");
  }

  @Test
  void unknownGcsKeysAreRefusedListingTheValidOnes() {
    assertThatThrownBy(() -> parse("gs://bkt", Map.of("gcs.project-id", "demo")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option gcs.project-id 'demo': unknown option; valid options: gcs.endpoint,"
                + " gcs.max-attempts, gcs.no-auth, gcs.project, gcs.segment-cache, gcs.timeout");
  }

  @Test
  void noAuthNeedsAnEndpoint() {
    assertThatThrownBy(() -> parse("gs://bkt", Map.of(GcsOptions.NO_AUTH, "true")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option gcs.no-auth: it is only allowed with gcs.endpoint (an emulator);"
                + " real GCS uses Application Default Credentials");
  }

  @Test
  void noAuthMustBeABoolean() {
    assertThatThrownBy(() -> parse("gs://bkt", Map.of(GcsOptions.NO_AUTH, "maybe")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option gcs.no-auth 'maybe': expected true or false (also 1/0, yes/no,"
                + " on/off)");
  }

  @ParameterizedTest
  @ValueSource(strings = {"ftp://host", "http://", "not a uri", "localhost:4443"})
  void badEndpointsAreRejectedByName(String text) {
    assertThatThrownBy(() -> parse("gs://bkt", Map.of(GcsOptions.ENDPOINT, text)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot use option gcs.endpoint '" + text + "': ");
  }

  @Test
  void credentialsInTheEndpointAreRejectedWithoutEchoingThem() {
    assertThatThrownBy(
            () -> parse("gs://bkt", Map.of(GcsOptions.ENDPOINT, "http://user:s3cret@host:1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageNotContaining("s3cret")
        .hasMessage(
            "Cannot use option gcs.endpoint 'http://****@host:1': credentials do not belong in the"
                + " URI");
  }

  @Test
  void badProjectIsRejectedByName() {
    assertThatThrownBy(() -> parse("gs://bkt", Map.of(GcsOptions.PROJECT, "No Such")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot use option gcs.project 'No Such': ");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gs://Upper", "gs://ab", "gs://-dash", "gs://a..b", "gs://bucket-"})
  void badBucketNamesAreRejectedByName(String uri) {
    assertThatThrownBy(() -> parse(uri, Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot open store '" + uri + "': bad bucket name");
  }

  @ParameterizedTest
  @ValueSource(strings = {"gs://bkt/a//b", "gs://bkt/a/../b", "gs://bkt/sp%20ace"})
  void badPrefixesAreRejected(String uri) {
    assertThatThrownBy(() -> parse(uri, Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot open store '" + uri + "': bad prefix");
  }

  @ParameterizedTest
  @ValueSource(strings = {"s3://bkt/p", "gs:opaque", "gs://bkt/p?gcs.project=x", "gs://bkt#f"})
  void otherUrisAreRejected(String uri) {
    assertThatThrownBy(() -> parse(uri, Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot open store '" + uri + "': ");
  }

  @Test
  void theRecordValidatesToo() {
    assertThatThrownBy(
            () ->
                new GcsOptions(
                    "bkt",
                    "",
                    Optional.empty(),
                    Optional.empty(),
                    false,
                    0,
                    Duration.ofSeconds(1),
                    true))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option gcs.max-attempts '0': expected a whole number from 1 to 100");
    assertThatThrownBy(
            () ->
                new GcsOptions(
                    "bkt", "", Optional.empty(), Optional.empty(), false, 1, Duration.ZERO, true))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use option gcs.timeout 'PT0S': expected a positive duration");
  }
}
