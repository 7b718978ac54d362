package dev.chatlog;

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
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * An in-memory {@link ChunkStore} for facade tests that counts the calls made to it, so that tests
 * can tell how many appends a save cost and that a refused call reached nothing.
 */
final class RecordingChunkStore implements ChunkStore {
  private final TreeMap<ChunkId, Chunk> chunks = new TreeMap<>();
  private long clock = Instant.parse("2026-11-01T00:00:00Z").toEpochMilli();
  int appendCalls;
  int deleteCalls;
  int compactCalls;
  int reindexCalls;
  int verifyCalls;
  int readCalls;
  boolean closed;

  int restoreCalls;

  /** Puts each chunk whose id is new; the rest are present (this double never conflicts). */
  @Override
  public List<RestoredChunk> restore(List<Chunk> given) {
    restoreCalls++;
    List<RestoredChunk> out = new ArrayList<>();
    for (Chunk chunk : given) {
      out.add(
          chunks.putIfAbsent(chunk.id(), chunk) == null
              ? RestoredChunk.restored(chunk.meta())
              : RestoredChunk.present(chunk.meta()));
    }
    return out;
  }

  @Override
  public List<SavedChunk> append(List<ChunkDraft> drafts) {
    appendCalls++;
    List<SavedChunk> saved = new ArrayList<>();
    for (ChunkDraft draft : drafts) {
      String sha = sha256(draft.body());
      Optional<Chunk> same =
          chunks.values().stream()
              .filter(
                  c ->
                      c.meta().project().equals(draft.project())
                          && c.meta().topic().equals(draft.topic())
                          && c.meta().session().equals(draft.session())
                          && c.meta().sha256().equals(sha))
              .findFirst();
      if (same.isPresent()) {
        saved.add(new SavedChunk(same.get().meta(), false));
        continue;
      }
      int seq =
          (int)
              chunks.values().stream()
                  .filter(
                      c ->
                          c.meta().project().equals(draft.project())
                              && c.meta().topic().equals(draft.topic())
                              && c.meta().session().equals(draft.session()))
                  .count();
      long millis = ++clock;
      ChunkId id = ChunkId.of(millis, 0, millis);
      ChunkMeta meta =
          new ChunkMeta(
              id,
              draft.project(),
              draft.topic(),
              draft.session(),
              seq,
              draft.created() == null ? Instant.ofEpochMilli(millis) : draft.created(),
              draft.actors(),
              draft.source(),
              draft.tags(),
              draft.summary(),
              draft.labels(),
              sha,
              draft.body().getBytes(StandardCharsets.UTF_8).length);
      chunks.put(id, new Chunk(meta, draft.body()));
      saved.add(new SavedChunk(meta, true));
    }
    return saved;
  }

  @Override
  public List<ChunkMeta> list(ChunkFilter filter, int limit) {
    return chunks.descendingMap().values().stream()
        .map(Chunk::meta)
        .filter(filter::matches)
        .limit(limit)
        .toList();
  }

  @Override
  public Optional<Chunk> read(ChunkId id) {
    readCalls++;
    return Optional.ofNullable(chunks.get(id));
  }

  @Override
  public List<Chunk> readAll(List<ChunkMeta> metas) {
    return metas.stream().map(m -> chunks.get(m.id())).toList();
  }

  @Override
  public List<ChunkId> delete(Collection<ChunkId> ids) {
    deleteCalls++;
    return ids.stream().filter(id -> chunks.remove(id) != null).toList();
  }

  @Override
  public List<SearchHit> search(SearchQuery query) {
    return list(query.filter(), query.limit()).stream()
        .filter(m -> chunks.get(m.id()).body().contains(query.text()))
        .map(m -> new SearchHit(m, 1, 1, 1, query.text(), List.of()))
        .toList();
  }

  @Override
  public void compact() {
    compactCalls++;
  }

  @Override
  public StoreStats stats() {
    return new StoreStats(chunks.size(), 0, null, null, Map.of());
  }

  @Override
  public VerifyReport verify(boolean repair) {
    verifyCalls++;
    return new VerifyReport(chunks.size(), List.of());
  }

  @Override
  public long reindex() {
    reindexCalls++;
    return chunks.size();
  }

  @Override
  public String location() {
    return "memory:test";
  }

  @Override
  public void close() {
    closed = true;
  }

  int size() {
    return chunks.size();
  }

  private static String sha256(String body) {
    try {
      return HexFormat.of()
          .formatHex(
              MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }
}
