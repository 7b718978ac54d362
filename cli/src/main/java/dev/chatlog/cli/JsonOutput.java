package dev.chatlog.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.util.DefaultPrettyPrinter;
import dev.chatlog.capture.store.ConversationWriter;
import dev.chatlog.config.Setting;
import dev.chatlog.engine.MetaFields;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.model.StoreStats;
import dev.chatlog.search.SearchHit;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Writes results as JSON (one pretty document) or JSON Lines (one compact object a line). Only
 * commands that print JSON load this class, and with it Jackson.
 */
final class JsonOutput {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().build().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  /** Writes one element. */
  @FunctionalInterface
  interface ElementWriter<T> {
    void write(JsonGenerator json, T element) throws IOException;
  }

  private JsonOutput() {}

  /** A JSON array of the elements ({@code lines == false}) or one object per line. */
  static <T> void writeAll(
      PrintWriter out, List<T> elements, boolean lines, ElementWriter<T> writer) {
    try {
      if (lines) {
        for (T element : elements) {
          try (JsonGenerator json = FACTORY.createGenerator(nonClosing(out))) {
            writer.write(json, element);
          }
          out.println();
        }
      } else {
        try (JsonGenerator json = pretty(out)) {
          json.writeStartArray();
          for (T element : elements) {
            writer.write(json, element);
          }
          json.writeEndArray();
        }
        out.println();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write JSON output", e);
    }
  }

  /** One pretty JSON document. */
  static <T> void writeOne(PrintWriter out, T element, ElementWriter<T> writer) {
    try (JsonGenerator json = pretty(out)) {
      writer.write(json, element);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot write JSON output", e);
    }
    out.println();
  }

  private static JsonGenerator pretty(PrintWriter out) throws IOException {
    return FACTORY.createGenerator(nonClosing(out)).setPrettyPrinter(new DefaultPrettyPrinter());
  }

  private static Writer nonClosing(PrintWriter out) {
    return new Writer() {
      @Override
      public void write(char[] buffer, int offset, int length) {
        out.write(buffer, offset, length);
      }

      @Override
      public void flush() {
        out.flush();
      }

      @Override
      public void close() {
        out.flush();
      }
    };
  }

  /** What an import did: each conversation, then the totals. */
  static void imports(JsonGenerator json, List<ConversationWriter.Outcome> outcomes, boolean dryRun)
      throws IOException {
    json.writeStartObject();
    json.writeBooleanField("dryRun", dryRun);
    json.writeArrayFieldStart("conversations");
    for (ConversationWriter.Outcome outcome : outcomes) {
      json.writeStartObject();
      json.writeStringField("project", outcome.project());
      json.writeStringField("title", outcome.topic());
      json.writeStringField("session", outcome.session());
      json.writeNumberField("messages", outcome.messages());
      json.writeNumberField("newMessages", outcome.newMessages());
      json.writeNumberField("chunksWritten", outcome.chunksWritten());
      json.writeNumberField("chunksPresent", outcome.chunksPresent());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  static void meta(JsonGenerator json, ChunkMeta meta) throws IOException {
    json.writeStartObject();
    MetaFields.writeFields(json, meta);
    json.writeEndObject();
  }

  static void chunk(JsonGenerator json, Chunk chunk) throws IOException {
    json.writeStartObject();
    MetaFields.writeFields(json, chunk.meta());
    json.writeStringField("body", chunk.body());
    if (chunk.modified()) {
      json.writeBooleanField("modified", true);
    }
    json.writeEndObject();
  }

  static void saved(JsonGenerator json, SavedChunk saved) throws IOException {
    json.writeStartObject();
    MetaFields.writeFields(json, saved.meta());
    json.writeBooleanField("created", saved.created());
    json.writeEndObject();
  }

  static void hit(JsonGenerator json, SearchHit hit) throws IOException {
    json.writeStartObject();
    MetaFields.writeFields(json, hit.meta());
    json.writeNumberField("score", hit.score());
    json.writeNumberField("relevance", hit.relevance());
    json.writeNumberField("recency", hit.recency());
    json.writeStringField("snippet", hit.snippet());
    json.writeArrayFieldStart("highlights");
    for (SearchHit.Span span : hit.highlights()) {
      json.writeStartObject();
      json.writeNumberField("start", span.start());
      json.writeNumberField("end", span.end());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  static void setting(JsonGenerator json, Setting setting) throws IOException {
    json.writeStartObject();
    json.writeStringField("name", setting.name());
    json.writeStringField("value", setting.displayValue());
    json.writeStringField("source", setting.source());
    json.writeBooleanField("secret", setting.secret());
    json.writeEndObject();
  }

  static void stats(JsonGenerator json, StoreStats stats, String location) throws IOException {
    json.writeStartObject();
    json.writeStringField("location", location);
    json.writeNumberField("chunks", stats.chunks());
    json.writeNumberField("bytes", stats.bytes());
    json.writeStringField("oldest", stats.oldest() == null ? null : stats.oldest().toString());
    json.writeStringField("newest", stats.newest() == null ? null : stats.newest().toString());
    json.writeObjectFieldStart("projects");
    for (Map.Entry<String, Long> entry : new TreeMap<>(stats.perProject()).entrySet()) {
      json.writeNumberField(entry.getKey(), entry.getValue());
    }
    json.writeEndObject();
    json.writeEndObject();
  }
}
