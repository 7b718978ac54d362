package dev.chatlog.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import dev.chatlog.model.Actor;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.testing.TrickyMetas;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.lang.reflect.RecordComponent;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The one list of metadata fields: it is the record's list, and every format made from it gives
 * back the metadata it was given. {@code SqliteMetaRoundTripTest} and the command line's {@code
 * JsonOutputTest} do the same for the SQLite rows and the JSON output.
 */
class MetaFieldsTest {
  private static final JsonFactory JSON = new JsonFactory();
  private static final String KEY = "chunks/2024/03/01/x.md";

  /** Metadata in which no two fields hold the same text, and none holds its value when missing. */
  static ChunkMeta distinct() {
    return new ChunkMeta(
        ChunkId.of("01HNTF85GG82DKREVRET13DFXA"),
        "the project",
        "the topic",
        "the session",
        7,
        Instant.parse("2024-02-04T16:29:30.123456789Z"),
        List.of(Actor.USER, Actor.ASSISTANT),
        "the source",
        List.of("the tag"),
        "the summary",
        Map.of("the label", List.of("the value")),
        "the sha256",
        600);
  }

  @Test
  void everyComponentOfChunkMetaIsOneFieldInTheRecordsOrder() {
    String[] components =
        Arrays.stream(ChunkMeta.class.getRecordComponents())
            .map(RecordComponent::getName)
            .toArray(String[]::new);

    assertThat(MetaFields.ALL).extracting(MetaFields.Field::name).containsExactly(components);
  }

  @Test
  void eachFieldWritesItsOwnComponent() throws Exception {
    ChunkMeta meta = distinct();

    for (RecordComponent component : ChunkMeta.class.getRecordComponents()) {
      MetaFields.Field<?> field =
          MetaFields.ALL.stream()
              .filter(f -> f.name().equals(component.getName()))
              .findFirst()
              .orElseThrow();
      String written = write(out -> field.writeValue(out, meta));
      Object value = component.getAccessor().invoke(meta);

      assertThat(written).as(field.name()).contains(text(value));
    }
  }

  /** The text a component's value is written with: a list's or map's first item. */
  private static String text(Object value) {
    if (value instanceof List<?> list) {
      return text(list.get(0));
    }
    if (value instanceof Map<?, ?> map) {
      return text(map.keySet().iterator().next());
    }
    return value.toString();
  }

  static Stream<Arguments> formats() {
    return Stream.of(
        Arguments.of("index line", (UnaryOperator<ChunkMeta>) MetaFieldsTest::viaIndexLine),
        Arguments.of("segment", (UnaryOperator<ChunkMeta>) MetaFieldsTest::viaSegment),
        Arguments.of("front matter", (UnaryOperator<ChunkMeta>) MetaFieldsTest::viaFrontMatter),
        Arguments.of(
            "front matter in the block style of earlier versions",
            (UnaryOperator<ChunkMeta>) MetaFieldsTest::viaBlockStyleFrontMatter),
        Arguments.of("JSON object", (UnaryOperator<ChunkMeta>) MetaFieldsTest::viaJsonObject),
        Arguments.of("table columns", (UnaryOperator<ChunkMeta>) MetaFieldsTest::viaColumns));
  }

