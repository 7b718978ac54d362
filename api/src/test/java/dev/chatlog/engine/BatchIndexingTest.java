package dev.chatlog.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.testing.CountingBlobStore;
import dev.chatlog.testing.MemoryBlobStore;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The batch path of {@link BlobChunkStore#append} and the bounded merge of compaction. */
class BatchIndexingTest {
  private final MemoryBlobStore memory = new MemoryBlobStore();
  private final ChunkIdsTest.TestClock clock =
      new ChunkIdsTest.TestClock(Instant.parse("2024-03-01T10:00:00Z"));
  private final List<BlobChunkStore> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(BlobChunkStore::close);
  }

  private BlobChunkStore open(BlobStore blobs, Map<String, String> options) {
    BlobChunkStore store =
        BlobChunkStore.open(
            blobs, options, new ChunkIds(clock, new Random(11 + opened.size())), m -> {});
    opened.add(store);
    return store;
  }

  private static List<ChunkDraft> drafts(String session, int count, String prefix) {
    List<ChunkDraft> drafts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      drafts.add(
          new ChunkDraft(
              "p",
              "t",
              session,
              null,
              List.of(Actor.USER),
              "import",
              List.of(),
              "",
              Map.of(),
              prefix + " " + i));
    }
    return drafts;
  }

  private Manifest manifest() {
    return IndexCodec.decodeManifest(
        BlobLayout.MANIFEST, memory.get(BlobLayout.MANIFEST).orElseThrow().data());
  }

  private List<String> keys(String prefix) {
    return memory.keys().stream().filter(key -> key.startsWith(prefix)).toList();
  }

  @Test
  void aBatchReportsEachChunkDoneEndingWithAllOfThem() {
    BlobChunkStore store = open(memory, Map.of());
    store.append(drafts("s", 5, "known"));
    List<ChunkDraft> batch = new ArrayList<>(drafts("s", 5, "known"));
    batch.addAll(drafts("s", 40, "new"));
    List<Integer> reports = new CopyOnWriteArrayList<>();

    store.append(batch, reports::add);

    // the 5 drafts already saved are done at once, then each of the 40 chunk files written (by
    // parallel writers, in any order), then all 45 once indexed
    assertThat(reports).hasSize(42).startsWith(5).endsWith(45);
    assertThat(reports.subList(1, 41)).containsExactlyInAnyOrderElementsOf(range(6, 46));

    List<Integer> again = new CopyOnWriteArrayList<>();
    store.append(batch, again::add);

    assertThat(again).containsExactly(45);
  }

  @Test
  void aLargeBatchIsIndexedByOneSegmentAndOneManifestSwap() {
    CountingBlobStore counting = new CountingBlobStore(memory);
    BlobChunkStore store = open(counting, Map.of());

    List<SavedChunk> saved = store.append(drafts("s", 40, "line"));

    assertThat(saved).hasSize(40).allMatch(SavedChunk::created);
    assertThat(saved).extracting(s -> s.meta().seq()).containsExactlyElementsOf(range(0, 40));
    List<CountingBlobStore.Put> puts = counting.puts();
    assertThat(puts).hasSize(42).allMatch(put -> !put.key().startsWith(BlobLayout.INBOX));
    assertThat(puts.subList(0, 40)).allMatch(put -> BlobLayout.isChunkKey(put.key()));
    assertThat(puts.get(40).key()).startsWith(BlobLayout.SEGMENTS);
    assertThat(puts.get(41))
        .isEqualTo(new CountingBlobStore.Put(BlobLayout.MANIFEST, PutCondition.createOnly()));
    assertThat(keys(BlobLayout.INBOX)).isEmpty();
    assertThat(manifest().segments()).hasSize(1);

    List<ChunkMeta> newestFirst = new ArrayList<>();
    saved.forEach(s -> newestFirst.add(0, s.meta()));
    assertThat(open(memory, Map.of()).list(ChunkFilter.all(), 100)).isEqualTo(newestFirst);
    assertThat(store.verify(false).problems()).isEmpty();
  }

  @Test
  void aBatchDeduplicatesAgainstTheIndexAndWithinItselfAndContinuesTheSequence() {
    BlobChunkStore store = open(memory, Map.of());
    store.append(drafts("s", 20, "line"));
    List<ChunkDraft> again = new ArrayList<>(drafts("s", 20, "line"));
    again.addAll(drafts("s", 20, "more"));
    again.addAll(drafts("s", 1, "more"));

    List<SavedChunk> saved = store.append(again);

    assertThat(saved.subList(0, 20)).noneMatch(SavedChunk::created);
    assertThat(saved.subList(20, 40)).allMatch(SavedChunk::created);
    assertThat(saved.get(20).meta().seq()).isEqualTo(20);
    assertThat(saved.get(40).created()).isFalse();
    assertThat(saved.get(40).meta()).isEqualTo(saved.get(20).meta());
    assertThat(open(memory, Map.of()).list(ChunkFilter.all(), 100)).hasSize(40);
  }

  @Test
  void smallBatchesUseTheInbox() {
    BlobChunkStore store = open(memory, Map.of());

    store.append(drafts("s", Saver.BATCH_SEGMENT_MIN - 1, "line"));

    assertThat(keys(BlobLayout.INBOX)).hasSize(Saver.BATCH_SEGMENT_MIN - 1);
    assertThat(memory.get(BlobLayout.MANIFEST)).isEmpty();
  }

  @Test
  void mergingKeepsSegmentsBoundedAndLeavesLargeOnesAlone() {
    BlobChunkStore store = open(memory, Map.of(BlobChunkStore.MAX_SEGMENTS, "4"));
    List<ChunkDraft> big = new ArrayList<>();
    for (int i = 0; i < Compactor.MAX_MERGED_RECORDS / 100 + 1; i++) {
      big.addAll(drafts("big" + i, 100, "big"));
    }
    store.append(big);
    String bigSegment = manifest().segments().get(0).name();
    for (int batch = 0; batch < 12; batch++) {
      clock.set(clock.instant().plusSeconds(1));
      store.append(drafts("s" + batch, 20, "small"));
    }

    Manifest manifest = manifest();
    assertThat(manifest.segments().size()).isLessThanOrEqualTo(4);
    assertThat(manifest.segments()).extracting(Manifest.Segment::name).contains(bigSegment);
    assertThat(keys(BlobLayout.SEGMENTS)).hasSameSizeAs(manifest.segments());
    BlobChunkStore reader = open(memory, Map.of());
    assertThat(reader.list(ChunkFilter.all(), Integer.MAX_VALUE)).hasSize(big.size() + 12 * 20);
    assertThat(reader.list(ChunkFilter.all().withSession("s11"), 100)).hasSize(20);
  }

  private static List<Integer> range(int from, int to) {
    List<Integer> all = new ArrayList<>();
    for (int i = from; i < to; i++) {
      all.add(i);
    }
    return all;
  }
}
