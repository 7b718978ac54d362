package dev.chatlog.capture;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.format.Json;
import dev.chatlog.capture.source.SourceEntry;
import dev.chatlog.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The first bytes of an entry, which an importer looks at to tell whether the entry is of its
 * format. Nothing here fails on a prefix cut in the middle of a value.
 *
 * @param entry the entry looked at
 * @param head its first bytes, at most {@link #SIZE}
 */
public record Sniff(SourceEntry entry, byte[] head) {
  /** How many bytes are looked at. */
  public static final int SIZE = 64 * 1024;

  public Sniff {
    requireNonNull(entry, "entry is null");
    requireNonNull(head, "head is null");
  }

  /** Reads the first {@link #SIZE} bytes of an entry. */
  public static Sniff of(SourceEntry entry) {
    try (InputStream in = entry.open()) {
      return new Sniff(entry, in.readNBytes(SIZE));
    } catch (IOException e) {
      throw new StorageException("Cannot read '" + entry + "': " + e.getMessage(), false, e);
    }
  }

  /** The head as text, a byte-order mark dropped; a character cut at the end is dropped too. */
  public String text() {
    String text = new String(head, UTF_8);
    if (text.startsWith("\uFEFF")) {
      text = text.substring(1);
    }
    return text;
  }

  /**
   * The names of the fields of the first JSON object: the top-level object, or the first element of
   * a top-level array; as far as the head goes. Empty when the head is not JSON.
   */
  public Set<String> firstObjectFields() {
    Set<String> names = new LinkedHashSet<>();
    try (JsonParser parser = Json.FACTORY.createParser(head)) {
      JsonToken token = parser.nextToken();
      if (token == JsonToken.START_ARRAY) {
        token = parser.nextToken();
      }
      if (token != JsonToken.START_OBJECT) {
        return names;
      }
      while (parser.nextToken() == JsonToken.FIELD_NAME) {
        names.add(parser.currentName());
        parser.nextToken();
        parser.skipChildren();
      }
    } catch (IOException e) {
      // the head ends inside a value, or is not JSON: what was read so far is the answer
    }
    return names;
  }

  /**
   * Whether the entry holds nothing to import: no bytes, only white space, or an empty JSON array
   * or object.
   */
  public boolean isEmpty() {
    String text = text().strip();
    if (text.isEmpty()) {
      return head.length < SIZE;
    }
    String inner = text.substring(1).strip();
    return head.length < SIZE
        && ((text.startsWith("[") && inner.equals("]"))
            || (text.startsWith("{") && inner.equals("}")));
  }

  /** Whether the head starts, after white space, with a JSON array. */
  public boolean startsWithArray() {
    String text = text().stripLeading();
    return text.startsWith("[");
  }

  /** The complete lines of the head that are JSON objects, in order; others are left out. */
  public List<JsonNode> jsonLines() {
    List<JsonNode> lines = new ArrayList<>();
    int start = 0;
    for (int i = 0; i < head.length; i++) {
      if (head[i] == '\n') {
        JsonNode node = Json.parseLine(head, start, i - start);
        if (node != null && node.isObject()) {
          lines.add(node);
        }
        start = i + 1;
      }
    }
    return lines;
  }
}
