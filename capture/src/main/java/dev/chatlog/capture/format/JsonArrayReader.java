package dev.chatlog.capture.format;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.source.SourceEntry;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.StorageException;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.NoSuchElementException;

/**
 * The elements of a JSON file that is one array (or one object, taken as an array of one), read one
 * at a time with a streaming parser: memory holds one element, whatever the file's size.
 */
public final class JsonArrayReader implements Iterator<JsonNode>, Closeable {
  private final String origin;
  private final JsonParser parser;
  private final boolean single;
  private JsonNode next;
  private boolean done;
  private long index;

  private JsonArrayReader(String origin, JsonParser parser, boolean single) {
    this.origin = origin;
    this.parser = parser;
    this.single = single;
  }

  /**
   * Opens an entry and positions the parser on its first element.
   *
   * @throws InvalidInputException when the entry is empty, is not an array or object, or is not
   *     JSON
   */
  public static JsonArrayReader open(SourceEntry entry) {
    String origin = entry.displayName();
    InputStream in;
    try {
      in = entry.open();
    } catch (IOException e) {
      throw new StorageException("Cannot read '" + origin + "': " + e.getMessage(), false, e);
    }
    JsonParser parser = null;
    try {
      parser = Json.MAPPER.createParser(in);
      JsonToken first = parser.nextToken();
      if (first == null) {
        throw new InvalidInputException("Cannot read '" + origin + "': the file is empty");
      }
      if (first != JsonToken.START_ARRAY && first != JsonToken.START_OBJECT) {
        throw new InvalidInputException("Cannot read '" + origin + "': not a JSON array or object");
      }
      return new JsonArrayReader(origin, parser, first == JsonToken.START_OBJECT);
    } catch (IOException e) {
      closeQuietly(parser, in);
      throw Json.unreadable(origin, e);
    } catch (RuntimeException e) {
      closeQuietly(parser, in);
      throw e;
    }
  }

  /** How many elements were returned so far: the number of the last one, from 1. */
  public long index() {
    return index;
  }

  /** The entry read, for messages. */
  public String origin() {
    return origin;
  }

  @Override
  public boolean hasNext() {
    if (next != null) {
      return true;
    }
    if (done) {
      return false;
    }
    try {
      if (single) {
        next = Json.MAPPER.readTree(parser);
        done = true;
        return true;
      }
      JsonToken token = parser.nextToken();
      if (token == JsonToken.END_ARRAY) {
        done = true;
        return false;
      }
      if (token == null) {
        throw new InvalidInputException(
            "Cannot read '" + origin + "': the JSON ends early (a truncated file?)");
      }
      next = Json.MAPPER.readTree(parser);
      return true;
    } catch (IOException e) {
      done = true;
      throw Json.unreadable(origin, e);
    } catch (NumberFormatException e) {
      done = true;
      throw new InvalidInputException(
          "Cannot read '"
              + origin
              + "': malformed JSON (a number out of range) in element "
              + (index + 1));
    }
  }

  @Override
  public JsonNode next() {
    if (!hasNext()) {
      throw new NoSuchElementException();
    }
    JsonNode element = next;
    next = null;
    index++;
    return element;
  }

  @Override
  public void close() {
    closeQuietly(parser, null);
  }

  private static void closeQuietly(JsonParser parser, InputStream in) {
    try {
      if (parser != null) {
        parser.close();
      }
      if (in != null) {
        in.close();
      }
    } catch (IOException e) {
      // a reader's close loses nothing
    }
  }
}
