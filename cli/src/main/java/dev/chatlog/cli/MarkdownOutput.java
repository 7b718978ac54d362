package dev.chatlog.cli;

import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkMeta;
import java.io.PrintWriter;
import java.util.List;

/** Chunks as Markdown: a heading with id, time, project/topic, then the body. */
final class MarkdownOutput {
  private MarkdownOutput() {}

  static void write(PrintWriter out, List<Chunk> chunks) {
    boolean first = true;
    for (Chunk chunk : chunks) {
      if (!first) {
        out.println();
      }
      first = false;
      out.println(heading(chunk.meta()));
      out.println();
      String body = chunk.body();
      out.print(body);
      if (!body.endsWith("\n")) {
        out.println();
      }
    }
  }

  /** {@code ## <id> · <created> · <project>/<topic>}. */
  static String heading(ChunkMeta meta) {
    return "## " + meta.id() + " · " + meta.created() + " · " + meta.project() + "/" + meta.topic();
  }
}
