package dev.chatlog.cli;

import dev.chatlog.ChatLog;
import dev.chatlog.cli.transfer.ArchiveManifest;
import dev.chatlog.cli.transfer.ArchiveWriter;
import dev.chatlog.cli.transfer.PendingFile;
import dev.chatlog.engine.ChunkCodec;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.List;

/**
 * Reads every chunk a filter selects, with its body, a page at a time, newest first ({@link
 * ChatLog#listPages}, then {@link ChatLog#retrieveAll}): what export and copy stream, in memory
 * that holds one page whatever the size of the store; and the archive of what a removal is about to
 * remove, read the same way.
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
      List<Chunk> chunks = log.retrieveAll(metas).stream().map(ChunkPages::asItIs).toList();
      listed += metas.size();
      read += chunks.size();
      each.page(chunks);
    }
    return new Counts(listed, read);
  }

  /**
   * The chunk as it is now: one edited by hand since it was saved ({@link Chunk#modified()}, which
   * the read warned of) with the checksum and size of its body as edited (adr/0026), so that what
   * is exported, copied or backed up is what reads show and restores as it is.
   */
  static Chunk asItIs(Chunk chunk) {
    if (!chunk.modified()) {
      return chunk;
    }
    byte[] body = chunk.body().getBytes(StandardCharsets.UTF_8);
    return new Chunk(chunk.meta().withChecksum(ChunkCodec.sha256(body), body.length), chunk.body());
  }

  /**
   * Writes an archive of exactly these chunks (what {@code prune --backup} and {@code delete
   * --backup} are about to remove) and moves it into place; a chunk that cannot be read fails the
   * backup, and with it the removal.
   *
   * @param scope the filter the manifest records
   * @throws StorageException when the archive cannot be written whole
   */
  static void backUp(ChatLog log, List<ChunkMeta> doomed, PendingFile file, ChunkFilter scope) {
    try (ArchiveWriter archive =
        new ArchiveWriter(
            file.out(), VersionProvider.version(), ArchiveManifest.filterFields(scope), "")) {
      for (int from = 0; from < doomed.size(); from += PAGE) {
        List<ChunkMeta> page = doomed.subList(from, Math.min(doomed.size(), from + PAGE));
        List<Chunk> chunks = log.retrieveAll(page).stream().map(ChunkPages::asItIs).toList();
        if (chunks.size() != page.size()) {
          throw new StorageException(
              "Cannot back up the chunks to remove to "
                  + file.target()
                  + ": "
                  + Plural.of(page.size() - chunks.size(), "chunk")
                  + " could not be read (see the warnings above); nothing was removed",
              false);
        }
        for (Chunk chunk : chunks) {
          archive.add(chunk);
        }
      }
      archive.finish();
      file.commit();
    } catch (IOException e) {
      throw new StorageException(
          "Cannot back up the chunks to remove to "
              + file.target()
              + ": "
              + e
              + "; nothing was removed",
          false,
          e);
    }
  }
}
