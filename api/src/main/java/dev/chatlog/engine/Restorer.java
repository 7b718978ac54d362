package dev.chatlog.engine;

import static dev.chatlog.engine.BlobLayout.chunkKey;

import dev.chatlog.error.CorruptDataException;
import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.RestoredChunk;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The write path of a restore ({@link dev.chatlog.spi.ChunkStore#restore}): chunks put as they are.
 * It reads the index where it covers the chunks' ids, writes each new chunk's file create-only,
 * then indexes them as a save does ({@link Saver#index}): one inbox entry each, or one segment for
 * a batch. A chunk file found already written by a restore that was stopped before it indexed the
 * chunk is indexed when it holds the same chunk. Callers hold the engine's write lock.
 */
final class Restorer {
  private final BlobStore blobs;
  private final IndexReader reader;
  private final Saver saver;
  private final Workers workers;

  Restorer(BlobStore blobs, IndexReader reader, Saver saver, Workers workers) {
    this.blobs = blobs;
    this.reader = reader;
    this.saver = saver;
    this.workers = workers;
  }

  List<RestoredChunk> restore(List<Chunk> chunks) {
    RestoreChecks.check(chunks);
    if (chunks.isEmpty()) {
      return List.of();
    }
    Set<ChunkId> ids = new LinkedHashSet<>();
    chunks.forEach(chunk -> ids.add(chunk.id()));
    IndexReader.IndexSnapshot snapshot =
        reader.readIndex(segment -> ids.stream().anyMatch(segment::covers));
    IndexView index = snapshot.view();
    RestoredChunk[] results = new RestoredChunk[chunks.size()];
    Map<ChunkId, Chunk> first = new HashMap<>();
    List<Integer> fresh = new ArrayList<>();
    for (int i = 0; i < chunks.size(); i++) {
      Chunk chunk = chunks.get(i);
      ChunkMeta meta = chunk.meta();
      Chunk earlier = first.putIfAbsent(chunk.id(), chunk);
      Optional<ChunkMeta> held = index.live(chunk.id());
      if (index.isDeleted(chunk.id())) {
        results[i] =
            RestoredChunk.conflict(
                meta, "the store deleted this id, and a deleted id stays deleted");
      } else if (held.isPresent()) {
        results[i] = sameOrConflict(meta, held.get(), "the store holds");
      } else if (earlier != null) {
        results[i] = sameOrConflict(meta, earlier.meta(), "this restore holds");
      } else {
        fresh.add(i);
      }
    }
    List<Chunk> toWrite = fresh.stream().map(chunks::get).toList();
    List<Optional<String>> refusals = workers.inParallel(toWrite, this::writeFile);
    List<ChunkMeta> written = new ArrayList<>();
    for (int n = 0; n < fresh.size(); n++) {
      ChunkMeta meta = toWrite.get(n).meta();
      Optional<String> refusal = refusals.get(n);
      if (refusal.isPresent()) {
        results[fresh.get(n)] = RestoredChunk.conflict(meta, refusal.get());
      } else {
        written.add(meta);
        results[fresh.get(n)] = RestoredChunk.restored(meta);
      }
    }
    saver.index(written, snapshot.inboxKeys().size());
    return List.of(results);
  }

  private static RestoredChunk sameOrConflict(ChunkMeta meta, ChunkMeta held, String holder) {
    return held.sha256().equals(meta.sha256())
        ? RestoredChunk.present(meta)
        : RestoredChunk.conflict(meta, holder + " another chunk of this id (another sha256)");
  }

  /**
   * Writes a chunk's file create-only. A file already there (a restore stopped before it indexed
   * the chunk) is taken when it holds this very chunk.
   *
   * @return empty when the file holds the chunk, else why it cannot be restored
   */
  private Optional<String> writeFile(Chunk chunk) {
    String key = chunkKey(chunk.id());
    byte[] data = ChunkCodec.encode(chunk);
    try {
      blobs.put(key, data, PutCondition.createOnly());
      return Optional.empty();
    } catch (PreconditionFailedException e) {
      Optional<Blob> existing = blobs.get(key);
      if (existing.isEmpty()) {
        blobs.put(key, data, PutCondition.createOnly());
        return Optional.empty();
      }
      try {
        return ChunkCodec.decode(key, existing.get().data()).equals(chunk)
            ? Optional.empty()
            : Optional.of("the store has a chunk file " + key + " of this id with other content");
      } catch (CorruptDataException unreadable) {
        return Optional.of("the store has a chunk file " + key + " of this id that cannot be read");
      }
    }
  }
}
