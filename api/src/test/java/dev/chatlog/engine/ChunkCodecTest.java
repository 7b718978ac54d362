package dev.chatlog.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ChunkCodecTest {
  private static final String KEY = "chunks/2024/03/01/x.md";

  static Chunk chunk(String session, String summary, String body) {
    ChunkMeta meta =
        new ChunkMeta(
            ChunkId.of(Instant.parse("2024-03-01T10:00:00Z").toEpochMilli(), 7, 9),
            "chatlog",
            "storage: design",
            session,
            3,
            Instant.parse("2024-03-01T10:00:00.123456Z"),
            List.of(Actor.USER, Actor.ASSISTANT),
            "cli",
            List.of("yes", "123", "null"),
            summary,
            Map.of("adr", List.of("0001", "true"), "epic", List.of("1.50")),
            ChunkCodec.sha256(body),
            body.getBytes(StandardCharsets.UTF_8).length);
    return new Chunk(meta, body);
  }

  @Test
  void writesReadableMarkdownWithFrontMatter() {
    String text =
        new String(
            ChunkCodec.encode(chunk("s1", "A summary", "# Hello\n\nWorld\n")),
            StandardCharsets.UTF_8);

    assertThat(text)
        .isEqualTo(
            "---\n"
                + "id: \"01HQWQ9N80003G000000000009\"\n"
                + "project: \"chatlog\"\n"
                + "topic: \"storage: design\"\n"
                + "session: \"s1\"\n"
                + "seq: 3\n"
                + "created: \"2024-03-01T10:00:00.123456Z\"\n"
                + "actors: [\"user\", \"assistant\"]\n"
                + "source: \"cli\"\n"
                + "tags: [\"yes\", \"123\", \"null\"]\n"
                + "summary: \"A summary\"\n"
                + "labels: {\"adr\": [\"0001\", \"true\"], \"epic\": [\"1.50\"]}\n"
                + "sha256: \""
                + ChunkCodec.sha256("# Hello\n\nWorld\n")
                + "\"\n"
                + "size: 15\n"
                + "---\n"
                + "# Hello\n\nWorld\n");
  }

  @Test
  void everyStringOfTheFrontMatterIsAStringToAPlainYamlReader() {
    String text =
        new String(ChunkCodec.encode(chunk("2024-01-01", "~", "body")), StandardCharsets.UTF_8);
    String front = text.substring(4, text.indexOf("\n---\n", 4) + 1);

    Map<String, Object> read = new org.yaml.snakeyaml.Yaml().load(front); // YAML 1.1 typing

    assertThat(read)
        .containsEntry("id", "01HQWQ9N80003G000000000009")
        .containsEntry("session", "2024-01-01")
        .containsEntry("created", "2024-03-01T10:00:00.123456Z")
        .containsEntry("summary", "~")
        .containsEntry("tags", List.of("yes", "123", "null"))
        .containsEntry("labels", Map.of("adr", List.of("0001", "true"), "epic", List.of("1.50")))
        .containsEntry("seq", 3)
        .containsEntry("size", 4);
  }

  @Test
  void charactersYamlReadsAsLineBreaksOrControlsAreEscapedAndReadBack() {
    String summary =
        "a\u0085b\u2028c\u2029d\u007fe\u0080f\u009fg\ufffeh\"i\\j\tk\n\u00e9\ud83d\ude80";
    Chunk chunk = chunk("s", summary, "body");
    String text = new String(ChunkCodec.encode(chunk), StandardCharsets.UTF_8);

    assertThat(text)
        .contains(
            "summary: \"a\\u0085b\\u2028c\\u2029d\\u007Fe\\u0080f\\u009Fg\\uFFFEh\\\"i\\\\j\\tk\\n\u00e9\ud83d\ude80\"\n");
    assertThat(ChunkCodec.decode(KEY, ChunkCodec.encode(chunk))).isEqualTo(chunk);
  }

  @Test
  void frontMatterInTheStyleOfEarlierVersionsIsStillRead() {
    String body = "hello\n";
    String text =
        "---\n"
            + "id: 01HQWQ9N80003G000000000009\n"
            + "project: chatlog\n"
            + "topic: \"storage: design\"\n"
            + "session: \"2024-01-01\"\n"
            + "seq: 3\n"
            + "created: 2024-03-01T10:00:00.123456Z\n"
            + "actors:\n- user\n- assistant\n"
            + "source: cli\n"
            + "tags:\n- \"yes\"\n- \"123\"\n- \"null\"\n"
            + "summary: A summary\n"
            + "labels:\n  adr:\n  - \"0001\"\n  - \"true\"\n  epic:\n  - \"1.50\"\n"
            + "sha256: "
            + ChunkCodec.sha256(body)
            + "\n"
            + "size: 6\n"
            + "---\n"
            + body;

    assertThat(ChunkCodec.decode(KEY, text.getBytes(StandardCharsets.UTF_8)))
        .isEqualTo(chunk("2024-01-01", "A summary", body));
  }

  @Test
  void roundTripsTrickyValuesAndBodiesByteExact() {
    Chunk chunk =
        chunk(
            "2024-01-01",
            "line one\n---\nline: two # not a comment",
            "---\nbody that looks like front matter\n---\n🚀 ünïcode\r\n");

    assertThat(ChunkCodec.decode(KEY, ChunkCodec.encode(chunk))).isEqualTo(chunk);
  }

  @Test
  void checksumsAreSha256OfTheUtf8BodyWhateverWasHashedBeforeOnAnyThread() throws Exception {
    String abc = "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";
    String empty = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";

    assertThat(ChunkCodec.sha256("abc")).isEqualTo(abc);
    assertThat(ChunkCodec.sha256("")).isEqualTo(empty);
    assertThat(ChunkCodec.sha256("abc")).isEqualTo(abc);
    ExecutorService threads = Executors.newFixedThreadPool(4);
    try {
      List<Future<String>> results = new ArrayList<>();
      for (int i = 0; i < 64; i++) {
        String text = i % 2 == 0 ? "abc" : "";
        results.add(threads.submit(() -> ChunkCodec.sha256(text)));
      }
      for (int i = 0; i < results.size(); i++) {
        assertThat(results.get(i).get(10, TimeUnit.SECONDS)).isEqualTo(i % 2 == 0 ? abc : empty);
      }
    } finally {
      threads.shutdownNow();
    }
  }

  @Test
  void rejectsABodyThatDoesNotMatchItsChecksum() {
    byte[] data = ChunkCodec.encode(chunk("s", "", "original"));
    String tampered = new String(data, StandardCharsets.UTF_8).replace("original", "tampered");

    assertThatThrownBy(() -> ChunkCodec.decode(KEY, tampered.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(CorruptDataException.class)
        .isNotInstanceOf(ChunkCodec.FrontMatterException.class)
        .hasMessageStartingWith("Cannot read chunk " + KEY + ": body does not match its checksum");
  }

  @Test
  void rejectsFilesWithoutReadableFrontMatter() {
    assertThatThrownBy(() -> ChunkCodec.decode(KEY, "just text".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ChunkCodec.FrontMatterException.class)
        .hasMessage("Cannot read chunk " + KEY + ": no front matter");
    assertThatThrownBy(
            () -> ChunkCodec.decode(KEY, "---\nid: x\n".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ChunkCodec.FrontMatterException.class)
        .hasMessage("Cannot read chunk " + KEY + ": front matter is not closed");
    assertThatThrownBy(
            () -> ChunkCodec.decode(KEY, "---\nid: x\n---\nbody".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ChunkCodec.FrontMatterException.class)
        .hasMessageStartingWith("Cannot read chunk " + KEY + ": bad front matter");
    assertThatThrownBy(
            () -> ChunkCodec.decode(KEY, "---\n- a\n---\nbody".getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ChunkCodec.FrontMatterException.class)
        .hasMessage("Cannot read chunk " + KEY + ": front matter is not a map");
  }

  @Test
  void badFrontMatterIsReportedByItsFieldOrItsLineInTheFileNeverQuoted() {
    String file = new String(ChunkCodec.encode(chunk("s", "", "body")), StandardCharsets.UTF_8);
    String badSeq = file.replace("seq: 3", "seq: \"SECRET\"");
    String badActor = file.replace("[\"user\",", "[\"SECRET\",");
    String badSyntax = file.replace("source: \"cli\"", "source: \"cli\" SECRET: [");

    assertThatThrownBy(() -> ChunkCodec.decode(KEY, badSeq.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ChunkCodec.FrontMatterException.class)
        .hasMessage(
            "Cannot read chunk " + KEY + ": bad front matter (field 'seq' has an invalid value)");
    assertThatThrownBy(() -> ChunkCodec.decode(KEY, badActor.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ChunkCodec.FrontMatterException.class)
        .hasMessage(
            "Cannot read chunk "
                + KEY
                + ": bad front matter (field 'actors' has an invalid value)");
    assertThatThrownBy(() -> ChunkCodec.decode(KEY, badSyntax.getBytes(StandardCharsets.UTF_8)))
        .isInstanceOf(ChunkCodec.FrontMatterException.class)
        .hasMessage(
            "Cannot read chunk "
                + KEY
                + ": bad front matter (invalid syntax at line 9, column 14)");
  }
}
