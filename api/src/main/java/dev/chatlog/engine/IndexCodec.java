package dev.chatlog.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * JSON of the index: inbox entries and tombstones (one object per file), segments (one object per
 * line) and the manifest. Field names are the {@link ChunkMeta} component names.
 */
final class IndexCodec {
  /**
   * The streaming factory every write and the fast read path use. Data binding (an {@link
   * ObjectMapper}) costs tens of milliseconds to start in a fresh JVM, so it is only made for the
   * rare input the streaming reader does not take ({@link Tree}).
   */
  private static final JsonFactory STREAMING = new JsonFactory();

  private static final int FORMAT = 1;

  private IndexCodec() {}

  /**
   * Writes the fields of {@code meta} as one object, in the order every index record and chunk
   * front matter has them.
   */
  static void writeMeta(JsonGenerator out, ChunkMeta meta) throws IOException {
    out.writeStartObject();
    out.writeStringField("id", meta.id().toString());
    out.writeStringField("project", meta.project());
    out.writeStringField("topic", meta.topic());
    out.writeStringField("session", meta.session());
    out.writeNumberField("seq", meta.seq());
    out.writeStringField("created", meta.created().toString());
    out.writeArrayFieldStart("actors");
    for (Actor actor : meta.actors()) {
      out.writeString(actor.id());
    }
    out.writeEndArray();
    out.writeStringField("source", meta.source());
    out.writeArrayFieldStart("tags");
    for (String tag : meta.tags()) {
      out.writeString(tag);
    }
    out.writeEndArray();
    out.writeStringField("summary", meta.summary());
    out.writeObjectFieldStart("labels");
    for (Map.Entry<String, List<String>> label : meta.labels().entrySet()) {
      out.writeArrayFieldStart(label.getKey());
      for (String value : label.getValue()) {
        out.writeString(value);
      }
      out.writeEndArray();
    }
    out.writeEndObject();
    out.writeStringField("sha256", meta.sha256());
    out.writeNumberField("size", meta.size());
    out.writeEndObject();
  }

  static ChunkMeta metaFromJson(JsonNode node) {
    List<Actor> actors = new ArrayList<>();
    for (JsonNode actor : array(node, "actors")) {
      actors.add(field("actors", actor.asText(), Actor::of));
    }
    List<String> tags = new ArrayList<>();
    for (JsonNode tag : array(node, "tags")) {
      tags.add(tag.asText());
    }
    Map<String, List<String>> labels = new LinkedHashMap<>();
    JsonNode labelsNode = node.path("labels");
    if (!labelsNode.isMissingNode() && !labelsNode.isNull()) {
      if (!labelsNode.isObject()) {
        throw new FieldException("field 'labels' is not a map");
      }
      for (Map.Entry<String, JsonNode> field : labelsNode.properties()) {
        List<String> values = new ArrayList<>();
        field.getValue().forEach(value -> values.add(value.asText()));
        labels.put(field.getKey(), values);
      }
    }
    return new ChunkMeta(
        field("id", text(node, "id"), ChunkId::of),
        text(node, "project"),
        text(node, "topic"),
        text(node, "session"),
        field("seq", text(node, "seq"), Integer::parseInt),
        field("created", text(node, "created"), Instant::parse),
        actors,
        text(node, "source"),
        tags,
        node.path("summary").isNull() ? "" : node.path("summary").asText(""),
        labels,
        text(node, "sha256"),
        field("size", text(node, "size"), Long::parseLong));
  }

  /**
   * A field's value parsed by {@code parse}; a value it refuses is a {@link FieldException} that
   * names the field and never quotes the value (a hostile file may hold anything).
   */
  static <T> T field(String name, String text, Function<String, T> parse) {
    try {
      return parse.apply(text);
    } catch (RuntimeException e) {
      throw new FieldException("field '" + name + "' has an invalid value");
    }
  }

  /** A field of a record that is missing or has a value of the wrong kind; names only the field. */
  static final class FieldException extends IllegalArgumentException {
    private static final long serialVersionUID = 1L;

    FieldException(String message) {
      super(message);
    }
  }

