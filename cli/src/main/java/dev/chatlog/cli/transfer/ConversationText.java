package dev.chatlog.cli.transfer;

import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkMeta;
import java.io.PrintWriter;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * A conversation as Markdown, as {@code chatlog conversation} prints it and {@code export --format
 * markdown} files it: a heading with its title, a line with its project, session and source, then
 * its chunks' bodies in order, the parts of a split message joined again (a chunk labelled {@code
 * messages=0} continues the message before it). Chunks are given one at a time, so that a long
 * conversation need not be held whole.
 */
public final class ConversationText {
  private final PrintWriter out;
  private final UnaryOperator<String> shown;
  private boolean continues;

  /**
   * @param shown how stored text is shown (escaped on a terminal, else as stored)
   */
  public ConversationText(PrintWriter out, UnaryOperator<String> shown) {
    this.out = out;
    this.shown = shown;
  }

  /** The heading, from the conversation's first chunk. */
  public void begin(ChunkMeta first) {
    out.println(shown.apply("# " + first.topic()));
    out.println();
    out.println(
        shown.apply(first.project() + " · session " + first.session() + " · " + first.source()));
    out.println();
  }

  /** The next chunk's body. */
  public void add(Chunk chunk) {
    if (!continues) {
      out.println();
    }
    out.print(shown.apply(chunk.body()));
    continues = "0".equals(chunk.meta().labels().getOrDefault("messages", List.of("1")).get(0));
  }

  /** Ends the conversation. */
  public void end() {
    out.println();
  }
}
