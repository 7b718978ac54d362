package dev.chatlog.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.RestoredChunk;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.testing.CountingBlobStore;
import dev.chatlog.testing.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the engine restores chunks, and how a restore stopped part-way is completed. */
class RestorerTest {
  private final MemoryBlobStore memory = new MemoryBlobStore();
  private final List<BlobChunkStore> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(BlobChunkStore::close);
  }

  private BlobChunkStore open() {
    BlobChunkStore store = BlobChunkStore.open(memory, Map.of());
    opened.add(store);
    return store;
  }

  private int made;

  /** A chunk of a backup; every one has the same id ({@link #fresh} makes a new one). */
  private Chunk chunk(String session, String body) {
    return ChunkCodecTest.chunk(session, "", body);
  }

  private Chunk fresh(String session, String body) {
    Chunk chunk = chunk(session, body);
    ChunkMeta meta = chunk.meta();
    return new Chunk(
        new ChunkMeta(
            ChunkId.of(meta.id().instant().toEpochMilli() + made++, 1, 2),
            meta.project(),
            meta.topic(),
            meta.session(),
            meta.seq(),
            meta.created(),
            meta.actors(),
            meta.source(),
            meta.tags(),
            meta.summary(),
            meta.labels(),
            meta.sha256(),
            meta.size()),
        chunk.body());
  }

  @Test
  void aChunkFileLeftByAStoppedRestoreIsIndexedWhenItHoldsTheSameChunk() {
    Chunk chunk = chunk("s", "written, never indexed");
    memory.put(
        BlobLayout.chunkKey(chunk.id()), ChunkCodec.encode(chunk), PutCondition.createOnly());

    List<RestoredChunk> restored = open().restore(List.of(chunk));

    assertThat(restored).containsExactly(RestoredChunk.restored(chunk.meta()));
    assertThat(open().list(ChunkFilter.all(), 10)).containsExactly(chunk.meta());
    assertThat(open().verify(false).clean()).isTrue();
  }

  @Test
  void aChunkFileOfTheSameIdWithOtherContentOrUnreadableIsAConflict() {
    Chunk chunk = chunk("s", "mine");
    String key = BlobLayout.chunkKey(chunk.id());
    memory.put(key, ChunkCodec.encode(chunk("s", "theirs")), PutCondition.createOnly());

    RestoredChunk other = open().restore(List.of(chunk)).get(0);

    assertThat(other.outcome()).isEqualTo(RestoredChunk.Outcome.CONFLICT);
    assertThat(other.detail())
        .isEqualTo("the store has a chunk file " + key + " of this id with other content");

    memory.delete(key);
    memory.put(key, "no front matter".getBytes(StandardCharsets.UTF_8), PutCondition.createOnly());

    assertThat(open().restore(List.of(chunk)).get(0).detail()).endsWith("that cannot be read");
    assertThat(open().list(ChunkFilter.all(), 10)).isEmpty();
  }

  @Test
  void aBatchCostsOneCreateOnlyWritePerChunkAndOneSegment() {
    CountingBlobStore counting = new CountingBlobStore(memory);
    BlobChunkStore store = BlobChunkStore.open(counting, Map.of());
    opened.add(store);
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < Saver.BATCH_SEGMENT_MIN; i++) {
      chunks.add(fresh("s" + i, "body " + i));
    }

    store.restore(chunks);

    assertThat(counting.puts())
        .filteredOn(put -> put.key().startsWith(BlobLayout.CHUNKS))
        .hasSize(chunks.size())
        .allMatch(put -> put.condition().equals(PutCondition.createOnly()));
    assertThat(counting.puts())
        .filteredOn(put -> put.key().startsWith(BlobLayout.SEGMENTS))
        .hasSize(1);
    assertThat(counting.puts()).filteredOn(put -> put.key().startsWith(BlobLayout.INBOX)).isEmpty();
  }
}
