package dev.chatlog.spi;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.ReadOnlyException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.RestoredChunk;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.model.StoreStats;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * Wraps a store so that every mutating call fails with {@link ReadOnlyException} before it reaches
 * the store. Read-only mode is enforced here, under every command and API call.
 *
 * @since 0.1.0
 */
public final class ReadOnlyChunkStore implements ChunkStore {
  private final ChunkStore delegate;

  public ReadOnlyChunkStore(ChunkStore delegate) {
    this.delegate = requireNonNull(delegate, "delegate is null");
  }

  private ReadOnlyException refuse(String what) {
    return new ReadOnlyException(
        "Cannot "
            + what
            + " in "
            + delegate.location()
            + ": the store is read-only (CHM_READ_ONLY)");
  }

  @Override
  public List<SavedChunk> append(List<ChunkDraft> drafts) {
    throw refuse("save");
  }

  @Override
  public List<ChunkMeta> list(ChunkFilter filter, int limit) {
    return delegate.list(filter, limit);
  }

  @Override
  public List<ChunkMeta> listBefore(ChunkFilter filter, ChunkId before, int limit) {
    return delegate.listBefore(filter, before, limit);
  }

  @Override
  public void forEachId(ChunkFilter filter, Consumer<ChunkId> action) {
    delegate.forEachId(filter, action);
  }

  @Override
  public List<RestoredChunk> restore(List<Chunk> chunks) {
    throw refuse("restore");
  }

  @Override
  public Optional<Chunk> read(ChunkId id) {
    return delegate.read(id);
  }

  @Override
  public List<Chunk> readAll(List<ChunkMeta> metas) {
    return delegate.readAll(metas);
  }

  @Override
  public List<ChunkMeta> withIdPrefix(String prefix, int limit) {
    return delegate.withIdPrefix(prefix, limit);
  }

  @Override
  public List<ChunkId> delete(Collection<ChunkId> ids) {
    throw refuse("delete");
  }

  @Override
  public List<SearchHit> search(SearchQuery query) {
    return delegate.search(query);
  }

  @Override
  public void compact() {
    throw refuse("compact");
  }

  @Override
  public StoreStats stats() {
    return delegate.stats();
  }

  @Override
  public VerifyReport verify(boolean repair) {
    if (repair) {
      throw refuse("repair");
    }
    return delegate.verify(false);
  }

  @Override
  public VerifyReport verify(boolean repair, boolean acceptEdits) {
    if (repair) {
      throw refuse("repair");
    }
    return delegate.verify(false);
  }

  @Override
  public long reindex() {
    throw refuse("reindex");
  }

  @Override
  public String location() {
    return delegate.location();
  }

  @Override
  public void close() {
    delegate.close();
  }
}
