package dev.chatlog.cli.transfer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.ChunkFilter;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * The manifest of an archive, {@value #NAME}, its last member: which chatlog made it and in which
 * format version, the filter it was made with, the part it holds of a split export, its counts, and
 * every chunk file with its SHA-256 and size, in the order of the members.
 *
 * <pre>
 * {"format": "chatlog-archive", "formatVersion": 1, "chatlogVersion": "0.1.0", "exported": "...",
 *  "filter": {"project": "shop"}, "part": "2026-11", "counts": {"chunks": 2, "bytes": 1234},
 *  "files": [{"name": "chunks/2026/11/24/01J....md", "sha256": "...", "size": 617}, ...]}
 * </pre>
 */
public final class ArchiveManifest {
  /** The manifest's member name. */
  public static final String NAME = "manifest.json";

  /** What {@code format} says. */
  public static final String FORMAT = "chatlog-archive";

  /** The format version this code writes, and the newest it reads. */
  public static final int VERSION = 1;

  private static final JsonFactory FACTORY =
      JsonFactory.builder()
          .build()
          .disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET)
          .disable(JsonParser.Feature.AUTO_CLOSE_SOURCE);

  private ArchiveManifest() {}

  /**
   * What a manifest says besides its list of files.
   *
   * @param filter the export's filter, as its JSON fields (empty: everything)
   * @param part the month ({@code 2026-11}) or project of a split export; empty otherwise
   */
  public record Header(
      int formatVersion,
      String chatlogVersion,
      Instant exported,
      Map<String, Object> filter,
      String part,
      long chunks,
      long bytes) {}

  /** Told each file a manifest lists. */
  @FunctionalInterface
  public interface FileListener {
    void file(String name, String sha256, long size);
  }

  /** The fields of a filter as the manifest records them: only those that filter something. */
  public static Map<String, Object> filterFields(ChunkFilter filter) {
    Map<String, Object> fields = new LinkedHashMap<>();
    putIfSet(fields, "project", filter.project());
    putIfSet(fields, "topic", filter.topic());
    putIfSet(fields, "session", filter.session());
    putIfSet(fields, "actor", filter.actor() == null ? null : filter.actor().id());
    if (!filter.tags().isEmpty()) {
      fields.put("tags", List.copyOf(new TreeSet<>(filter.tags())));
    }
    putIfSet(fields, "since", filter.since() == null ? null : filter.since().toString());
    putIfSet(fields, "until", filter.until() == null ? null : filter.until().toString());
    putIfSet(fields, "source", filter.source());
    if (!filter.labels().isEmpty()) {
      Map<String, Object> labels = new TreeMap<>();
      filter.labels().forEach((key, values) -> labels.put(key, List.copyOf(new TreeSet<>(values))));
      fields.put("labels", labels);
    }
    return fields;
  }

  private static void putIfSet(Map<String, Object> fields, String name, String value) {
    if (value != null) {
      fields.put(name, value);
    }
  }

  /**
   * Writes a manifest; {@code list} holds its files, one {@code name TAB sha256 TAB size} a line.
   */
  static void write(OutputStream out, Header header, Path list) throws IOException {
    try (JsonGenerator json = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        BufferedReader files = Files.newBufferedReader(list)) {
      json.setPrettyPrinter(new DefaultPrettyPrinter());
      json.writeStartObject();
      json.writeStringField("format", FORMAT);
      json.writeNumberField("formatVersion", header.formatVersion());
      json.writeStringField("chatlogVersion", header.chatlogVersion());
      json.writeStringField("exported", header.exported().toString());
      json.writeFieldName("filter");
      writeValue(json, header.filter());
      if (!header.part().isEmpty()) {
        json.writeStringField("part", header.part());
      }
      json.writeObjectFieldStart("counts");
      json.writeNumberField("chunks", header.chunks());
      json.writeNumberField("bytes", header.bytes());
      json.writeEndObject();
      json.writeArrayFieldStart("files");
      for (String line = files.readLine(); line != null; line = files.readLine()) {
        String[] fields = line.split("\t");
        json.writeStartObject();
        json.writeStringField("name", fields[0]);
        json.writeStringField("sha256", fields[1]);
        json.writeNumberField("size", Long.parseLong(fields[2]));
        json.writeEndObject();
      }
      json.writeEndArray();
      json.writeEndObject();
      json.writeRaw('\n');
    }
  }

  private static void writeValue(JsonGenerator json, Object value) throws IOException {
    if (value instanceof Map<?, ?> map) {
      json.writeStartObject();
      for (Map.Entry<?, ?> entry : map.entrySet()) {
        json.writeFieldName(entry.getKey().toString());
        writeValue(json, entry.getValue());
      }
      json.writeEndObject();
    } else if (value instanceof List<?> list) {
      json.writeStartArray();
      for (Object item : list) {
        writeValue(json, item);
      }
      json.writeEndArray();
    } else {
      json.writeString(String.valueOf(value));
    }
  }

  /**
   * Reads a manifest as a stream, telling {@code files} of each file it lists.
   *
   * @param archive what errors name
   * @throws InvalidInputException when it is not a chatlog manifest, is of a newer format version,
   *     or cannot be read (named by line and column, never quoted)
   */
  static Header read(String archive, InputStream in, FileListener files) {
    try (JsonParser json = FACTORY.createParser(in)) {
      if (json.nextToken() != JsonToken.START_OBJECT) {
        throw invalid(archive, NAME + " is not a JSON object");
      }
      String format = null;
      int version = -1;
      String chatlogVersion = "";
      Instant exported = null;
      Map<String, Object> filter = Map.of();
      String part = "";
      long chunks = -1;
      long bytes = -1;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "format" -> format = json.getValueAsString();
          case "formatVersion" -> {
            version = value == JsonToken.VALUE_NUMBER_INT ? json.getIntValue() : -1;
            if (version > VERSION) {
              throw invalid(
                  archive,
                  "it is of archive format version "
                      + version
                      + ", and this chatlog reads version "
                      + VERSION
                      + " at most; restore it with a newer chatlog");
            }
          }
          case "chatlogVersion" -> chatlogVersion = String.valueOf(json.getValueAsString());
          case "exported" -> exported = instant(archive, json.getValueAsString());
          case "part" -> part = String.valueOf(json.getValueAsString());
          case "filter" -> filter = filter(json);
          case "counts" -> {
            long[] counts = counts(archive, json);
            chunks = counts[0];
            bytes = counts[1];
          }
          case "files" -> files(archive, json, files);
          default -> json.skipChildren();
        }
      }
      if (!FORMAT.equals(format)) {
        throw invalid(archive, NAME + " is not the manifest of a chatlog archive");
      }
      if (version < 1) {
        throw invalid(archive, NAME + " has no valid formatVersion");
      }
      return new Header(version, chatlogVersion, exported, filter, part, chunks, bytes);
    } catch (JsonProcessingException e) {
      throw invalid(archive, NAME + " " + where(e));
    } catch (IOException e) {
      throw invalid(archive, "it is damaged or truncated (" + e.getClass().getSimpleName() + ")");
    }
  }

  private static String where(JsonProcessingException e) {
    return e.getLocation() == null
        ? "is not valid JSON"
        : "is not valid JSON at line "
            + e.getLocation().getLineNr()
            + ", column "
            + e.getLocation().getColumnNr();
  }

  private static Instant instant(String archive, String text) {
    try {
      return text == null ? null : Instant.parse(text);
    } catch (RuntimeException e) {
      throw invalid(archive, NAME + " has an invalid 'exported' time");
    }
  }

  private static Map<String, Object> filter(JsonParser json) throws IOException {
    if (json.currentToken() != JsonToken.START_OBJECT) {
      json.skipChildren();
      return Map.of();
    }
    Map<String, Object> fields = new LinkedHashMap<>();
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      JsonToken value = json.nextToken();
      if (value.isScalarValue()) {
        fields.put(name, json.getValueAsString());
      } else {
        fields.put(name, "…");
        json.skipChildren();
      }
    }
    return fields;
  }

  private static long[] counts(String archive, JsonParser json) throws IOException {
    long[] counts = {-1, -1};
    if (json.currentToken() != JsonToken.START_OBJECT) {
      throw invalid(archive, NAME + " has invalid counts");
    }
    while (json.nextToken() == JsonToken.FIELD_NAME) {
      String name = json.currentName();
      JsonToken value = json.nextToken();
      long number = value == JsonToken.VALUE_NUMBER_INT ? json.getLongValue() : -1;
      if (name.equals("chunks")) {
        counts[0] = number;
      } else if (name.equals("bytes")) {
        counts[1] = number;
      } else {
        json.skipChildren();
      }
    }
    return counts;
  }

  private static void files(String archive, JsonParser json, FileListener files)
      throws IOException {
    if (json.currentToken() != JsonToken.START_ARRAY) {
      throw invalid(archive, NAME + " has an invalid list of files");
    }
    int index = 0;
    while (json.nextToken() == JsonToken.START_OBJECT) {
      index++;
      String name = null;
      String sha256 = null;
      long size = -1;
      while (json.nextToken() == JsonToken.FIELD_NAME) {
        String field = json.currentName();
        JsonToken value = json.nextToken();
        switch (field) {
          case "name" -> name = value == JsonToken.VALUE_STRING ? json.getText() : null;
          case "sha256" -> sha256 = value == JsonToken.VALUE_STRING ? json.getText() : null;
          case "size" -> size = value == JsonToken.VALUE_NUMBER_INT ? json.getLongValue() : -1;
          default -> json.skipChildren();
        }
      }
      if (name == null || sha256 == null || size < 0) {
        throw invalid(archive, NAME + " lists file " + index + " without a name, sha256 or size");
      }
      files.file(name, sha256, size);
    }
    if (json.currentToken() != JsonToken.END_ARRAY) {
      throw invalid(archive, NAME + " has an invalid list of files");
    }
  }

  static InvalidInputException invalid(String archive, String detail) {
    return new InvalidInputException("Cannot read archive " + archive + ": " + detail);
  }
}
