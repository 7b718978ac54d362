package dev.chatlog.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.ConflictException;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.spi.VerifyReport;
import dev.chatlog.testing.CountingBlobStore;
import dev.chatlog.testing.Drafts;
import dev.chatlog.testing.ForwardingBlobStore;
import dev.chatlog.testing.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class BlobChunkStoreTest {
  private final MemoryBlobStore memory = new MemoryBlobStore();
  private final ChunkIdsTest.TestClock clock =
      new ChunkIdsTest.TestClock(Instant.parse("2024-03-01T10:00:00Z"));
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final List<BlobChunkStore> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(BlobChunkStore::close);
  }

  private BlobChunkStore open(BlobStore blobs, Map<String, String> options) {
    BlobChunkStore store =
        BlobChunkStore.open(
            blobs, options, new ChunkIds(clock, new Random(7 + opened.size())), warnings::add);
    opened.add(store);
    return store;
  }

  private BlobChunkStore open() {
    return open(memory, Map.of());
  }

  private static ChunkDraft draft(String session, String body) {
    return Drafts.user("p", "t", session, body);
  }

  private static ChunkMeta save(BlobChunkStore store, String session, String body) {
    return store.append(List.of(draft(session, body))).get(0).meta();
  }

  private List<String> keys(String prefix) {
    return memory.keys().stream().filter(key -> key.startsWith(prefix)).toList();
  }

  private Manifest manifest() {
    return IndexCodec.decodeManifest(
        BlobLayout.MANIFEST, memory.get(BlobLayout.MANIFEST).orElseThrow().data());
  }

  private void overwrite(String key, String text) {
    String version = memory.get(key).orElseThrow().version();
    memory.put(key, text.getBytes(StandardCharsets.UTF_8), PutCondition.ifVersion(version));
  }

  /** A store over {@link #memory} that says whether it is local and notes who reads bodies. */
  private static final class ThreadNoting extends ForwardingBlobStore {
    private final boolean local;
    private final List<Thread> readers = new CopyOnWriteArrayList<>();

    ThreadNoting(BlobStore delegate, boolean local) {
      super(delegate);
      this.local = local;
    }

    @Override
    public Optional<Blob> get(String key) {
      if (key.startsWith(BlobLayout.CHUNKS)) {
        readers.add(Thread.currentThread());
      }
      return super.get(key);
    }

    @Override
    public boolean isLocal() {
      return local;
    }
  }

  @Test
  void aLocalStoreReadsBodiesOnTheCallingThreadAndOthersOnThreadsOfTheirOwn() {
    BlobChunkStore writer = open();
    for (int i = 0; i < 4; i++) {
      save(writer, "s", "body " + i);
    }
    ThreadNoting local = new ThreadNoting(memory, true);
    ThreadNoting remote = new ThreadNoting(memory, false);

    List<Chunk> fromLocal = open(local, Map.of()).readAll(writer.list(ChunkFilter.all(), 10));
    List<Chunk> fromRemote = open(remote, Map.of()).readAll(writer.list(ChunkFilter.all(), 10));

    assertThat(fromLocal)
        .extracting(Chunk::body)
        .containsExactly("body 3", "body 2", "body 1", "body 0");
    assertThat(fromRemote).isEqualTo(fromLocal);
    assertThat(local.readers).hasSize(4).containsOnly(Thread.currentThread());
    assertThat(remote.readers).hasSize(4).doesNotContain(Thread.currentThread());
  }

  @Test
  void aSaveCostsTwoCreateOnlyWritesWhateverTheHistory() {
    CountingBlobStore counting = new CountingBlobStore(memory);
    BlobChunkStore store = open(counting, Map.of());

    ChunkMeta first = save(store, "s", "first");
    assertThat(counting.puts())
        .containsExactly(
            new CountingBlobStore.Put(BlobLayout.chunkKey(first.id()), PutCondition.createOnly()),
            new CountingBlobStore.Put(BlobLayout.inboxKey(first.id()), PutCondition.createOnly()));

    for (int batch = 0; batch < 20; batch++) {
      List<ChunkDraft> drafts = new ArrayList<>();
      for (int i = 0; i < 100; i++) {
        drafts.add(draft("s" + batch, "body " + batch + "/" + i));
      }
      store.append(drafts);
    }
    store.compact();
    assertThat(manifest().segments()).hasSizeGreaterThan(1);

    clock.set(clock.instant().plusSeconds(1));
    BlobChunkStore fresh = open(counting, Map.of());
    counting.reset();
    ChunkMeta last = save(fresh, "s7", "one more");
    assertThat(counting.count(CountingBlobStore.Kind.PUT)).isEqualTo(2);
    assertThat(counting.puts())
        .allMatch(put -> put.condition().equals(PutCondition.createOnly()))
        .extracting(CountingBlobStore.Put::key)
        .containsExactly(BlobLayout.chunkKey(last.id()), BlobLayout.inboxKey(last.id()));
    assertThat(last.seq()).isEqualTo(100);
    assertThat(counting.count(CountingBlobStore.Kind.GET)).isLessThanOrEqualTo(2);

    fresh.compact();
    BlobChunkStore reader = open(counting, Map.of());
    counting.reset();
    List<ChunkMeta> newest = reader.list(ChunkFilter.all(), 10);
    assertThat(newest).hasSize(10).first().isEqualTo(last);
    // the manifest, the one-entry newest segment and the one before it: not the other segments
    assertThat(manifest().segments()).hasSizeGreaterThan(3);
    assertThat(counting.count(CountingBlobStore.Kind.GET)).isEqualTo(3);
    assertThat(reader.list(ChunkFilter.all(), 5000)).hasSize(2002);
  }

  @Test
  void aStoreReusesTheManifestItHoldsUntilAnotherWriterChangesIt() {
    CountingBlobStore counting = new CountingBlobStore(memory);
    BlobChunkStore store = open(counting, Map.of());
    BlobChunkStore other = open(memory, Map.of());
    save(store, "s", "first");
    store.compact();

    counting.reset();
    save(store, "s", "second");
    assertThat(store.list(ChunkFilter.all(), 10)).hasSize(2);
    // one-byte probes of the manifest's version, and no whole read: the only new inbox entry is
    // the one this store wrote, which it holds
    assertThat(counting.count(CountingBlobStore.Kind.GET_RANGE)).isEqualTo(2);
    assertThat(counting.count(CountingBlobStore.Kind.GET)).isZero();

    save(other, "t", "written elsewhere");
    other.compact();
    counting.reset();
    assertThat(store.list(ChunkFilter.all(), 10))
        .extracting(ChunkMeta::session)
        .containsExactlyInAnyOrder("s", "s", "t");
    assertThat(counting.count(CountingBlobStore.Kind.GET)).isGreaterThanOrEqualTo(1);
  }

  @Test
  void compactsAutomaticallyPastTheThreshold() {
    BlobChunkStore store = open(memory, Map.of(BlobChunkStore.COMPACT_THRESHOLD, "3"));
    for (int i = 0; i < 3; i++) {
      save(store, "s", "body " + i);
    }
    assertThat(keys(BlobLayout.INBOX)).hasSize(3);

    save(store, "s", "body 3");

    assertThat(keys(BlobLayout.INBOX)).isEmpty();
    assertThat(manifest().segments()).hasSize(1);
    assertThat(store.list(ChunkFilter.all(), 10)).hasSize(4);
  }

  @Test
  void mergesSegmentsPastTheirMaximum() {
    BlobChunkStore store =
        open(
            memory,
            Map.of(BlobChunkStore.COMPACT_THRESHOLD, "1", BlobChunkStore.MAX_SEGMENTS, "3"));
    List<ChunkMeta> saved = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      saved.add(save(store, "s", "body " + i));
    }
    store.delete(List.of(saved.get(0).id()));
    store.compact();

    assertThat(manifest().segments().size()).isLessThanOrEqualTo(3);
    assertThat(keys(BlobLayout.SEGMENTS)).hasSameSizeAs(manifest().segments());
    assertThat(open().list(ChunkFilter.all(), 100)).hasSize(11).doesNotContain(saved.get(0));
  }

  @Test
  void rejectsBadOptions() {
    assertThatThrownBy(() -> open(memory, Map.of(BlobChunkStore.COMPACT_THRESHOLD, "many")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option engine.compact-threshold 'many': expected a whole number from 1"
                + " to 1000000");
    assertThatThrownBy(() -> open(memory, Map.of(BlobChunkStore.READ_THREADS, "0")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot use option engine.read-threads '0'");
    assertThatThrownBy(() -> open(memory, Map.of("engine.colour", "red")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option engine.colour 'red': unknown option; valid options:"
                + " engine.cache-folder, engine.compact-threshold, engine.max-segments,"
                + " engine.read-threads");
    assertThat(BlobChunkStore.OPTION_KEYS)
        .containsExactlyInAnyOrder(
            "engine.compact-threshold",
            "engine.read-threads",
            "engine.max-segments",
            "engine.cache-folder");
    assertThat(open(memory, Map.of("fs.other", "ignored")).location()).isEqualTo(memory.location());
  }

  @Test
  void rejectsBadDrafts() {
    BlobChunkStore store = open();
    ChunkDraft blank =
        new ChunkDraft(" ", "t", "s", null, List.of(), "cli", List.of(), "", Map.of(), "x");
    ChunkDraft ancient =
        new ChunkDraft(
            "p",
            "t",
            "s",
            Instant.parse("1960-01-01T00:00:00Z"),
            List.of(),
            "cli",
            List.of(),
            "",
            Map.of(),
            "x");

    assertThatThrownBy(() -> store.append(List.of(draft("s", "ok"), blank)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot append chunk: project is empty");
    assertThatThrownBy(() -> store.append(List.of(ancient)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot append chunk: created time 1960-01-01T00:00:00Z is out of range");
    assertThatThrownBy(() -> store.list(ChunkFilter.all(), -1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot list chunks: limit -1 is negative");
    assertThat(store.list(ChunkFilter.all(), 0)).isEmpty();
    assertThat(memory.keys()).isEmpty();
  }

  @Test
  void twoCompactorsRacingLoseNothing() throws Exception {
    BlobChunkStore writer = open(memory, Map.of(BlobChunkStore.COMPACT_THRESHOLD, "100000"));
    BlobChunkStore first = open(memory, Map.of());
    BlobChunkStore second = open(memory, Map.of());
    ExecutorService pool = Executors.newFixedThreadPool(3);
    try {
      Future<List<ChunkMeta>> writes =
          pool.submit(
              () -> {
                List<ChunkMeta> saved = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                  saved.add(save(writer, "s" + (i % 3), "body " + i));
                }
                return saved;
              });
      Future<?> a =
          pool.submit(
              () -> {
                for (int i = 0; i < 15; i++) {
                  first.compact();
                }
              });
      Future<?> b =
          pool.submit(
              () -> {
                for (int i = 0; i < 15; i++) {
                  second.compact();
                }
              });
      List<ChunkMeta> saved = writes.get(30, TimeUnit.SECONDS);
      a.get(30, TimeUnit.SECONDS);
      b.get(30, TimeUnit.SECONDS);
      first.compact();

      List<ChunkMeta> expected = new ArrayList<>(saved);
      expected.sort((x, y) -> y.id().compareTo(x.id()));
      assertThat(open().list(ChunkFilter.all(), 1000)).isEqualTo(expected);
      assertThat(keys(BlobLayout.INBOX)).isEmpty();
    } finally {
      pool.shutdownNow();
      assertThat(pool.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
    }
  }

  @Test
  void failsWithAConflictWhenTheManifestKeepsChanging() {
    BlobStore racing = new ManifestRacingStore(memory);
    BlobChunkStore store = open(racing, Map.of(BlobChunkStore.COMPACT_THRESHOLD, "1"));
    save(store, "s", "a");
    ChunkMeta b = save(store, "s", "b");

    assertThat(warnings)
        .anyMatch(w -> w.startsWith("Cannot compact index of " + memory.location()));
    assertThat(store.list(ChunkFilter.all(), 10)).extracting(ChunkMeta::id).contains(b.id());
    assertThatThrownBy(store::compact)
        .isInstanceOf(ConflictException.class)
        .hasMessage(
            "Cannot compact index of "
                + memory.location()
                + ": the manifest kept changing through 8 attempts");
    assertThat(keys(BlobLayout.SEGMENTS)).isEmpty();
  }

  @Test
  void aCompactionThatLosesToOneWhichFoldedItsEntriesIsDoneEvenAsNewEntriesArrive() {
    BlobChunkStore other = open();
    List<ChunkMeta> savedMeanwhile = new ArrayList<>();
    BlobStore racing =
        new ForwardingBlobStore(memory) {
          @Override
          public String put(String key, byte[] data, PutCondition condition) {
            if (key.equals(BlobLayout.MANIFEST)) {
              // Another process compacts first, then saves again: every swap of ours loses.
              other.compact();
              savedMeanwhile.add(save(other, "s", "meanwhile " + savedMeanwhile.size()));
              throw new PreconditionFailedException("Cannot put " + key + ": someone was faster");
            }
            return delegate.put(key, data, condition);
          }
        };
    BlobChunkStore store = open(racing, Map.of());
    ChunkMeta a = save(store, "s", "a");
    ChunkMeta b = save(store, "s", "b");

    store.compact();

    assertThat(savedMeanwhile).hasSize(1);
    assertThat(keys(BlobLayout.INBOX)).hasSize(1);
    assertThat(open().list(ChunkFilter.all(), 10))
        .extracting(ChunkMeta::id)
        .containsExactly(savedMeanwhile.get(0).id(), b.id(), a.id());
  }

  @Test
  void aChunkWithoutIndexEntryIsFoundByVerifyAndRepaired() {
    BlobChunkStore store = open();
    ChunkMeta indexed = save(store, "s", "indexed");
    Chunk orphan = ChunkCodecTest.chunk("s", "", "written before a crash");
    memory.put(
        BlobLayout.chunkKey(orphan.id()), ChunkCodec.encode(orphan), PutCondition.createOnly());

    assertThat(store.list(ChunkFilter.all(), 10)).containsExactly(indexed);
    VerifyReport report = store.verify(false);
    assertThat(report.checked()).isEqualTo(2);
    assertThat(report.problems())
        .containsExactly(
            new VerifyReport.Problem(
                VerifyReport.Kind.NOT_INDEXED,
                BlobLayout.chunkKey(orphan.id()),
                "chunk " + orphan.id() + " has no index entry",
                false));
    assertThat(report.clean()).isFalse();

    assertThat(store.verify(true).clean()).isTrue();
    assertThat(store.list(ChunkFilter.all(), 10)).containsExactly(indexed, orphan.meta());
    assertThat(store.verify(false).problems()).isEmpty();
  }

  @Test
  void inboxEntriesLeftAfterCompactionAreNotDuplicated() {
    BlobChunkStore store = open();
    save(store, "s", "a");
    save(store, "s", "b");
    Map<String, byte[]> inbox = new java.util.HashMap<>();
    keys(BlobLayout.INBOX).forEach(key -> inbox.put(key, memory.get(key).orElseThrow().data()));
    List<ChunkMeta> before = store.list(ChunkFilter.all(), 10);

    store.compact();
    inbox.forEach((key, data) -> memory.put(key, data, PutCondition.createOnly()));

    assertThat(open().list(ChunkFilter.all(), 10)).isEqualTo(before);
    store.compact();
    assertThat(open().list(ChunkFilter.all(), 10)).isEqualTo(before);
    assertThat(store.verify(false).problems()).isEmpty();
  }

  @Test
  void segmentsLeftOverAfterAManifestSwapAreIgnoredThenRemoved() {
    BlobChunkStore store = open();
    save(store, "s", "a");
    store.compact();
    String oldKey = keys(BlobLayout.SEGMENTS).get(0);
    byte[] old = memory.get(oldKey).orElseThrow().data();
    save(store, "s", "b");
    List<ChunkMeta> before = store.list(ChunkFilter.all(), 10);

    assertThat(store.reindex()).isEqualTo(2);
    memory.put(oldKey, old, PutCondition.createOnly()); // as if the crash came before its delete

    assertThat(open().list(ChunkFilter.all(), 10)).isEqualTo(before);
    store.verify(true);
    assertThat(keys(BlobLayout.SEGMENTS)).hasSize(2); // young: a compactor may be about to list it

    clock.set(clock.instant().plus(Duration.ofHours(2)));
    assertThat(store.verify(true).problems()).isEmpty();
    assertThat(keys(BlobLayout.SEGMENTS))
        .containsExactly(BlobLayout.segmentKey(manifest().segments().get(0).name()));
    assertThat(open().list(ChunkFilter.all(), 10)).isEqualTo(before);
  }

  @Test
  void anEntryWhoseChunkIsMissingIsSkippedAndRepaired() {
    BlobChunkStore store = open();
    ChunkMeta kept = save(store, "s", "kept");
    ChunkMeta lost = save(store, "s", "lost");
    memory.delete(BlobLayout.chunkKey(lost.id()));

    assertThat(store.read(lost.id())).isEmpty();
    assertThat(store.readAll(List.of(lost, kept))).extracting(Chunk::meta).containsExactly(kept);
    assertThat(warnings).anyMatch(w -> w.contains(BlobLayout.chunkKey(lost.id())));

    VerifyReport report = store.verify(true);
    assertThat(report.problems())
        .extracting(VerifyReport.Problem::kind, VerifyReport.Problem::key)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                VerifyReport.Kind.MISSING_CHUNK, lost.id().toString()));
    assertThat(store.list(ChunkFilter.all(), 10)).containsExactly(kept);
  }

  @Test
  void aDeleteInterruptedBeforeTheChunkFileWentIsFinishedByRepair() {
    BlobChunkStore store = open();
    ChunkMeta meta = save(store, "s", "to delete");
    memory.put(
        BlobLayout.inboxKey(dev.chatlog.model.ChunkId.of(clock.millis() + 5, 0, 1)),
        IndexCodec.encodeRecord(IndexRecord.Tombstone.of(meta)),
        PutCondition.createOnly());

    assertThat(store.list(ChunkFilter.all(), 10)).isEmpty();
    assertThat(store.read(meta.id())).isEmpty();
    assertThat(store.verify(true).problems()).isEmpty();
    assertThat(memory.get(BlobLayout.chunkKey(meta.id()))).isEmpty();
  }

  @Test
  void aChunkEditedSinceItsSaveIsReadMarkedModifiedAndARepairNeverTakesItAway() {
    BlobChunkStore store = open();
    ChunkMeta good = save(store, "s", "good");
    ChunkMeta edited = save(store, "s", "old body");
    String key = BlobLayout.chunkKey(edited.id());
    String text = new String(memory.get(key).orElseThrow().data(), StandardCharsets.UTF_8);
    overwrite(key, text.replace("old body", "NEW BODY, longer"));

    assertThat(store.readAll(store.list(ChunkFilter.all(), 10)))
        .extracting(Chunk::meta, Chunk::body, Chunk::modified)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(edited, "NEW BODY, longer", true),
            org.assertj.core.groups.Tuple.tuple(good, "good", false));
    assertThat(store.read(edited.id()).orElseThrow().modified()).isTrue();
    assertThat(warnings).isEmpty();

    VerifyReport report = store.verify(true);
    assertThat(report.problems())
        .extracting(
            VerifyReport.Problem::kind, VerifyReport.Problem::key, VerifyReport.Problem::repaired)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(VerifyReport.Kind.MODIFIED, key, false));
    assertThat(report.problems().get(0).detail())
        .startsWith("edited since it was saved (the body has 16 bytes, 8 when saved)");
    assertThat(memory.get(key)).isPresent();
    assertThat(memory.get("quarantine/" + key)).isEmpty();
    assertThat(store.list(ChunkFilter.all(), 10)).containsExactlyInAnyOrder(good, edited);
    assertThat(store.reindex()).isEqualTo(2);
    assertThat(store.list(ChunkFilter.all(), 10)).containsExactlyInAnyOrder(good, edited);
  }

  @Test
  void aRepairThatAcceptsEditsKeepsTheFileAndAReindexKeepsTheEdit() {
    BlobChunkStore store = open();
    ChunkMeta edited = save(store, "s", "old body");
    String key = BlobLayout.chunkKey(edited.id());
    byte[] file =
        new String(memory.get(key).orElseThrow().data(), StandardCharsets.UTF_8)
            .replace("old body", "new body!")
            .getBytes(StandardCharsets.UTF_8);
    overwrite(key, new String(file, StandardCharsets.UTF_8));

    assertThat(store.verify(false, true).clean()).as("without repair, a dry run").isFalse();
    VerifyReport accepted = store.verify(true, true);

    assertThat(accepted.problems())
        .extracting(VerifyReport.Problem::kind, VerifyReport.Problem::repaired)
        .containsExactly(org.assertj.core.groups.Tuple.tuple(VerifyReport.Kind.MODIFIED, true));
    assertThat(memory.get(key).orElseThrow().data())
        .as("the file as the user left it")
        .isEqualTo(file);
    Chunk now = store.read(edited.id()).orElseThrow();
    assertThat(now.modified()).isFalse();
    assertThat(now.body()).isEqualTo("new body!");
    assertThat(now.meta().sha256()).isEqualTo(ChunkCodec.sha256("new body!"));
    assertThat(now.meta().size()).isEqualTo(9);
    assertThat(store.verify(false).clean()).isTrue();

    assertThat(store.reindex()).isEqualTo(1);
    assertThat(store.read(edited.id()).orElseThrow().modified())
        .as("a reindex keeps an accepted edit")
        .isFalse();
    assertThat(store.verify(false).clean()).isTrue();
  }

  @Test
  void aChunkFileWithoutFrontMatterIsCorruptForAReadOfItAndSkippedInReadsOfMany() {
    BlobChunkStore store = open();
    ChunkMeta damaged = save(store, "s", "text");
    ChunkMeta other = save(store, "s", "other");
    overwrite(BlobLayout.chunkKey(damaged.id()), "no front matter at all");

    assertThatThrownBy(() -> store.read(damaged.id()))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageContaining("no front matter");
    assertThat(store.readAll(List.of(damaged, other)))
        .extracting(Chunk::meta)
        .containsExactly(other);
    assertThat(warnings).anyMatch(w -> w.contains("Skipping chunk " + damaged.id()));
  }

  @Test
  void chunksAreFoundByTheStartOfTheirId() {
    BlobChunkStore store = open();
    ChunkMeta first = save(store, "s", "one");
    ChunkMeta second = save(store, "s", "two");
    store.compact();
    ChunkMeta third = save(store, "s", "three");
    String id = second.id().toString();

    assertThat(store.withIdPrefix(id, 5)).containsExactly(second);
    assertThat(store.withIdPrefix(id.substring(0, 24), 5)).contains(second);
    assertThat(store.withIdPrefix("0", 5)).containsExactly(third, second, first);
    assertThat(store.withIdPrefix("0", 2)).containsExactly(third, second);
    assertThat(store.withIdPrefix("7ZZZ", 5)).isEmpty();
  }

  @Test
  void aMarkdownFileAmongTheChunksIsANoticeAndIsNeverMoved() {
    BlobChunkStore store = open();
    save(store, "s", "text");
    memory.put("chunks/notes/todo.md", "# my own note\n".getBytes(), PutCondition.createOnly());

    VerifyReport report = store.verify(true);

    assertThat(report.problems())
        .extracting(VerifyReport.Problem::kind, VerifyReport.Problem::key)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                VerifyReport.Kind.NOT_A_CHUNK, "chunks/notes/todo.md"));
    assertThat(report.clean()).isTrue();
    assertThat(memory.get("chunks/notes/todo.md")).isPresent();
    assertThat(memory.listAll("quarantine/", null)).isEmpty();
  }

  @Test
  void aChunkWithUnreadableFrontMatterIsQuarantined() {
    BlobChunkStore store = open();
    ChunkMeta meta = save(store, "s", "text");
    String key = BlobLayout.chunkKey(meta.id());
    overwrite(key, "---\nid: [unclosed\n---\ntext");
    memory.put("quarantine/" + key, new byte[] {1}, PutCondition.createOnly());

    VerifyReport report = store.verify(true);

    assertThat(report.problems())
        .extracting(VerifyReport.Problem::kind)
        .containsExactly(VerifyReport.Kind.UNREADABLE_CHUNK);
    assertThat(memory.get("quarantine/" + key + ".1")).isPresent();
    assertThat(store.list(ChunkFilter.all(), 10)).isEmpty();
  }

  @Test
  void aCorruptSegmentIsReportedAndRebuiltFromTheChunks() {
    BlobChunkStore store = open();
    ChunkMeta a = save(store, "s", "a");
    store.compact();
    ChunkMeta b = save(store, "s", "b");
    String segment = keys(BlobLayout.SEGMENTS).get(0);
    overwrite(segment, "{not json\n");

    BlobChunkStore fresh = open();
    assertThat(fresh.list(ChunkFilter.all(), 10)).containsExactly(b);
    assertThat(warnings).anyMatch(w -> w.startsWith("Skipping unreadable " + segment));

    VerifyReport report = fresh.verify(true);
    assertThat(report.problems())
        .extracting(VerifyReport.Problem::kind, VerifyReport.Problem::key)
        .contains(org.assertj.core.groups.Tuple.tuple(VerifyReport.Kind.UNREADABLE_INDEX, segment));
    assertThat(report.clean()).isTrue();
    assertThat(memory.get("quarantine/" + segment)).isPresent();
    assertThat(open().list(ChunkFilter.all(), 10)).containsExactly(b, a);
  }

  @Test
  void aCorruptManifestIsReportedAndRebuiltFromTheChunks() {
    BlobChunkStore store = open();
    ChunkMeta a = save(store, "s", "a");
    store.compact();
    ChunkMeta b = save(store, "s", "b");
    overwrite(BlobLayout.MANIFEST, "[]");

    assertThat(store.list(ChunkFilter.all(), 10)).containsExactly(b);
    assertThat(warnings).anyMatch(w -> w.startsWith("Skipping unreadable " + BlobLayout.MANIFEST));
    assertThatThrownBy(store::compact)
        .isInstanceOf(CorruptDataException.class)
        .hasMessage(
            "Cannot compact index of "
                + memory.location()
                + ": index/manifest.json is unreadable; run verify with repair");

    assertThat(store.verify(false).clean()).isFalse();
    assertThat(store.verify(true).clean()).isTrue();
    assertThat(memory.get("quarantine/" + BlobLayout.MANIFEST)).isPresent();
    assertThat(store.list(ChunkFilter.all(), 10)).containsExactly(b, a);
  }

  @Test
  void aCorruptInboxEntryIsSkippedAndQuarantined() {
    BlobChunkStore store = open();
    ChunkMeta a = save(store, "s", "a");
    ChunkMeta b = save(store, "s", "b");
    String key = BlobLayout.inboxKey(a.id());
    overwrite(key, "garbage");

    assertThat(store.list(ChunkFilter.all(), 10)).containsExactly(b);
    assertThat(warnings).anyMatch(w -> w.startsWith("Skipping unreadable " + key));

    assertThat(store.verify(true).clean()).isTrue();
    assertThat(memory.get("quarantine/" + key)).isPresent();
    assertThat(store.list(ChunkFilter.all(), 10)).containsExactly(b, a);
  }

  @Test
  void reindexRebuildsTheSameEntries() {
    BlobChunkStore store = open();
    List<ChunkMeta> saved = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      saved.add(save(store, "s" + (i % 2), "body " + i));
    }
    store.compact();
    for (int i = 5; i < 8; i++) {
      saved.add(save(store, "s" + (i % 2), "body " + i));
    }
    store.delete(List.of(saved.get(1).id()));
    List<ChunkMeta> before = store.list(ChunkFilter.all(), 100);

    assertThat(store.reindex()).isEqualTo(7);

    assertThat(keys(BlobLayout.INBOX)).isEmpty();
    assertThat(manifest().segments()).hasSize(1);
    assertThat(open().list(ChunkFilter.all(), 100)).isEqualTo(before);
    assertThat(store.stats().chunks()).isEqualTo(7);
  }

  @Test
  void reindexOfAnEmptyStoreWritesAnEmptyManifest() {
    BlobChunkStore store = open();
    assertThat(store.reindex()).isZero();
    assertThat(manifest().segments()).isEmpty();
    assertThat(store.list(ChunkFilter.all(), 10)).isEmpty();
  }

  @Test
  void closeClosesTheBlobStore() {
    boolean[] closed = {false};
    BlobStore blobs =
        new ManifestRacingStore(memory) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    BlobChunkStore.open(blobs, Map.of()).close();
    assertThat(closed[0]).isTrue();
  }

  /** Replaces the manifest behind every compare-and-swap, so that each one loses the race. */
  private static class ManifestRacingStore extends ForwardingBlobStore {
    ManifestRacingStore(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public String put(String key, byte[] data, PutCondition condition) {
      if (key.equals(BlobLayout.MANIFEST)) {
        throw new PreconditionFailedException("Cannot put " + key + ": someone was faster");
      }
      return delegate.put(key, data, condition);
    }
  }
}
