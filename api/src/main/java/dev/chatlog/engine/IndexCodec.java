package dev.chatlog.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.chatlog.engine.MetaFields.FieldException;
import dev.chatlog.error.CorruptDataException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * JSON of the index: inbox entries and tombstones (one object per file), segments (one object per
 * line) and the manifest. An entry is the object of {@link MetaFields}; each format has one
 * streaming reader, whose errors name the field, or the line and column, and never quote the text.
 * Data binding (an {@code ObjectMapper}) costs tens of milliseconds to start in a fresh JVM, and
 * every command reads index records.
 */
final class IndexCodec {
  private static final JsonFactory STREAMING = new JsonFactory();

  private static final int FORMAT = 1;

  /** The field that makes a record a tombstone: the id of the chunk deleted. */
  static final String TOMBSTONE = "tombstone";

  private IndexCodec() {}

  /**
   * One record as one line of JSON, without the line feed: an entry is the object of every field of
   * its metadata, a tombstone the chunk's id and its session.
   */
  static String recordLine(IndexRecord record) {
    StringWriter line = new StringWriter();
    try (JsonGenerator out = STREAMING.createGenerator(line)) {
      if (record instanceof IndexRecord.Entry entry) {
        MetaFields.writeObject(out, entry.meta());
      } else {
        IndexRecord.Tombstone tombstone = (IndexRecord.Tombstone) record;
        out.writeStartObject();
        out.writeStringField(TOMBSTONE, tombstone.target().toString());
        out.writeStringField(MetaFields.PROJECT.name(), tombstone.project());
        out.writeStringField(MetaFields.TOPIC.name(), tombstone.topic());
        out.writeStringField(MetaFields.SESSION.name(), tombstone.session());
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

  /**
   * One record from its line of JSON (what follows its object is ignored); {@code key} names where
   * it was read in errors.
   *
   * @throws CorruptDataException when the line is not a record
   */
  static IndexRecord decodeRecord(String key, String line) {
    try (JsonParser in = STREAMING.createParser(line)) {
      if (in.nextToken() != JsonToken.START_OBJECT) {
        throw new FieldException("not a JSON object");
      }
      MetaFields.Values values = new MetaFields.Values();
      boolean tombstone = false;
      String target = null;
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String name = in.currentName();
        JsonToken value = in.nextToken();
        if (name.equals(TOMBSTONE)) {
          tombstone = true;
          target = value == JsonToken.VALUE_NULL ? null : MetaFields.text(in, TOMBSTONE);
        } else {
          values.read(name, in);
        }
      }
      if (!tombstone) {
        return new IndexRecord.Entry(values.toMeta());
      }
      if (target == null) {
        throw new FieldException("missing field '" + TOMBSTONE + "'");
      }
      return new IndexRecord.Tombstone(
          MetaFields.id(TOMBSTONE, target),
          values.get(MetaFields.PROJECT),
          values.get(MetaFields.TOPIC),
          values.get(MetaFields.SESSION));
    } catch (IOException | RuntimeException e) {
      throw new CorruptDataException("Cannot read index " + key + ": " + MetaFields.describe(e));
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

  /**
   * The manifest (what follows its object is ignored). An entry naming a segment with an invalid
   * name ({@link Manifest#isSegmentName}) is skipped and counted.
   *
   * @throws CorruptDataException when the data is not a manifest of this format
   */
  static Manifest decodeManifest(String key, byte[] data) {
    try (JsonParser in = STREAMING.createParser(data)) {
      if (in.nextToken() != JsonToken.START_OBJECT) {
        throw new FieldException("not a manifest of format " + FORMAT);
      }
      String format = null;
      String generation = null;
      List<Manifest.Segment> segments = new ArrayList<>();
      int invalid = 0;
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String name = in.currentName();
        JsonToken value = in.nextToken();
        if (value == JsonToken.VALUE_NULL) {
          continue;
        }
        switch (name) {
          case "format" -> format = MetaFields.text(in, name);
          case "generation" -> generation = MetaFields.text(in, name);
          case "segments" -> {
            if (value != JsonToken.START_ARRAY) {
              throw new FieldException("field 'segments' is not a list");
            }
            while (in.nextToken() != JsonToken.END_ARRAY) {
              Manifest.Segment segment = segment(in, data);
              if (segment == null) {
                invalid++;
              } else {
                segments.add(segment);
              }
            }
          }
          default -> in.skipChildren();
        }
      }
      if (format == null || !format.equals(String.valueOf(FORMAT))) {
        throw new FieldException("not a manifest of format " + FORMAT);
      }
      return new Manifest(
          MetaFields.whole("generation", required(generation, "generation")), segments, invalid);
    } catch (IOException | RuntimeException e) {
      throw new CorruptDataException("Cannot read manifest " + key + ": " + MetaFields.describe(e));
    }
  }

  /**
   * One segment of a manifest, the parser on its object's start; null when its name is not a
   * segment name.
   */
  private static Manifest.Segment segment(JsonParser in, byte[] data) throws IOException {
    if (in.currentToken() != JsonToken.START_OBJECT) {
      throw new FieldException("field 'segments' has an invalid value");
    }
    Map<String, String> scalars = new HashMap<>();
    Set<String> sessions = Set.of();
    while (in.nextToken() == JsonToken.FIELD_NAME) {
      String name = in.currentName();
      JsonToken value = in.nextToken();
      switch (name) {
        case "sessions" ->
            sessions = value == JsonToken.VALUE_NULL ? Set.of() : sessionKeys(in, data);
        case "name", "minId", "maxId", "entries", "tombstones" -> {
          if (value == JsonToken.VALUE_NULL) {
            scalars.remove(name);
          } else {
            scalars.put(name, MetaFields.text(in, name));
          }
        }
        default -> in.skipChildren();
      }
    }
    String name = required(scalars.get("name"), "name");
    if (!Manifest.isSegmentName(name)) {
      return null;
    }
    return new Manifest.Segment(
        name,
        MetaFields.id("minId", required(scalars.get("minId"), "minId")),
        MetaFields.id("maxId", required(scalars.get("maxId"), "maxId")),
        MetaFields.whole("entries", required(scalars.get("entries"), "entries")),
        MetaFields.whole("tombstones", required(scalars.get("tombstones"), "tombstones")),
        sessions);
  }

  private static String required(String value, String field) {
    if (value == null) {
      throw new FieldException("missing field '" + field + "'");
    }
    return value;
  }

  /**
   * The session keys of a segment (the parser is on the array's start): its text, kept as {@link
   * SessionKeys} and decoded only if iterated, when it holds only strings without escapes, as the
   * writer writes them; decoded now when it holds other scalars.
   *
   * @throws FieldException when it is not a list of scalars
   */
  private static Set<String> sessionKeys(JsonParser parser, byte[] data) throws IOException {
    if (parser.currentToken() != JsonToken.START_ARRAY) {
      throw new FieldException("field 'sessions' is not a list");
    }
    long start = parser.currentTokenLocation().getByteOffset();
    boolean asWritten = true;
    for (JsonToken token = parser.nextToken();
        token != JsonToken.END_ARRAY;
        token = parser.nextToken()) {
      if (token == null || !token.isScalarValue()) {
        throw new FieldException("field 'sessions' has an invalid value");
      }
      asWritten &= token == JsonToken.VALUE_STRING; // its text is skipped, not decoded
    }
    long end = parser.currentTokenLocation().getByteOffset() + 1;
    String json = new String(data, (int) start, (int) (end - start), StandardCharsets.UTF_8);
    if (asWritten && json.indexOf('\\') < 0) {
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
   * @throws FieldException when {@code json} is not such an array
   */
  static List<String> stringArray(String json) {
    try (JsonParser parser = STREAMING.createParser(json)) {
      if (parser.nextToken() != JsonToken.START_ARRAY) {
        throw new FieldException("not an array of scalars");
      }
      List<String> items = new ArrayList<>();
      while (parser.nextToken() != JsonToken.END_ARRAY) {
        items.add(MetaFields.text(parser, "sessions"));
      }
      if (parser.nextToken() != null) {
        throw new FieldException("not an array of scalars");
      }
      return items;
    } catch (IOException e) {
      throw new FieldException("not an array of scalars");
    }
  }
}
