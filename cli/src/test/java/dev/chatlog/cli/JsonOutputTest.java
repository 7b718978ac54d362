package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.chatlog.engine.MetaFields;
import dev.chatlog.model.Actor;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The command line's JSON of metadata is the object of {@link MetaFields}, and reads back equal.
 */
class JsonOutputTest {
  private static final JsonFactory JSON = new JsonFactory();

  private static final ChunkMeta META =
      new ChunkMeta(
          ChunkId.of("01HNTF85GG82DKREVRET13DFXA"),
          "quote \" backslash \\ and 日本語",
          "yes",
          "line\nfeed\u2028and \u0000 control",
          12,
          Instant.parse("2024-02-04T16:29:30.123456789Z"),
          List.of(Actor.USER, Actor.TOOL),
          "null",
          List.of("~", "1e3", "🚀"),
          "---\nnot: front matter\n---",
          Map.of("adr", List.of("0001", "true"), "", List.of()),
          "ab".repeat(32),
          Long.MAX_VALUE);

  /** Every object of a JSON array, or of JSON Lines, read as metadata. */
  private static List<ChunkMeta> read(String json) throws IOException {
    List<ChunkMeta> metas = new ArrayList<>();
    try (JsonParser in = JSON.createParser(json)) {
      for (JsonToken token = in.nextToken(); token != null; token = in.nextToken()) {
        if (token == JsonToken.START_OBJECT) {
          MetaFields.Values values = new MetaFields.Values();
          MetaFields.readObject(in, values);
          metas.add(values.toMeta());
        }
      }
    }
    return metas;
  }

  @Test
  void metadataInEveryLayoutReadsBackEqual() throws IOException {
    StringWriter one = new StringWriter();
    StringWriter array = new StringWriter();
    StringWriter lines = new StringWriter();

    JsonOutput.writeOne(new PrintWriter(one), META, JsonOutput::meta);
    JsonOutput.writeAll(new PrintWriter(array), List.of(META, META), false, JsonOutput::meta);
    JsonOutput.writeAll(new PrintWriter(lines), List.of(META, META), true, JsonOutput::meta);

    assertThat(read(one.toString())).containsExactly(META);
    assertThat(read(array.toString())).containsExactly(META, META);
    assertThat(read(lines.toString())).containsExactly(META, META);
    assertThat(lines.toString().lines()).hasSize(2);
  }

  @Test
  void aChunkIsItsMetadataAndItsBody() throws IOException {
    StringWriter out = new StringWriter();

    JsonOutput.writeOne(new PrintWriter(out), new Chunk(META, "the body"), JsonOutput::chunk);

    assertThat(read(out.toString())).containsExactly(META);
    assertThat(out.toString())
        .startsWith("{\n  \"id\" : \"01HNTF85GG82DKREVRET13DFXA\",\n  \"project\" : ")
        .contains("\"size\" : 9223372036854775807,\n  \"body\" : \"the body\"\n}");
  }
}
