package dev.chatlog.cli;

import dev.chatlog.ChatLog;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import java.io.IOException;
import java.util.Iterator;
import java.util.List;

/**
 * Reads every chunk a filter selects, with its body, a page at a time, newest first ({@link
 * ChatLog#listPages}, then {@link ChatLog#retrieveAll}): what export and copy stream, in memory
 * that holds one page whatever the size of the store.
 */
final class ChunkPages {
  /** How many chunks a page holds. */
  static final int PAGE = 1000;

  /** Told each page of chunks read. */
  @FunctionalInterface
  interface PageListener {
    void page(List<Chunk> chunks) throws IOException;
  }

  /**
   * How many chunks were listed, and how many of them could be read with their bodies (a chunk
   * whose file is gone or damaged is left out, with a warning of the store).
   */
  record Counts(long listed, long read) {
    long unreadable() {
      return listed - read;
    }
  }

  private ChunkPages() {}

  /** Reads every selected chunk and tells {@code each} of each page. */
  static Counts forEach(ChatLog log, ChunkFilter filter, PageListener each) throws IOException {
    long listed = 0;
    long read = 0;
    Iterator<List<ChunkMeta>> pages = log.listPages(filter, PAGE);
    while (pages.hasNext()) {
      List<ChunkMeta> metas = pages.next();
      List<Chunk> chunks = log.retrieveAll(metas);
      listed += metas.size();
      read += chunks.size();
      each.page(chunks);
    }
    return new Counts(listed, read);
  }
}
