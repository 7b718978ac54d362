package dev.chatlog.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class S3OptionsTest {
  private static final Set<String> ENGINE = Set.of("engine.read-threads");

  private static S3Options parse(String uri, Map<String, String> options) {
    return S3Options.parse(URI.create(uri), options, ENGINE);
  }

  @Test
  void parsesUriQueryAndOptions() {
    S3Options options =
        parse(
            "s3://my-bucket/team/chats/?region=eu-west-1&path-style=true&s3.timeout=500ms",
            Map.of(
                S3Options.ENDPOINT,
                "http://127.0.0.1:9000",
                S3Options.SSE,
                "aws:kms",
                S3Options.KMS_KEY_ID,
                "key-1",
                S3Options.MAX_ATTEMPTS,
                "7",
                S3Options.PROFILE,
                "work",
                "engine.read-threads",
                "4"));

    assertThat(options.bucket()).isEqualTo("my-bucket");
    assertThat(options.prefix()).isEqualTo("team/chats");
    assertThat(options.location()).isEqualTo("s3://my-bucket/team/chats");
    assertThat(options.region()).contains("eu-west-1");
    assertThat(options.pathStyle()).isTrue();
    assertThat(options.timeout()).isEqualTo(Duration.ofMillis(500));
    assertThat(options.endpoint()).contains(URI.create("http://127.0.0.1:9000"));
    assertThat(options.sse()).contains("aws:kms");
    assertThat(options.kmsKeyId()).contains("key-1");
    assertThat(options.maxAttempts()).isEqualTo(7);
    assertThat(options.profile()).contains("work");
    assertThat(options.allowUnsafeWrites()).isFalse();
    assertThat(options.engineOptions()).containsExactly(Map.entry("engine.read-threads", "4"));
  }

  @Test
  void defaults() {
    S3Options options = parse("s3://bucket", Map.of());

    assertThat(options.prefix()).isEmpty();
    assertThat(options.location()).isEqualTo("s3://bucket");
    assertThat(options.region()).isEmpty();
    assertThat(options.endpointName()).isEqualTo("AWS S3 (default region)");
    assertThat(options.maxAttempts()).isEqualTo(S3Options.DEFAULT_MAX_ATTEMPTS);
    assertThat(options.timeout()).isEqualTo(S3Options.DEFAULT_TIMEOUT);
    assertThat(options.sse()).isEqualTo(Optional.empty());
    assertThat(options.segmentCache()).isTrue();
    assertThat(options.cacheKey()).isEqualTo("s3://bucket");
  }

  @Test
  void theSegmentCacheCanBeTurnedOffInTheUriOrAsAnOption() {
    assertThat(parse("s3://bucket/p?segment-cache=false", Map.of()).segmentCache()).isFalse();
    assertThat(parse("s3://bucket/p", Map.of(S3Options.SEGMENT_CACHE, "FALSE")).segmentCache())
        .isFalse();
    assertThat(parse("s3://bucket/p", Map.of(S3Options.SEGMENT_CACHE, "true")).segmentCache())
        .isTrue();
    assertThat(parse("s3://bucket?segment-cache=off", Map.of()).segmentCache()).isFalse();
    assertThatThrownBy(() -> parse("s3://bucket?segment-cache=never", Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option s3.segment-cache 'never': expected true or false (also 1/0, yes/no,"
                + " on/off)");
  }

  @Test
  void theCacheKeyNamesTheEndpointWhenOneIsSet() {
    assertThat(parse("s3://bucket/p?endpoint=http://127.0.0.1:9000", Map.of()).cacheKey())
        .isEqualTo("http://127.0.0.1:9000 s3://bucket/p");
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "s3://Bad_Bucket|invalid bucket name 'Bad_Bucket'",
        "s3://ab|invalid bucket name 'ab'",
        "s3://a..b|invalid bucket name 'a..b'",
        "s3://192.168.1.1|invalid bucket name '192.168.1.1'",
        "s3:///prefix|no bucket",
        "s3://bucket/a/../b|invalid prefix 'a/../b'",
        "s3://bucket?region|URI parameter 'region' has no value",
        "s3://bucket?region=a&region=b|URI parameter 'region' is given twice",
        "s3://user@bucket|may not hold credentials or a port",
        "file:///x|not an s3:// URI"
      })
  void badLocationsGetOneClearLine(String uri, String detail) {
    assertThatThrownBy(() -> parse(uri, Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot open ")
        .hasMessageContaining(detail);
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "s3://bucket?colour=red|Cannot use option s3.colour 'red': unknown option; valid options:",
        "s3://bucket?sse=DES|Cannot use option s3.sse 'DES': expected AES256 or aws:kms",
        "s3://bucket?kms-key-id=k|Cannot use option s3.kms-key-id 'k': needs s3.sse=aws:kms",
        "s3://bucket?max-attempts=0|Cannot use option s3.max-attempts '0': expected a whole number"
            + " from 1 to 20",
        "s3://bucket?max-attempts=x|Cannot use option s3.max-attempts 'x': expected a whole number"
            + " from 1 to 20",
        "s3://bucket?timeout=soon|Cannot use option s3.timeout 'soon': expected a duration such as"
            + " 500ms, 30s, 2m, 12h, 7d or PT30S",
        "s3://bucket?timeout=30|Cannot use option s3.timeout '30': a duration needs a unit, such as"
            + " 30s or 30ms",
        "s3://bucket?timeout=0s|Cannot use option s3.timeout '0s': expected a positive duration",
        "s3://bucket?timeout=99999999999999999999s|Cannot use option s3.timeout"
            + " '99999999999999999999s': expected a duration such as",
        "s3://bucket?path-style=maybe|Cannot use option s3.path-style 'maybe': expected true or"
            + " false",
        "s3://bucket?endpoint=ftp://x|Cannot use option s3.endpoint 'ftp://x': expected a http or"
            + " https URI such as http://host:port",
        "s3://bucket?endpoint=http://u:p@x|Cannot use option s3.endpoint 'http://****@x':"
            + " credentials do not belong in the URI",
        "s3://bucket?region=EU_West|Cannot use option s3.region 'EU_West': expected a region such"
            + " as eu-west-1"
      })
  void badValuesAreRefusedByTheOneReader(String uri, String message) {
    assertThatThrownBy(() -> parse(uri, Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(message);
  }

  @Test
  void unknownOptionsListTheValidOnes() {
    assertThatThrownBy(() -> parse("s3://bucket", Map.of("s3.colour", "red")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option s3.colour 'red': unknown option; valid options: "
                + "engine.read-threads, s3.allow-unsafe-writes, s3.endpoint, s3.kms-key-id, "
                + "s3.max-attempts, s3.path-style, s3.probe-cache, s3.profile, s3.region, "
                + "s3.segment-cache, s3.sse, s3.timeout");
  }

  @Test
  void anOptionThatContradictsTheUriIsAnError() {
    assertThatThrownBy(
            () -> parse("s3://bucket?region=eu-west-1", Map.of(S3Options.REGION, "us-east-1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot open s3://bucket: option 's3.region' is 'us-east-1' but the URI says 'eu-west-1'");
    assertThat(
            parse("s3://bucket?region=eu-west-1&timeout=2m", Map.of(S3Options.REGION, "eu-west-1"))
                .timeout())
        .isEqualTo(Duration.ofMinutes(2));
    assertThat(parse("s3://bucket?timeout=PT3S&allow-unsafe-writes=TRUE", Map.of()).timeout())
        .isEqualTo(Duration.ofSeconds(3));
    assertThat(parse("s3://bucket?timeout=30S&path-style=yes", Map.of()).timeout())
        .isEqualTo(Duration.ofSeconds(30));
  }
}
