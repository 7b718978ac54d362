package dev.chatlog.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/**
 * JSON of the index: inbox entries and tombstones (one object per file), segments (one object per
 * line) and the manifest. Field names are the {@link ChunkMeta} component names.
 */
final class IndexCodec {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int FORMAT = 1;

  private IndexCodec() {}

  static ObjectNode toJson(ChunkMeta meta) {
    ObjectNode node = JSON.createObjectNode();
    node.put("id", meta.id().toString());
    node.put("project", meta.project());
    node.put("topic", meta.topic());
    node.put("session", meta.session());
    node.put("seq", meta.seq());
    node.put("created", meta.created().toString());
    ArrayNode actors = node.putArray("actors");
    meta.actors().forEach(actor -> actors.add(actor.id()));
    node.put("source", meta.source());
    ArrayNode tags = node.putArray("tags");
    meta.tags().forEach(tags::add);
    node.put("summary", meta.summary());
    ObjectNode labels = node.putObject("labels");
    meta.labels()
        .forEach(
            (key, values) -> {
              ArrayNode array = labels.putArray(key);
              values.forEach(array::add);
            });
    node.put("sha256", meta.sha256());
    node.put("size", meta.size());
    return node;
  }

  static ChunkMeta metaFromJson(JsonNode node) {
    List<Actor> actors = new ArrayList<>();
    for (JsonNode actor : array(node, "actors")) {
      actors.add(Actor.of(actor.asText()));
    }
    List<String> tags = new ArrayList<>();
    for (JsonNode tag : array(node, "tags")) {
      tags.add(tag.asText());
    }
    Map<String, List<String>> labels = new LinkedHashMap<>();
    JsonNode labelsNode = node.path("labels");
    if (!labelsNode.isMissingNode() && !labelsNode.isNull()) {
      if (!labelsNode.isObject()) {
        throw new IllegalArgumentException("labels is not a map");
      }
      for (Map.Entry<String, JsonNode> field : labelsNode.properties()) {
        List<String> values = new ArrayList<>();
        field.getValue().forEach(value -> values.add(value.asText()));
        labels.put(field.getKey(), values);
      }
    }
    return new ChunkMeta(
        ChunkId.of(text(node, "id")),
        text(node, "project"),
        text(node, "topic"),
        text(node, "session"),
        Integer.parseInt(text(node, "seq")),
        Instant.parse(text(node, "created")),
        actors,
        text(node, "source"),
        tags,
        node.path("summary").isNull() ? "" : node.path("summary").asText(""),
        labels,
        text(node, "sha256"),
        Long.parseLong(text(node, "size")));
  }

  private static String text(JsonNode node, String field) {
    JsonNode value = node.get(field);
    if (value == null || value.isNull() || value.isContainerNode()) {
      throw new IllegalArgumentException("missing field '" + field + "'");
    }
    return value.asText();
  }

  private static List<JsonNode> array(JsonNode node, String field) {
    JsonNode value = node.path(field);
    List<JsonNode> items = new ArrayList<>();
    if (value.isArray()) {
      value.forEach(items::add);
    } else if (!value.isMissingNode() && !value.isNull()) {
      throw new IllegalArgumentException("'" + field + "' is not a list");
    }
    return items;
  }

  static String recordLine(IndexRecord record) {
    ObjectNode node;
    if (record instanceof IndexRecord.Entry entry) {
      node = toJson(entry.meta());
    } else {
      IndexRecord.Tombstone tombstone = (IndexRecord.Tombstone) record;
      node = JSON.createObjectNode();
      node.put("tombstone", tombstone.target().toString());
      node.put("project", tombstone.project());
      node.put("topic", tombstone.topic());
      node.put("session", tombstone.session());
    }
    return node.toString();
  }

  static byte[] encodeRecord(IndexRecord record) {
    return (recordLine(record) + "\n").getBytes(StandardCharsets.UTF_8);
  }

  static IndexRecord decodeRecord(String key, byte[] data) {
    return parseRecord(key, new String(data, StandardCharsets.UTF_8));
  }

  private static IndexRecord parseRecord(String key, String line) {
    try {
      JsonNode node = JSON.readTree(line);
      if (node == null || !node.isObject()) {
        throw new IllegalArgumentException("not a JSON object");
      }
      if (node.has("tombstone")) {
        return new IndexRecord.Tombstone(
            ChunkId.of(text(node, "tombstone")),
            text(node, "project"),
            text(node, "topic"),
            text(node, "session"));
      }
      return new IndexRecord.Entry(metaFromJson(node));
    } catch (JsonProcessingException | RuntimeException e) {
      throw new CorruptDataException("Cannot read index " + key + ": " + ChunkCodec.oneLine(e), e);
    }
  }

  /** A segment: one record per line, newest first. */
  static byte[] encodeSegment(List<IndexRecord> records) {
    StringBuilder out = new StringBuilder();
    records.forEach(record -> out.append(recordLine(record)).append('\n'));
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  static List<IndexRecord> decodeSegment(String key, byte[] data) {
    List<IndexRecord> records = new ArrayList<>();
    String text = new String(data, StandardCharsets.UTF_8);
    int lineNumber = 0;
    for (String line : text.split("\n", -1)) {
      lineNumber++;
      if (line.isBlank()) {
        continue;
      }
      records.add(parseRecord(key + " line " + lineNumber, line));
    }
    return records;
  }

  static byte[] encodeManifest(Manifest manifest) {
    ObjectNode node = JSON.createObjectNode();
    node.put("format", FORMAT);
    node.put("generation", manifest.generation());
    ArrayNode segments = node.putArray("segments");
    for (Manifest.Segment segment : manifest.segments()) {
      ObjectNode item = segments.addObject();
      item.put("name", segment.name());
      item.put("minId", segment.minId().toString());
      item.put("maxId", segment.maxId().toString());
      item.put("entries", segment.entries());
      item.put("tombstones", segment.tombstones());
      ArrayNode sessions = item.putArray("sessions");
      new TreeSet<>(segment.sessions()).forEach(sessions::add);
    }
    try {
      return JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(node);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write manifest", e);
    }
  }

  static Manifest decodeManifest(String key, byte[] data) {
    try {
      JsonNode node = JSON.readTree(data);
      if (node == null || !node.isObject() || node.path("format").asInt() != FORMAT) {
        throw new IllegalArgumentException("not a manifest of format " + FORMAT);
      }
      List<Manifest.Segment> segments = new ArrayList<>();
      for (JsonNode item : array(node, "segments")) {
        List<String> sessions = new ArrayList<>();
        array(item, "sessions").forEach(session -> sessions.add(session.asText()));
        segments.add(
            new Manifest.Segment(
                text(item, "name"),
                ChunkId.of(text(item, "minId")),
                ChunkId.of(text(item, "maxId")),
                Long.parseLong(text(item, "entries")),
                Long.parseLong(text(item, "tombstones")),
                new TreeSet<>(sessions)));
      }
      return new Manifest(Long.parseLong(text(node, "generation")), segments);
    } catch (java.io.IOException | RuntimeException e) {
      throw new CorruptDataException(
          "Cannot read manifest " + key + ": " + ChunkCodec.oneLine(e), e);
    }
  }
}
