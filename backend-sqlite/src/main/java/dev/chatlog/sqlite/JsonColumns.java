package dev.chatlog.sqlite;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON of the list and map columns of the {@code chunks} table (actors, tags, labels), written
 * and read with jackson-core's streaming API: a data-binding mapper costs tens of milliseconds to
 * start in a fresh JVM, and every command that opens the store would pay it.
 */
final class JsonColumns {
  private static final JsonFactory JSON = new JsonFactory();

  private JsonColumns() {}

  /** A JSON array of strings. */
  static String list(List<String> values) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      writeList(json, values);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write JSON of " + values, e);
    }
    return out.toString();
  }

  /** A JSON object of arrays of strings, in the map's order. */
  static String labels(Map<String, List<String>> labels) {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = JSON.createGenerator(out)) {
      json.writeStartObject();
      for (Map.Entry<String, List<String>> label : labels.entrySet()) {
        json.writeFieldName(label.getKey());
        writeList(json, label.getValue());
      }
      json.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write JSON of " + labels, e);
    }
    return out.toString();
  }

  private static void writeList(JsonGenerator json, List<String> values) throws IOException {
    json.writeStartArray();
    for (String value : values) {
      json.writeString(value);
    }
    json.writeEndArray();
  }

  /**
   * Reads a JSON array of strings.
   *
   * @throws IllegalArgumentException when the text is not one
   */
  static List<String> readList(String text) {
    try (JsonParser json = JSON.createParser(text)) {
      expect(json.nextToken(), JsonToken.START_ARRAY, text);
      List<String> values = readItems(json, text);
      expect(json.nextToken(), null, text);
      return values;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON list of strings: " + e.getMessage(), e);
    }
  }

  /**
   * Reads a JSON object of arrays of strings.
   *
   * @throws IllegalArgumentException when the text is not one
   */
  static Map<String, List<String>> readLabels(String text) {
    try (JsonParser json = JSON.createParser(text)) {
      expect(json.nextToken(), JsonToken.START_OBJECT, text);
      Map<String, List<String>> labels = new LinkedHashMap<>();
      for (JsonToken token = json.nextToken();
          token != JsonToken.END_OBJECT;
          token = json.nextToken()) {
        expect(token, JsonToken.FIELD_NAME, text);
        String key = json.currentName();
        expect(json.nextToken(), JsonToken.START_ARRAY, text);
        labels.put(key, readItems(json, text));
      }
      expect(json.nextToken(), null, text);
      return labels;
    } catch (IOException e) {
      throw new IllegalArgumentException("not a JSON map of lists: " + e.getMessage(), e);
    }
  }

  /** The strings of an array whose start the parser is on, up to and with its end. */
  private static List<String> readItems(JsonParser json, String text) throws IOException {
    List<String> values = new ArrayList<>();
    for (JsonToken token = json.nextToken();
        token != JsonToken.END_ARRAY;
        token = json.nextToken()) {
      expect(token, JsonToken.VALUE_STRING, text);
      values.add(json.getText());
    }
    return values;
  }

  private static void expect(JsonToken actual, JsonToken expected, String text) {
    if (actual != expected) {
      throw new IllegalArgumentException(
          "unexpected " + (actual == null ? "end" : actual) + " in " + text);
    }
  }
}
