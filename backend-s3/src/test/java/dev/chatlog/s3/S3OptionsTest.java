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
    assertThatThrownBy(() -> parse("s3://bucket?segment-cache=off", Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot open s3://bucket: s3.segment-cache must be true or false, not 'off'");
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
        "s3://bucket?colour=red|unknown URI parameter 'colour'",
        "s3://bucket?region|URI parameter 'region' has no value",
        "s3://bucket?region=a&region=b|URI parameter 'region' is given twice",
        "s3://bucket?sse=DES|invalid s3.sse 'DES'",
        "s3://bucket?kms-key-id=k|s3.kms-key-id needs s3.sse=aws:kms",
        "s3://bucket?max-attempts=0|s3.max-attempts must be a whole number from 1 to 20",
        "s3://bucket?max-attempts=x|s3.max-attempts must be a whole number from 1 to 20",
        "s3://bucket?timeout=soon|s3.timeout must be like 30s",
        "s3://bucket?timeout=0s|s3.timeout must be positive",
        "s3://bucket?timeout=99999999999999999999s|s3.timeout must be like 30s",
        "s3://bucket?path-style=yes|s3.path-style must be true or false",
        "s3://bucket?endpoint=ftp://x|invalid s3.endpoint 'ftp://x'",
        "s3://bucket?endpoint=http://u:p@x|s3.endpoint may not hold credentials",
        "s3://bucket?region=EU_West|invalid region 'EU_West'",
        "s3://user@bucket|may not hold credentials or a port",
        "file:///x|not an s3:// URI"
      })
  void badValuesGetOneClearLine(String uri, String detail) {
    assertThatThrownBy(() -> parse(uri, Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot open ")
        .hasMessageContaining(detail);
  }

  @Test
  void unknownOptionsListTheValidOnes() {
    assertThatThrownBy(() -> parse("s3://bucket", Map.of("s3.colour", "red")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot open s3://bucket: unknown option 's3.colour'; valid options: "
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
  }
}
