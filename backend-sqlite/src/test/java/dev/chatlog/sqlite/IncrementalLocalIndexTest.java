package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.model.ChunkId;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.testing.CountingBlobStore;
import dev.chatlog.testing.ForwardingBlobStore;
import dev.chatlog.testing.MemoryBlobStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The local index of a blob store takes in only the segments and inbox entries it has not seen, and
 * stays exact through compactions, merges, deletions and {@code reindex}.
 */
class IncrementalLocalIndexTest {
  private final MemoryBlobStore memory = new MemoryBlobStore();
  private final KeyLog log = new KeyLog(new CountingBlobStore(memory));
  private final List<BlobChunkStore> opened = new ArrayList<>();
  @TempDir Path cache;

  @AfterEach
  void tearDown() {
    opened.forEach(BlobChunkStore::close);
  }

  /** A store as a new process opens it: no segment or manifest cached in memory. */
  private BlobChunkStore open(String maxSegments) {
    BlobChunkStore store =
        BlobChunkStore.open(
            log, Map.of("engine.compact-threshold", "1000", "engine.max-segments", maxSegments));
    opened.add(store);
    return store;
  }

  private BlobChunkStore open() {
    return open("64");
  }

  private static ChunkId save(BlobChunkStore store, String session, String body) {
    return UserChunks.save(store, session, body).id();
  }

  private List<ChunkId> search(BlobChunkStore store, String text) {
    return store.search(SearchQuery.of(text).withIndexFolder(cache)).stream()
        .map(SearchHit::meta)
        .map(meta -> meta.id())
        .toList();
  }

  private List<String> chunkReads() {
    return log.gets.stream().filter(key -> key.startsWith("chunks/")).toList();
  }

  @Test
  void aSecondSearchAfterOneSaveReadsOnlyTheNewInboxEntryAndItsChunk() {
    BlobChunkStore store = open();
    ChunkId first = save(store, "s", "alpha one");
    ChunkId second = save(store, "s", "alpha two");
    store.compact();
    assertThat(search(open(), "alpha")).containsExactlyInAnyOrder(first, second);
    ChunkId third = save(store, "s", "alpha three");
    String inbox = "index/inbox/" + third + ".json";

    log.gets.clear();
    assertThat(search(open(), "alpha")).containsExactlyInAnyOrder(first, second, third);

    assertThat(log.gets)
        .as("the manifest, the one new inbox entry, the one new chunk; no segment")
        .hasSize(3)
        .contains("index/manifest.json", inbox)
        .noneMatch(key -> key.startsWith("index/segments/"));
    assertThat(chunkReads()).singleElement().asString().contains(third.toString());
  }

  @Test
  void aCompactionReadsTheNewSegmentButNoBody() {
    BlobChunkStore store = open();
    ChunkId first = save(store, "s", "alpha one");
    ChunkId second = save(store, "s", "beta two");
    assertThat(search(open(), "alpha")).containsExactly(first);
    store.compact();

    log.gets.clear();
    assertThat(search(open(), "beta")).containsExactly(second);
    assertThat(search(open(), "alpha")).containsExactly(first);
    assertThat(chunkReads()).isEmpty();
  }

  @Test
  void mergedSegmentsKeepEveryChunkWithoutReadingBodiesAgain() {
    BlobChunkStore store = open("2");
    List<ChunkId> saved = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      saved.add(save(store, "s" + i, "gamma number" + i));
      store.compact();
      assertThat(search(open("2"), "gamma")).containsExactlyInAnyOrderElementsOf(saved);
    }
    log.gets.clear();
    saved.add(save(store, "s9", "gamma last"));
    store.compact();

    assertThat(search(open("2"), "gamma")).containsExactlyInAnyOrderElementsOf(saved);
    assertThat(chunkReads()).singleElement().asString().contains(saved.get(4).toString());
  }

  @Test
  void deletedChunksAreNoLongerFoundInTheInboxOrAfterCompaction() {
    BlobChunkStore store = open();
    ChunkId first = save(store, "s", "delta one");
    ChunkId second = save(store, "s", "delta two");
    store.compact();
    assertThat(search(open(), "delta")).containsExactlyInAnyOrder(first, second);

    store.delete(List.of(first));
    assertThat(search(open(), "delta")).containsExactly(second);
    store.compact();
    assertThat(search(open(), "delta")).containsExactly(second);
    assertThat(search(open(), "one")).isEmpty();
  }

  @Test
  void aChunkSavedAndDeletedBetweenTwoSearchesIsNeverFetched() {
    BlobChunkStore store = open();
    ChunkId kept = save(store, "s", "epsilon kept");
    assertThat(search(open(), "epsilon")).containsExactly(kept);
    ChunkId gone = save(store, "s", "epsilon gone");
    store.delete(List.of(gone));

    log.gets.clear();
    assertThat(search(open(), "epsilon")).containsExactly(kept);
    assertThat(chunkReads()).isEmpty();
  }

  @Test
  void aReindexedStoreGivesTheSameResultsWithoutReadingBodiesAgain() {
    BlobChunkStore store = open();
    ChunkId first = save(store, "s", "zeta one");
    ChunkId second = save(store, "s", "zeta two");
    ChunkId third = save(store, "s", "zeta three");
    store.compact();
    store.delete(List.of(second));
    assertThat(search(open(), "zeta")).containsExactlyInAnyOrder(first, third);

    store.reindex();
    log.gets.clear();
    assertThat(search(open(), "zeta")).containsExactlyInAnyOrder(first, third);
    assertThat(chunkReads()).isEmpty();
    ChunkId fourth = save(store, "s", "zeta four");
    assertThat(search(open(), "zeta")).containsExactlyInAnyOrder(first, third, fourth);
  }

  @Test
  void aLostManifestDropsTheChunksOnlyItListed() {
    BlobChunkStore store = open();
    ChunkId old = save(store, "s", "eta old");
    store.compact();
    ChunkId fresh = save(store, "s", "eta fresh");
    assertThat(search(open(), "eta")).containsExactlyInAnyOrder(old, fresh);

    memory.delete("index/manifest.json");
    assertThat(search(open(), "eta")).containsExactly(fresh);
  }

  /** Remembers the key of every read, in order. */
  private static final class KeyLog extends ForwardingBlobStore {
    final List<String> gets = Collections.synchronizedList(new ArrayList<>());

    KeyLog(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<Blob> get(String key) {
      gets.add(key);
      return delegate.get(key);
    }
  }
}
