package dev.chatlog.cli;

import dev.chatlog.model.Actor;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkMeta;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;

/**
 * Chunks as Markdown: a heading with id, time, project/topic, a list of the rest of the metadata
 * (session, actors, source, and tags, labels and summary where there are any), then the body.
 */
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
      for (String line : metadata(chunk)) {
        out.println(shown.apply(line));
      }
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

  /** The metadata the heading leaves out, one list item each; empty fields left out. */
  static List<String> metadata(Chunk chunk) {
    ChunkMeta meta = chunk.meta();
    List<String> lines = new ArrayList<>();
    lines.add("- session: " + oneLine(meta.session()) + " (seq " + meta.seq() + ")");
    lines.add("- actors: " + String.join(", ", meta.actors().stream().map(Actor::id).toList()));
    lines.add("- source: " + oneLine(meta.source()));
    if (!meta.tags().isEmpty()) {
      lines.add("- tags: " + oneLine(String.join(", ", meta.tags())));
    }
    if (!meta.labels().isEmpty()) {
      List<String> labels = new ArrayList<>();
      for (Map.Entry<String, List<String>> label : meta.labels().entrySet()) {
        for (String value : label.getValue()) {
          labels.add(label.getKey() + "=" + value);
        }
      }
      lines.add("- labels: " + oneLine(String.join(", ", labels)));
    }
    if (!meta.summary().isEmpty()) {
      lines.add("- summary: " + oneLine(meta.summary()));
    }
    if (chunk.modified()) {
      lines.add("- modified: edited since it was saved");
    }
    return lines;
  }

  /** Stored text on one line of the list: line breaks as spaces. */
  private static String oneLine(String text) {
    return text.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }
}
