package dev.chatlog.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.ChunkId;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ManifestCodecTest {
  private static final ChunkId MIN = ChunkId.of("01HNTF85GG82DKREVRET13DFXA");
  private static final ChunkId MAX = ChunkId.of("01HNTF85GG82DKREVRET13DFXZ");
  private static final String A = Sessions.key("p", "t", "a");
  private static final String B = Sessions.key("p", "t", "b");

  private static Manifest manifest(Set<String> sessions) {
    return new Manifest(3, List.of(new Manifest.Segment("s1.jsonl", MIN, MAX, 2, 1, sessions)));
  }

  private static Manifest read(String json) {
    return IndexCodec.decodeManifest("index/manifest.json", json.getBytes(UTF_8));
  }

  private static String written(Set<String> sessions) {
    return new String(IndexCodec.encodeManifest(manifest(sessions)), UTF_8);
  }

  @Test
  void aManifestRoundTripsWithItsSessionKeysReadOnlyAsAsked() {
    Manifest read = read(written(Set.of(A, B)));

    Set<String> sessions = read.segments().get(0).sessions();
    assertThat(sessions).isInstanceOf(SessionKeys.class);
    assertThat(sessions.contains(A)).isTrue();
    assertThat(sessions.contains(Sessions.key("p", "t", "c"))).isFalse();
    assertThat(sessions.contains(A.substring(1))).isFalse();
    assertThat(sessions.contains(7)).isFalse();
    assertThat(read).isEqualTo(manifest(Set.of(A, B)));
    assertThat(sessions).hasSize(2).containsExactlyInAnyOrder(A, B);
  }

  @Test
  void aManifestReadAndWrittenAgainIsTheSame() {
    String json = written(Set.of(A, B));

    assertThat(new String(IndexCodec.encodeManifest(read(json)), UTF_8)).isEqualTo(json);
  }

  @Test
  void keysWithEscapesOrOtherScalarsAreDecodedAtOnce() {
    String escaped = written(Set.of(A)).replace("\"" + A + "\"", "\"a\\u0062c\", \"q\\\"uote\"");
    String numbers = written(Set.of(A)).replace("\"" + A + "\"", "12, true");

    Set<String> fromEscaped = read(escaped).segments().get(0).sessions();
    Set<String> fromNumbers = read(numbers).segments().get(0).sessions();

    assertThat(fromEscaped).isNotInstanceOf(SessionKeys.class).containsOnly("abc", "q\"uote");
    assertThat(fromNumbers).isNotInstanceOf(SessionKeys.class).containsOnly("12", "true");
  }

  @Test
  void keysThatAreNotPlainAreLookedUpInTheDecodedSet() {
    Set<String> sessions = SessionKeys.of("[\"" + A + "\", \"caf\u00e9\"]");

    assertThat(sessions.contains("caf\u00e9")).isTrue();
    assertThat(sessions.contains("q\"")).isFalse();
    assertThat(sessions.contains(A)).isTrue();
  }

  @Test
  void sessionsThatAreNotAnArrayOfScalarsAreRefusedNamingTheField() {
    String nested = written(Set.of(A)).replace("\"" + A + "\"", "[\"x\"]");
    String scalar = written(Set.of(A)).replace("[ \"" + A + "\" ]", "\"x\"");
    String broken = written(Set.of(A)).replace("\"" + A + "\"", "\"x\" \"y\"");

    assertThatThrownBy(() -> read(nested))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage(
            "Cannot read manifest index/manifest.json: field 'sessions' has an invalid value");
    assertThatThrownBy(() -> read(scalar))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("Cannot read manifest index/manifest.json: field 'sessions' is not a list");
    assertThatThrownBy(() -> read(broken))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageMatching(
            "Cannot read manifest index/manifest\\.json: invalid syntax at line \\d+, column \\d+");
  }

  @Test
  void segmentsWithAnInvalidNameAreSkippedAndCounted() {
    String json = written(Set.of(A)).replace("\"s1.jsonl\"", "\"../x\"");

    Manifest read = read(json);

    assertThat(read.segments()).isEmpty();
    assertThat(read.invalid()).isEqualTo(1);
  }

  @Test
  void aManifestOfAnotherFormatOrWithoutAFieldIsRefused() {
    assertThatThrownBy(() -> read(written(Set.of(A)).replace("\"format\" : 1", "\"format\" : 2")))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("Cannot read manifest index/manifest.json: not a manifest of format 1");
    assertThatThrownBy(() -> read("[]"))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("Cannot read manifest index/manifest.json: not a manifest of format 1");
    assertThatThrownBy(() -> read(written(Set.of(A)).replace("\"minId\"", "\"other\"")))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("Cannot read manifest index/manifest.json: missing field 'minId'");
    assertThatThrownBy(
            () -> read(written(Set.of(A)).replace("\"entries\" : 2", "\"entries\" : {}")))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage(
            "Cannot read manifest index/manifest.json: field 'entries' has an invalid value");
  }
}