  static Stream<Arguments> trickyMetasInEveryFormat() {
    return formats()
        .flatMap(
            format ->
                TrickyMetas.metas().stream()
                    .map(meta -> Arguments.of(format.get()[0], format.get()[1], meta)));
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("formats")
  void metadataWithEveryFieldSetReadsBackEqual(String format, UnaryOperator<ChunkMeta> roundTrip) {
    assertThat(roundTrip.apply(distinct())).isEqualTo(distinct());
  }

  @ParameterizedTest(name = "{0}: {2}")
  @MethodSource("trickyMetasInEveryFormat")
  void trickyMetadataReadsBackEqual(
      String format, UnaryOperator<ChunkMeta> roundTrip, ChunkMeta meta) {
    assertThat(roundTrip.apply(meta)).isEqualTo(meta);
  }

  @Test
  void missingOptionalFieldsReadAsEmptyAndMissingRequiredOnesAreNamed() throws IOException {
    String required =
        "{\"id\":\"01HNTF85GG82DKREVRET13DFXA\",\"project\":\"p\",\"topic\":\"t\",\"session\":\"s\","
            + "\"seq\":0,\"created\":\"2024-01-01T00:00:00Z\",\"source\":\"cli\",\"sha256\":\"x\","
            + "\"size\":1}";

    ChunkMeta read = readJson(required);

    assertThat(read.actors()).isEmpty();
    assertThat(read.tags()).isEmpty();
    assertThat(read.summary()).isEmpty();
    assertThat(read.labels()).isEmpty();
    assertThatThrownBy(() -> readJson(required.replace("\"source\":\"cli\",", "")))
        .isInstanceOf(MetaFields.FieldException.class)
        .hasMessage("missing field 'source'");
    assertThatThrownBy(() -> readJson(required.replace("\"seq\":0", "\"seq\":null")))
        .isInstanceOf(MetaFields.FieldException.class)
        .hasMessage("missing field 'seq'");
  }

  static Stream<Arguments> valuesOfTheWrongKind() {
    return Stream.of(
        Arguments.of("\"seq\":7", "\"seq\":-7", "field 'seq' has an invalid value"),
        Arguments.of("\"seq\":7", "\"seq\":2147483648", "field 'seq' has an invalid value"),
        Arguments.of("\"size\":600", "\"size\":\"SECRET\"", "field 'size' has an invalid value"),
        Arguments.of("[\"user\",", "[\"SECRET\",", "field 'actors' has an invalid value"),
        Arguments.of("\"the tag\"", "{\"SECRET\":1}", "field 'tags' has an invalid value"),
        Arguments.of("\"the tag\"", "null", "field 'tags' has an invalid value"),
        Arguments.of("\"the project\"", "[\"SECRET\"]", "field 'project' has an invalid value"),
        Arguments.of("{\"the label\"", "[{\"the label\"", "field 'labels' is not a map"),
        Arguments.of(
            "\"created\":\"", "\"created\":\"SECRET", "field 'created' has an invalid value"));
  }

  @ParameterizedTest(name = "{1}")
  @MethodSource("valuesOfTheWrongKind")
  void valuesOfTheWrongKindAreRefusedNamingTheFieldNeverTheValue(
      String written, String damaged, String message) {
    String line = IndexCodec.recordLine(new IndexRecord.Entry(distinct()));
    assertThat(line).contains(written);

    assertThatThrownBy(() -> readJson(line.replace(written, damaged)))
        .isInstanceOf(MetaFields.FieldException.class)
        .hasMessage(message);
  }

  @Test
  void onlyAnObjectIsMetadata() {
    assertThatThrownBy(() -> readJson("[]"))
        .isInstanceOf(MetaFields.FieldException.class)
        .hasMessage("not an object");
  }

  @Test
  void columnsHoldTextNumbersNanosecondsAndJson() {
    ChunkMeta meta = distinct();

    assertThat(MetaFields.PROJECT.column(meta)).isEqualTo("the project");
    assertThat(MetaFields.ID.column(meta)).isEqualTo("01HNTF85GG82DKREVRET13DFXA");
    assertThat(MetaFields.SEQ.column(meta)).isEqualTo(7L);
    assertThat(MetaFields.CREATED.column(meta)).isEqualTo(1_707_064_170_123_456_789L);
    assertThat(MetaFields.ACTORS.column(meta)).isEqualTo("[\"user\",\"assistant\"]");
    assertThat(MetaFields.LABELS.column(meta)).isEqualTo("{\"the label\":[\"the value\"]}");
  }

  static Stream<Arguments> columnsOfTheWrongKind() {
    return Stream.of(
        Arguments.of(MetaFields.CREATED, "SECRET", "field 'created' has an invalid value"),
        Arguments.of(MetaFields.SIZE, "SECRET", "field 'size' has an invalid value"),
        Arguments.of(MetaFields.SIZE, -1L, "field 'size' has an invalid value"),
        Arguments.of(MetaFields.SEQ, 1L << 31, "field 'seq' has an invalid value"),
        Arguments.of(MetaFields.TAGS, "[\"a\"] [SECRET", "field 'tags' has an invalid value"),
        Arguments.of(MetaFields.TAGS, "[SECRET", "field 'tags' has an invalid value"),
        Arguments.of(MetaFields.TAGS, "{SECRET", "field 'tags' is not a list"));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("columnsOfTheWrongKind")
  void columnsOfTheWrongKindAreRefusedNamingTheField(
      MetaFields.Field<?> field, Object column, String message) {
    MetaFields.Values values = new MetaFields.Values();

    assertThatThrownBy(() -> values.readColumn(field, column))
        .isInstanceOf(MetaFields.FieldException.class)
        .hasMessage(message);
  }

  @Test
  void timesAreSavedAsNanosecondsSaturatedToALong() {
    assertThat(MetaFields.nanos(Instant.MAX)).isEqualTo(Long.MAX_VALUE);
    assertThat(MetaFields.nanos(Instant.MIN)).isEqualTo(Long.MIN_VALUE);
    assertThat(MetaFields.ofNanos(-1)).isEqualTo(Instant.parse("1969-12-31T23:59:59.999999999Z"));
    assertThat(MetaFields.ofNanos(MetaFields.nanos(distinct().created())))
        .isEqualTo(distinct().created());
  }

  // ------------------------------------------------------------------ round trips

  static ChunkMeta viaIndexLine(ChunkMeta meta) {
    IndexRecord read =
        IndexCodec.decodeRecord("k", IndexCodec.encodeRecord(new IndexRecord.Entry(meta)));
    return ((IndexRecord.Entry) read).meta();
  }

  static ChunkMeta viaSegment(ChunkMeta meta) {
    List<IndexRecord> records =
        List.of(new IndexRecord.Entry(distinct()), new IndexRecord.Entry(meta));
    byte[] segment = IndexCodec.encodeSegment(records);
    return ((IndexRecord.Entry) SegmentRecords.parse("s", segment, new LongAdder()).get(1)).meta();
  }

  static ChunkMeta viaFrontMatter(ChunkMeta meta) {
    return ChunkCodec.decodeMeta(KEY, ChunkCodec.encode(new Chunk(meta, "body\n")));
  }

  /**
   * The front matter as versions before adr/0015 wrote it: Jackson's YAML writer over SnakeYAML's
   * emitter, in block style with plain scalars where YAML allows them.
   */
  static ChunkMeta viaBlockStyleFrontMatter(ChunkMeta meta) {
    YAMLFactory earlier =
        YAMLFactory.builder()
            .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
            .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
            .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
            .disable(YAMLGenerator.Feature.SPLIT_LINES)
            .build();
    StringWriter front = new StringWriter();
    try (JsonGenerator out = earlier.createGenerator(front)) {
      MetaFields.writeObject(out, meta);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    String file = "---\n" + front + (front.toString().endsWith("\n") ? "" : "\n") + "---\nbody\n";
    assertThat(file).contains("\nactors:").doesNotContain("actors: [\"");
    return ChunkCodec.decodeMeta(KEY, file.getBytes(UTF_8));
  }

  static ChunkMeta viaJsonObject(ChunkMeta meta) {
    try {
      return readJson(write(out -> MetaFields.writeObject(out, meta)));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static ChunkMeta viaColumns(ChunkMeta meta) {
    MetaFields.Values values = new MetaFields.Values();
    MetaFields.ALL.forEach(field -> values.readColumn(field, field.column(meta)));
    return values.toMeta();
  }

  /** What {@code writer} writes with a JSON generator. */
  static String write(GeneratorWork writer) throws IOException {
    StringWriter text = new StringWriter();
    try (JsonGenerator out = JSON.createGenerator(text)) {
      writer.write(out);
    }
    return text.toString();
  }

  /** Writes with a generator. */
  interface GeneratorWork {
    void write(JsonGenerator out) throws IOException;
  }

  static ChunkMeta readJson(String json) throws IOException {
    try (JsonParser in = JSON.createParser(json)) {
      in.nextToken();
      MetaFields.Values values = new MetaFields.Values();
      MetaFields.readObject(in, values);
      return values.toMeta();
    }
  }
}