  /**
   * Where and how a read of stored text failed, in words that never quote the text: a JSON or YAML
   * syntax error gives its line and column, a bad field its name.
   */
  static String describe(Throwable e) {
    if (e instanceof FieldException) {
      return e.getMessage();
    }
    if (e instanceof JsonProcessingException json) {
      JsonLocation at = json.getLocation();
      return at == null || at.getLineNr() < 1
          ? "invalid syntax"
          : "invalid syntax at line " + at.getLineNr() + ", column " + at.getColumnNr();
    }
    return "a field has an invalid value";
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      throw new FieldException("missing field '" + field + "'");
    }
    return value.asText();
  }

  private static List<JsonNode> array(JsonNode node, String field) {
    JsonNode value = node.path(field);
    List<JsonNode> items = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(items::add);
    } else if (!value.isMissingNode() && !value.isNull()) {
      throw new FieldException("field '" + field + "' is not a list");
    }
    return items;
  }

  static String recordLine(IndexRecord record) {
    StringWriter line = new StringWriter();
    try (JsonGenerator out = STREAMING.createGenerator(line)) {
      if (record instanceof IndexRecord.Entry entry) {
        writeMeta(out, entry.meta());
      } else {
        IndexRecord.Tombstone tombstone = (IndexRecord.Tombstone) record;
        out.writeStartObject();
        out.writeStringField("tombstone", tombstone.target().toString());
        out.writeStringField("project", tombstone.project());
        out.writeStringField("topic", tombstone.topic());
        out.writeStringField("session", tombstone.session());
        out.writeEndObject();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write index record of " + record.target(), e);
    }
    return line.toString();
  }

  static byte[] encodeRecord(IndexRecord record) {
    return (recordLine(record) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  static IndexRecord decodeRecord(String key, byte[] data) {
    return decodeRecord(key, new String(data, StandardCharsets.UTF_8));
  }

  /** One record from its line of JSON; {@code key} names where it was read in errors. */
  static IndexRecord decodeRecord(String key, String line) {
    IndexRecord fast = parseRecordStreaming(line);
    return fast != null ? fast : parseRecordTree(key, line);
  }

  /**
   * Reads a record the way the writer wrote it with the streaming parser, which is much cheaper
   * than a tree per line (a segment holds thousands). Returns null for anything else: malformed
   * JSON, an unexpected shape or value type, a missing field; {@link #parseRecordTree} then reads
   * the line and gives the same result or error as ever.
   */
  private static IndexRecord parseRecordStreaming(String line) {
    try (JsonParser parser = STREAMING.createParser(line)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, String> scalars = new HashMap<>();
      List<String> actors = List.of();
      List<String> tags = List.of();
      Map<String, List<String>> labels = Map.of();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (value == JsonToken.START_ARRAY && (field.equals("actors") || field.equals("tags"))) {
          List<String> items = scalarArray(parser);
          if (items == null) {
            return null;
          }
          if (field.equals("actors")) {
            actors = items;
          } else {
            tags = items;
          }
        } else if (value == JsonToken.START_OBJECT && field.equals("labels")) {
          labels = labels(parser);
          if (labels == null) {
            return null;
          }
        } else if (value == JsonToken.VALUE_NULL) {
          if (field.equals("actors") || field.equals("tags")) {
            List<String> none = List.of();
            actors = field.equals("actors") ? none : actors;
            tags = field.equals("tags") ? none : tags;
          } else if (field.equals("labels")) {
            labels = Map.of();
          }
          scalars.put(field, null);
        } else {
          String text = scalarText(parser, value);
          if (text == null
              || field.equals("actors")
              || field.equals("tags")
              || field.equals("labels")) {
            return null;
          }
          scalars.put(field, text);
        }
      }
      return record(scalars, actors, tags, labels);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The text of a scalar token as the tree model would give it; null for anything else. */
  private static String scalarText(JsonParser parser, JsonToken token) throws IOException {
    return switch (token) {
      case VALUE_STRING, VALUE_TRUE, VALUE_FALSE -> parser.getText();
      case VALUE_NUMBER_INT -> parser.getNumberValue().toString();
      default -> null;
    };
  }

  /** The items of an array of scalars (the parser is on its start); null for anything else. */
  private static List<String> scalarArray(JsonParser parser) throws IOException {
    List<String> items = new ArrayList<>();
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      String text = token == null ? null : scalarText(parser, token);
      if (text == null) {
        return null;
      }
      items.add(text);
    }
    return items;
  }

  /** A map of arrays of scalars (the parser is on its start); null for anything else. */
  private static Map<String, List<String>> labels(JsonParser parser) throws IOException {
    Map<String, List<String>> labels = new LinkedHashMap<>();
    while (parser.nextToken() == JsonToken.FIELD_NAME) {
      String key = parser.currentName();
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        return null;
      }
      List<String> values = scalarArray(parser);
      if (values == null) {
        return null;
      }
      labels.put(key, values);
    }
    return parser.currentToken() == JsonToken.END_OBJECT ? labels : null;
  }

  private static IndexRecord record(
      Map<String, String> scalars,
      List<String> actorIds,
      List<String> tags,
      Map<String, List<String>> labels) {
    if (scalars.containsKey("tombstone")) {
      return new IndexRecord.Tombstone(
          ChunkId.of(required(scalars, "tombstone")),
          required(scalars, "project"),
          required(scalars, "topic"),
          required(scalars, "session"));
    }
    List<Actor> actors = new ArrayList<>(actorIds.size());
    for (String actor : actorIds) {
      actors.add(Actor.of(actor));
    }
    String summary = scalars.get("summary");
    return new IndexRecord.Entry(
        new ChunkMeta(
            ChunkId.of(required(scalars, "id")),
            required(scalars, "project"),
            required(scalars, "topic"),
            required(scalars, "session"),
            Integer.parseInt(required(scalars, "seq")),
            instant(required(scalars, "created")),
            actors,
            required(scalars, "source"),
            new ArrayList<>(tags),
            summary == null ? "" : summary,
            labels,
            required(scalars, "sha256"),
            Long.parseLong(required(scalars, "size"))));
  }

  /**
   * Parses an instant as {@link Instant#toString} writes it ({@code 2024-02-04T16:29:30Z}, with an
   * optional fraction of a second) without the general formatter, which is slow in a cold JVM and
   * runs once per record; anything else goes to {@link Instant#parse}.
   */
  static Instant instant(String text) {
    int length = text.length();
    if (length < 20
        || length > 30
        || length == 21
        || text.charAt(4) != '-'
        || text.charAt(7) != '-'
        || text.charAt(10) != 'T'
        || text.charAt(13) != ':'
        || text.charAt(16) != ':'
        || text.charAt(length - 1) != 'Z'
        || (length > 20 && text.charAt(19) != '.')) {
      return Instant.parse(text);
    }
    int year = digits(text, 0, 4);
    int month = digits(text, 5, 7);
    int day = digits(text, 8, 10);
    int hour = digits(text, 11, 13);
    int minute = digits(text, 14, 16);
    int second = digits(text, 17, 19);
    int nanos = 0;
    if (length > 20) {
      int fraction = digits(text, 20, length - 1);
      nanos = fraction < 0 ? -1 : fraction * POWERS_OF_TEN[30 - length];
    }
    if (year < 0
        || month < 1
        || month > 12
        || day < 1
        || day > 28 && day > YearMonth.of(year, month).lengthOfMonth()
        || hour < 0
        || hour > 23
        || minute < 0
        || minute > 59
        || second < 0
        || second > 59
        || nanos < 0) {
      return Instant.parse(text);
    }
    long days = LocalDate.of(year, month, day).toEpochDay();
    return Instant.ofEpochSecond(days * 86_400 + hour * 3_600 + minute * 60 + second, nanos);
  }

  private static final int[] POWERS_OF_TEN = {
    1, 10, 100, 1_000, 10_000, 100_000, 1_000_000, 10_000_000, 100_000_000
  };

  /** The decimal number of {@code text[from, to)}; -1 unless every character is a digit. */
  private static int digits(String text, int from, int to) {
    int value = 0;
    for (int i = from; i < to; i++) {
      char c = text.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      value = value * 10 + (c - '0');
    }
    return value;
  }

  /** A scalar field; throws (so the tree path reports it) when it is missing or null. */
  private static String required(Map<String, String> scalars, String field) {
    String value = scalars.get(field);
    if (value == null) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return value;
  }

  private static IndexRecord parseRecordTree(String key, String line) {
    try {
      JsonNode node = Tree.MAPPER.readTree(line);
      if (node == null || !node.isObject()) {
        throw new FieldException("not a JSON object");
      }
      if (node.has("tombstone")) {
        return new IndexRecord.Tombstone(
            field("tombstone", text(node, "tombstone"), ChunkId::of),
            text(node, "project"),
            text(node, "topic"),
            text(node, "session"));
      }
      return new IndexRecord.Entry(metaFromJson(node));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new CorruptDataException("Cannot read index " + key + ": " + describe(e), e);
    }
  }

  /** A segment: one record per line, newest first. */
  static byte[] encodeSegment(List<IndexRecord> records) {
    StringBuilder out = new StringBuilder();
    records.forEach(record -> out.append(recordLine(record)).append('\n'));
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static byte[] encodeManifest(Manifest manifest) {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (JsonGenerator out = STREAMING.createGenerator(bytes).useDefaultPrettyPrinter()) {
      out.writeStartObject();
      out.writeNumberField("format", FORMAT);
      out.writeNumberField("generation", manifest.generation());
      out.writeArrayFieldStart("segments");
      for (Manifest.Segment segment : manifest.segments()) {
        out.writeStartObject();
        out.writeStringField("name", segment.name());
        out.writeStringField("minId", segment.minId().toString());
        out.writeStringField("maxId", segment.maxId().toString());
        out.writeNumberField("entries", segment.entries());
        out.writeNumberField("tombstones", segment.tombstones());
        if (segment.sessions() instanceof SessionKeys read) {
          // as read from a manifest this writer wrote: sorted, and spaced as it spaces them
          out.writeFieldName("sessions");
          out.writeRawValue(read.json());
        } else {
          out.writeArrayFieldStart("sessions");
          for (String session : new TreeSet<>(segment.sessions())) {
            out.writeString(session);
          }
          out.writeEndArray();
        }
        out.writeEndObject();
      }
      out.writeEndArray();
      out.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write manifest", e);
    }
    return bytes.toByteArray();
  }

  static Manifest decodeManifest(String key, byte[] data) {
    Manifest fast = parseManifestStreaming(data);
    return fast != null ? fast : parseManifestTree(key, data);
  }

  /**
   * Reads a manifest the way the writer wrote it with the streaming parser; null for anything else
   * (then {@link #parseManifestTree} reads it and reports what is wrong).
   */
  private static Manifest parseManifestStreaming(byte[] data) {
    try (JsonParser parser = STREAMING.createParser(data)) {
      if (parser.nextToken() != JsonToken.START_OBJECT) {
        return null;
      }
      Map<String, String> scalars = new HashMap<>();
      List<Manifest.Segment> segments = null;
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("segments")) {
          segments = value == JsonToken.START_ARRAY ? manifestSegments(parser, data) : null;
          if (segments == null) {
            return null;
          }
        } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          parser.skipChildren();
        } else {
          scalars.put(field, scalarText(parser, value));
        }
      }
      if (parser.nextToken() != null
          || !String.valueOf(FORMAT).equals(scalars.get("format"))
          || segments == null) {
        return null;
      }
      return new Manifest(Long.parseLong(required(scalars, "generation")), segments);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** The segments of a manifest (the parser is on the array's start); null for anything else. */
  private static List<Manifest.Segment> manifestSegments(JsonParser parser, byte[] data)
      throws IOException {
    List<Manifest.Segment> segments = new ArrayList<>();
    while (parser.nextToken() == JsonToken.START_OBJECT) {
      Map<String, String> scalars = new HashMap<>();
      Set<String> sessions = Set.of();
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        String field = parser.currentName();
        JsonToken value = parser.nextToken();
        if (field.equals("sessions") && value == JsonToken.START_ARRAY) {
          sessions = sessionKeys(parser, data);
          if (sessions == null) {
            return null;
          }
        } else if (value == JsonToken.START_OBJECT || value == JsonToken.START_ARRAY) {
          return null;
        } else {
          scalars.put(field, scalarText(parser, value));
        }
      }
      if (!Manifest.isSegmentName(required(scalars, "name"))) {
        return null; // the tree reader skips it and counts it
      }
      segments.add(
          new Manifest.Segment(
              required(scalars, "name"),
              ChunkId.of(required(scalars, "minId")),
              ChunkId.of(required(scalars, "maxId")),
              Long.parseLong(required(scalars, "entries")),
              Long.parseLong(required(scalars, "tombstones")),
              sessions));
    }
    return parser.currentToken() == JsonToken.END_ARRAY ? segments : null;
  }

  /**
   * The session keys of a segment (the parser is on the array's start): its text, kept as {@link
   * SessionKeys} and decoded only if iterated, when it holds only strings without escapes, as the
   * writer writes them; decoded now when it holds other scalars; null for anything else.
   */
  private static Set<String> sessionKeys(JsonParser parser, byte[] data) throws IOException {
    long start = parser.currentTokenLocation().getByteOffset();
    boolean asWritten = true;
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      if (token == null || token.isStructStart()) {
        return null;
      }
      asWritten &= token == JsonToken.VALUE_STRING; // its text is skipped, not decoded
    }
    long end = parser.currentTokenLocation().getByteOffset() + 1;
    if (start < 0 || end > data.length || end <= start) {
      return null; // no byte offsets: the tree reader reads it
    }
    String json = new String(data, (int) start, (int) (end - start), StandardCharsets.UTF_8);
    if (asWritten
        && json.charAt(0) == '['
        && json.charAt(json.length() - 1) == ']'
        && json.indexOf('\\') < 0) {
      return SessionKeys.of(json);
    }
    return Set.copyOf(stringArray(json));
  }

  /**
   * Whether a JSON writer writes this string between its quotes as it is: no quote, backslash,
   * slash (some writers escape it) or control character. Such a string is found, quotes included,
   * in the text of an index line or manifest without decoding it.
   */
  static boolean writtenAsIs(String text) {
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      if (c < 0x20 || c == '"' || c == '\\' || c == '/' || (c >= 0x7f && c <= 0x9f)) {
        return false;
      }
    }
    return true;
  }

  /**
   * The items of a JSON array of scalars, as text.
   *
   * @throws IllegalArgumentException when {@code json} is not such an array
   */
  static List<String> stringArray(String json) {
    try (JsonParser parser = STREAMING.createParser(json)) {
      List<String> items = parser.nextToken() == JsonToken.START_ARRAY ? scalarArray(parser) : null;
      if (items == null || parser.nextToken() != null) {
        throw new FieldException("not an array of scalars");
      }
      return items;
    } catch (IOException e) {
      throw new FieldException("not an array of scalars");
    }
  }

  private static Manifest parseManifestTree(String key, byte[] data) {
    try {
      JsonNode node = Tree.MAPPER.readTree(data);
      if (node == null || !node.isObject() || node.path("format").asInt() != FORMAT) {
        throw new FieldException("not a manifest of format " + FORMAT);
      }
      List<Manifest.Segment> segments = new ArrayList<>();
      int invalid = 0;
      for (JsonNode item : array(node, "segments")) {
        List<String> sessions = new ArrayList<>();
        array(item, "sessions").forEach(session -> sessions.add(session.asText()));
        String name = text(item, "name");
        if (!Manifest.isSegmentName(name)) {
          invalid++;
          continue;
        }
        segments.add(
            new Manifest.Segment(
                name,
                field("minId", text(item, "minId"), ChunkId::of),
                field("maxId", text(item, "maxId"), ChunkId::of),
                field("entries", text(item, "entries"), Long::parseLong),
                field("tombstones", text(item, "tombstones"), Long::parseLong),
                Set.copyOf(sessions)));
      }
      return new Manifest(
          field("generation", text(node, "generation"), Long::parseLong), segments, invalid);
    } catch (IOException | RuntimeException e) {
      throw new CorruptDataException("Cannot read manifest " + key + ": " + describe(e), e);
    }
  }

  /** The data-binding mapper of the tree readers, made on first use. */
  private static final class Tree {
    static final ObjectMapper MAPPER = new ObjectMapper();
  }
}
