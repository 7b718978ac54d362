package dev.chatlog.retention;

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
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.VerifyReport;
import java.util.Collection;
import java.util.List;
import java.util.Optional;

/** Passes every call to another store; tests override the call they want to disturb. */
class ForwardingChunkStore implements ChunkStore {
  private final ChunkStore delegate;

  ForwardingChunkStore(ChunkStore delegate) {
    this.delegate = delegate;
  }

  @Override
  public List<SavedChunk> append(List<ChunkDraft> drafts) {
    return delegate.append(drafts);
  }

  @Override
  public List<ChunkMeta> list(ChunkFilter filter, int limit) {
    return delegate.list(filter, limit);
  }

  @Override
  public List<RestoredChunk> restore(List<Chunk> chunks) {
    return delegate.restore(chunks);
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
  public List<ChunkId> delete(Collection<ChunkId> ids) {
    return delegate.delete(ids);
  }

  @Override
  public List<SearchHit> search(SearchQuery query) {
    return delegate.search(query);
  }

  @Override
  public void compact() {
    delegate.compact();
  }

  @Override
  public StoreStats stats() {
    return delegate.stats();
  }

  @Override
  public VerifyReport verify(boolean repair) {
    return delegate.verify(repair);
  }

  @Override
  public long reindex() {
    return delegate.reindex();
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
