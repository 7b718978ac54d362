package dev.chatlog.spi;

import static java.util.Objects.requireNonNull;

import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.function.Function;

/**
 * Pages of chunk metadata, newest first, each read when it is asked for: the first page, then the
 * page before the last id of the one before ({@link ChunkStore#list}, {@link
 * ChunkStore#listBefore}), until a page comes back short. Memory holds one page at a time.
 *
 * @since 0.1.0
 */
public final class MetadataPages implements Iterator<List<ChunkMeta>> {
  /** A page size for reading every match: a few MB of metadata at a time. */
  public static final int PAGE = 5_000;

  private final Function<ChunkId, List<ChunkMeta>> read;
  private final int pageSize;
  private List<ChunkMeta> page;
  private ChunkId last;
  private boolean done;

  /**
   * @param read the page before an id, the first page for {@code null}; at most {@code pageSize}
   *     chunks, newest first
   * @param pageSize how many chunks a full page holds, at least 1
   */
  public MetadataPages(Function<ChunkId, List<ChunkMeta>> read, int pageSize) {
    if (pageSize < 1) {
      throw new IllegalArgumentException("page size must be at least 1: " + pageSize);
    }
    this.read = requireNonNull(read, "read is null");
    this.pageSize = pageSize;
  }

  /** The pages of the chunks of {@code store} that match {@code filter}. */
  public static MetadataPages of(ChunkStore store, ChunkFilter filter, int pageSize) {
    return new MetadataPages(
        last ->
            last == null ? store.list(filter, pageSize) : store.listBefore(filter, last, pageSize),
        pageSize);
  }

  @Override
  public boolean hasNext() {
    if (page == null && !done) {
      List<ChunkMeta> next = read.apply(last);
      done = next.size() < pageSize;
      if (!next.isEmpty()) {
        page = next;
        last = next.get(next.size() - 1).id();
      }
    }
    return page != null;
  }

  @Override
  public List<ChunkMeta> next() {
    if (!hasNext()) {
      throw new NoSuchElementException("no more pages");
    }
    List<ChunkMeta> next = page;
    page = null;
    return next;
  }
}
