package dev.chatlog.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IndexCodecReadTest {
  private static final String ID = "01HNTF85GG82DKREVRET13DFXA";

  private static ChunkMeta meta() {
    Map<String, List<String>> labels = new LinkedHashMap<>();
    labels.put("lang", List.of("java", "sql"));
    labels.put("empty", List.of());
    return new ChunkMeta(
        ChunkId.of(ID),
        "proj",
        "topic",
        "session",
        7,
        Instant.parse("2024-02-04T16:29:30Z"),
        List.of(Actor.of("user"), Actor.of("assistant")),
        "cli",
        List.of("a", "b"),
        "a \"quoted\" summary é",
        labels,
        "ab".repeat(32),
        600);
  }

  private static IndexRecord one(String line) {
    return IndexCodec.decodeRecord("k", line.getBytes(UTF_8));
  }

  private static String entryLine() {
    return IndexCodec.recordLine(new IndexRecord.Entry(meta()));
  }

  @Test
  void segmentsRoundTripEntriesAndTombstones() {
    IndexRecord.Tombstone tombstone =
        new IndexRecord.Tombstone(ChunkId.of(ID), "proj", "topic", "session");
    List<IndexRecord> records = List.of(new IndexRecord.Entry(meta()), tombstone);

    List<IndexRecord> read =
        SegmentRecords.parse("s", IndexCodec.encodeSegment(records), new LongAdder()).all();

    assertThat(read).containsExactlyElementsOf(records);
    assertThat(((IndexRecord.Entry) read.get(0)).meta().labels())
        .containsOnly(Map.entry("lang", List.of("java", "sql")), Map.entry("empty", List.of()));
  }

  @Test
  void scalarsOfOtherTypesReadAsTheirText() {
    String line =
        entryLine()
            .replace("\"seq\":7", "\"seq\":7,\"extra\":1")
            .replace("\"source\":\"cli\"", "\"source\":true")
            .replace("\"summary\":\"a \\\"quoted\\\" summary é\"", "\"summary\":null")
            .replace("\"tags\":[\"a\",\"b\"]", "\"tags\":[12,false]")
            .replace("\"size\":600", "\"size\":\"600\"");

    ChunkMeta read = ((IndexRecord.Entry) one(line)).meta();

    assertThat(read.source()).isEqualTo("true");
    assertThat(read.summary()).isEmpty();
    assertThat(read.tags()).containsExactly("12", "false");
    assertThat(read.size()).isEqualTo(600);
  }

  @Test
  void shapesTheWriterNeverMakesStillReadAsBefore() {
    String line =
        entryLine()
            .replace("\"actors\":[\"user\",\"assistant\"]", "\"actors\":null")
            .replace("\"labels\":{", "\"labels\":{\"odd\":\"x\",")
            .replace("\"project\":\"proj\"", "\"project\":\"old\",\"project\":\"proj\"");

    ChunkMeta read = ((IndexRecord.Entry) one(line)).meta();

    assertThat(read.actors()).isEmpty();
    assertThat(read.labels()).containsEntry("odd", List.of()).containsKey("lang");
    assertThat(read.project()).isEqualTo("proj");
  }

  @Test
  void badRecordsGetTheErrorOfTheirFault() {
    assertThatThrownBy(() -> one(entryLine().replace("\"tags\":[\"a\",\"b\"]", "\"tags\":\"a\"")))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("Cannot read index k: field 'tags' is not a list");
    assertThatThrownBy(() -> one(entryLine().replace("\"topic\":\"topic\",", "")))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("Cannot read index k: missing field 'topic'");
    assertThatThrownBy(
            () -> one(entryLine().replace("\"labels\":{", "\"labels\":[{").replace("}}", "}]}")))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageStartingWith("Cannot read index k: ");
    assertThatThrownBy(() -> one("[1,2]"))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("Cannot read index k: not a JSON object");
    assertThatThrownBy(() -> one("{\"tombstone\":null,\"project\":\"p\"}"))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("Cannot read index k: missing field 'tombstone'");
    assertThatThrownBy(() -> one("{\"id\":"))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageStartingWith("Cannot read index k: ");
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2024-02-04T16:29:30Z",
        "2024-02-29T23:59:59.5Z",
        "1970-01-01T00:00:00.000001Z",
        "2024-12-31T10:00:00.123456789Z",
        "0000-01-01T00:00:00Z",
        "2024-02-04T24:00:00Z",
        "2024-01-01T00:00:00.Z",
        "+12024-02-04T16:29:30Z"
      })
  void instantsReadAsInstantParseReadsThem(String text) {
    assertThat(MetaFields.instant(text)).isEqualTo(Instant.parse(text));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "2023-02-29T00:00:00Z",
        "2024-13-01T00:00:00Z",
        "2024-01-01T00:60:00Z",
        "2024-01-01T00:00:00.1234567890Z",
        "2024-01-01T0a:00:00Z",
        "2024-01-01 00:00:00Z"
      })
  void badInstantsFailAsInstantParseFails(String text) {
    assertThatThrownBy(() -> MetaFields.instant(text))
        .isInstanceOf(DateTimeParseException.class)
        .hasMessage(catchThrowable(() -> Instant.parse(text)).getMessage());
  }
}
