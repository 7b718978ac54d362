package dev.chatlog.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.Chunk;
import java.io.IOException;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ChunkJsonTest {
  private static String line(Chunk chunk) throws IOException {
    StringWriter out = new StringWriter();
    try (JsonGenerator json = new JsonFactory().createGenerator(out)) {
      ChunkJson.write(json, chunk);
    }
    return out.toString();
  }

  @Test
  void writesEveryFieldOfAnIndexEntryThenTheBodyAndReadsThemBack() throws IOException {
    Chunk chunk =
        ChunkCodecTest.chunk("s\u2028", "a \"summary\"", "line 1\nline 2 \u00e9 \u6570\n");

    String line = line(chunk);

    assertThat(line)
        .startsWith("{\"id\":\"" + chunk.id() + "\",\"project\":\"chatlog\"")
        .contains("\"labels\":{\"adr\":[\"0001\",\"true\"],\"epic\":[\"1.50\"]}")
        .endsWith(",\"body\":\"line 1\\nline 2 \u00e9 \u6570\\n\"}")
        .doesNotContain("\n");
    assertThat(ChunkJson.read("x line 1", line)).isEqualTo(chunk);
  }

  @Test
  void aLineThatIsNotAChunkIsNamedByWhereItIsWithoutQuotingIt() {
    assertThatThrownBy(() -> ChunkJson.read("backup.jsonl line 3", "{\"secret\": \"hunter2\""))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageStartingWith("Cannot read chunk at backup.jsonl line 3: invalid syntax at")
        .hasMessageNotContaining("hunter2");
    assertThatThrownBy(() -> ChunkJson.read("f line 1", "[1, 2]"))
        .hasMessage("Cannot read chunk at f line 1: not a JSON object");
    assertThatThrownBy(() -> ChunkJson.read("f line 2", "{\"id\": \"hunter2\", \"body\": \"x\"}"))
        .hasMessage("Cannot read chunk at f line 2: field 'id' has an invalid value");
    assertThatThrownBy(() -> ChunkJson.read("f line 4", "{\"project\": \"x\"}"))
        .hasMessage("Cannot read chunk at f line 4: missing field 'body'");
  }

  @Test
  void aBodyThatDoesNotMatchItsChecksumIsRefused() throws IOException {
    Chunk chunk = ChunkCodecTest.chunk("s", "", "the body");
    String tampered = line(chunk).replace("the body", "the b0dy");

    assertThatThrownBy(() -> ChunkJson.read("f line 9", tampered))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage(
            "Cannot read chunk "
                + chunk.id()
                + " at f line 9: its body does not match its sha256 and size");
  }
}
