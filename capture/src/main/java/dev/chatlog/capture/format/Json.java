package dev.chatlog.capture.format;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.io.JsonEOFException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.json.JsonMapper;
import dev.chatlog.error.ChatLogException;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.StorageException;
import java.io.CharConversionException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * JSON reading shared by the formats. Errors name the place (entry, line, column, byte offset) and
 * the kind of fault, never the text found there: Jackson's own messages quote the input.
 */
public final class Json {
  /** Reads strings up to 256 MiB (a tool result may be large) and nests up to 2,000 deep. */
  public static final JsonFactory FACTORY =
      JsonFactory.builder()
          .streamReadConstraints(
              StreamReadConstraints.builder()
                  .maxStringLength(256 * 1024 * 1024)
                  .maxNestingDepth(2_000)
                  .build())
          .build();

  /**
   * Numbers with a fraction are doubles: a double keeps epoch seconds to the microsecond, and an
   * exponent too large for a {@link java.math.BigDecimal} is an infinity rather than an error.
   */
  public static final ObjectMapper MAPPER = JsonMapper.builder(FACTORY).build();

  private Json() {}

  /** The text of a field that is a string, else {@code ""}. */
  public static String text(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    return value != null && value.isTextual() ? value.textValue() : "";
  }

  /** The text of a node that is a string, else {@code ""}. */
  public static String text(JsonNode node) {
    return node != null && node.isTextual() ? node.textValue() : "";
  }

  /** The elements of a field that is an array, else none. */
  public static List<JsonNode> array(JsonNode node, String field) {
    JsonNode value = node == null ? null : node.get(field);
    List<JsonNode> out = new ArrayList<>();
    if (value != null && value.isArray()) {
      value.forEach(out::add);
    }
    return out;
  }

  /** The node as one line of JSON. */
  public static String compact(JsonNode node) {
    try {
      return MAPPER.writeValueAsString(node);
    } catch (JsonProcessingException e) {
      return String.valueOf(node);
    }
  }

  /** One line parsed, or {@code null} when it is not JSON. */
  public static JsonNode parseLine(byte[] bytes, int offset, int length) {
    try {
      return MAPPER.readTree(bytes, offset, length);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** A string holding JSON parsed, or {@code null} when it is not JSON. */
  public static JsonNode parseString(String text) {
    try {
      return MAPPER.readTree(text);
    } catch (IOException | RuntimeException e) {
      return null;
    }
  }

  /** What kind of fault an exception from a JSON parser is, in a few words. */
  public static String fault(IOException e) {
    if (e instanceof JsonEOFException) {
      return "the JSON ends early (a truncated file?)";
    }
    String message = e instanceof JsonProcessingException p ? p.getOriginalMessage() : null;
    if (e instanceof CharConversionException
        || (message != null && message.startsWith("Invalid UTF-8"))) {
      return "invalid UTF-8";
    }
    if (message != null && message.startsWith("Unexpected end-of-input")) {
      return "the JSON ends early (a truncated file?)";
    }
    return "malformed JSON";
  }

  /**
   * The error for a JSON file that cannot be read: {@code Cannot read 'X': <fault> at line L,
   * column C, byte B}. A fault of the JSON is an {@link InvalidInputException}; a failure of the
   * storage underneath a {@link StorageException}.
   */
  public static ChatLogException unreadable(String origin, IOException e) {
    if (!(e instanceof JsonProcessingException) && !(e instanceof CharConversionException)) {
      return new StorageException("Cannot read '" + origin + "': " + e.getMessage(), false, e);
    }
    List<String> where = new ArrayList<>();
    if (e instanceof JsonProcessingException p && p.getLocation() != null) {
      JsonLocation at = p.getLocation();
      if (at.getLineNr() > 0) {
        where.add("line " + at.getLineNr() + ", column " + at.getColumnNr());
      }
      if (at.getByteOffset() >= 0) {
        where.add("byte " + at.getByteOffset());
      }
    }
    return new InvalidInputException(
        "Cannot read '"
            + origin
            + "': "
            + fault(e)
            + (where.isEmpty() ? "" : " at " + String.join(", ", where)));
  }
}
