package dev.chatlog.cli;

import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkMeta;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.UnaryOperator;

/** Chunks as Markdown: a heading with id, time, project/topic, then the body. */
final class MarkdownOutput {
  private MarkdownOutput() {}

  /** Writes the chunks, their stored text shown by {@code shown}. */
  static void write(PrintWriter out, List<Chunk> chunks, UnaryOperator<String> shown) {
    boolean first = true;
    for (Chunk chunk : chunks) {
      if (!first) {
        out.println();
      }
      first = false;
      out.println(shown.apply(heading(chunk.meta())));
      out.println();
      String body = shown.apply(chunk.body());
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
