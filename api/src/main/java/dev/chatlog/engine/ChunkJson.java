package dev.chatlog.engine;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.chatlog.engine.MetaFields.FieldException;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.Chunk;
import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * A chunk as one JSON object: every field of its metadata, named and ordered as in an index entry
 * ({@link MetaFields}), then {@code body}. One such object a line is what {@code chatlog export
 * --format jsonl} writes and {@code chatlog import --from jsonl} restores; {@code retrieve --format
 * jsonl} prints the same objects.
 *
 * @since 0.1.0
 */
public final class ChunkJson {
  private static final JsonFactory STREAMING = new JsonFactory();

  /** The field of the body, after the metadata's. */
  private static final String BODY = "body";

  private ChunkJson() {}

  /** Writes the chunk as one object, without a line break. */
  public static void write(JsonGenerator out, Chunk chunk) throws IOException {
    out.writeStartObject();
    MetaFields.writeFields(out, chunk.meta());
    out.writeStringField(BODY, chunk.body());
    out.writeEndObject();
  }

  /**
   * Reads a chunk from one line and checks its body against its SHA-256 and size.
   *
   * @param where what errors name, such as {@code backup.jsonl line 12}
   * @throws CorruptDataException {@code Cannot read chunk at <where>: <fault>}, naming a field or a
   *     column, never quoting the line
   */
  public static Chunk read(String where, String line) {
    return read(where, line.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Reads a chunk from one line of UTF-8 bytes, as {@link #read(String, String)}; bytes that are
   * not UTF-8 are a fault named by column.
   */
  public static Chunk read(String where, byte[] line) {
    Chunk chunk;
    try (JsonParser in = STREAMING.createParser(line)) {
      if (in.nextToken() != JsonToken.START_OBJECT) {
        throw new FieldException("not a JSON object");
      }
      MetaFields.Values values = new MetaFields.Values();
      String body = null;
      while (in.nextToken() == JsonToken.FIELD_NAME) {
        String name = in.currentName();
        JsonToken value = in.nextToken();
        if (name.equals(BODY)) {
          if (value != JsonToken.VALUE_STRING) {
            throw new FieldException("field '" + BODY + "' has an invalid value");
          }
          body = in.getText();
        } else {
          values.read(name, in);
        }
      }
      if (body == null) {
        throw new FieldException("missing field '" + BODY + "'");
      }
      chunk = new Chunk(values.toMeta(), body);
    } catch (IOException | RuntimeException e) {
      throw new CorruptDataException(
          "Cannot read chunk at " + where + ": " + MetaFields.describe(e), e);
    }
    if (!ChunkCodec.bodyMatches(chunk.meta(), chunk.body())) {
      throw new CorruptDataException(
          "Cannot read chunk "
              + chunk.id()
              + " at "
              + where
              + ": its body does not match its sha256 and size");
    }
    return chunk;
  }
}
