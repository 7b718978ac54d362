package dev.chatlog.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.error.ReadOnlyException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.ReadOnlyChunkStore;
import dev.chatlog.testing.CountingBlobStore;
import dev.chatlog.testing.MemoryBlobStore;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The pruner over the real blob engine, in memory. */
class PrunerTest {
  private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);

  private final MemoryBlobStore blobs = new MemoryBlobStore();
  private final BlobChunkStore store =
      BlobChunkStore.open(blobs, Map.of(BlobChunkStore.COMPACT_THRESHOLD, "1000"));
  private final Pruner pruner = new Pruner(store, CLOCK);

  @AfterEach
  void close() {
    store.close();
  }

  /** Saves one chunk created {@code daysAgo} days before now (and a minute per call later). */
  private ChunkMeta save(String project, int daysAgo, String... tags) {
    Instant created = NOW.minus(Duration.ofDays(daysAgo));
    ChunkDraft draft =
        new ChunkDraft(
            project,
            "t",
            "s",
            created,
            List.of(Actor.USER),
            "test",
            List.of(tags),
            "",
            Map.of(),
            project + " " + daysAgo + " " + List.of(tags));
    return store.append(List.of(draft)).get(0).meta();
  }

  private List<ChunkMeta> live(ChunkFilter filter) {
    return store.list(filter, 10_000);
  }

  @Test
  void maxChunksKeepsTheNewestAndRemovesExactlyTheRest() {
    ChunkMeta oldest = save("p", 5);
    ChunkMeta older = save("p", 4);
    ChunkMeta newer = save("p", 3);
    ChunkMeta newest = save("p", 2);

    PruneResult result = pruner.prune(RetentionPolicy.ofMaxChunks(2), ChunkFilter.all(), false);

    assertThat(result.removed()).containsExactly(older, oldest);
    assertThat(result.examined()).isEqualTo(4);
    assertThat(result.kept()).isEqualTo(2);
    assertThat(result.dryRun()).isFalse();
    assertThat(result.pinnedKept()).isZero();
    assertThat(result.evaluatedAt()).isEqualTo(NOW);
    assertThat(live(ChunkFilter.all())).containsExactly(newest, newer);
    assertThat(store.read(oldest.id())).isEmpty();
  }

  @Test
  void pinnedChunksAreNeverRemovedAndTakeAPlaceAmongTheNewest() {
    ChunkMeta oldPinned = save("p", 9, "pinned");
    ChunkMeta old = save("p", 8);
    ChunkMeta middle = save("p", 3);
    ChunkMeta newPinned = save("p", 2, "Pinned", "x");
    ChunkMeta newest = save("p", 1);

    PruneResult result = pruner.prune(RetentionPolicy.parse(2L, "5d"), ChunkFilter.all(), false);

    assertThat(result.removed()).containsExactly(middle, old);
    assertThat(result.pinnedKept()).isEqualTo(1);
    assertThat(result.kept()).isEqualTo(3);
    assertThat(live(ChunkFilter.all())).containsExactly(newest, newPinned, oldPinned);
    assertThat(Pruner.isPinned(newPinned)).isTrue();
    assertThat(Pruner.isPinned(middle)).isFalse();
  }

  @Test
  void maxAgeRemovesChunksCreatedBeforeTheCutoff() {
    ChunkMeta tooOld = save("p", 31);
    ChunkMeta justInside =
        store
            .append(
                List.of(
                    new ChunkDraft(
                        "p",
                        "t",
                        "s",
                        NOW.minus(Duration.ofDays(30)),
                        List.of(Actor.USER),
                        "test",
                        List.of(),
                        "",
                        Map.of(),
                        "exactly thirty days")))
            .get(0)
            .meta();
    ChunkMeta recent = save("p", 1);

    PruneResult result =
        pruner.prune(RetentionPolicy.ofMaxAge(Duration.ofDays(30)), ChunkFilter.all(), false);

    assertThat(result.removed()).containsExactly(tooOld);
    assertThat(live(ChunkFilter.all())).containsExactly(recent, justInside);
  }

  @Test
  void onlyChunksInScopeAreConsidered() {
    ChunkMeta otherOld = save("other", 40);
    ChunkMeta mineOld = save("mine", 40);
    ChunkMeta mineNew = save("mine", 1);

    PruneResult result =
        pruner.prune(
            RetentionPolicy.ofMaxAge(Duration.ofDays(30)),
            ChunkFilter.all().withProject("mine"),
            false);

    assertThat(result.removed()).containsExactly(mineOld);
    assertThat(result.examined()).isEqualTo(2);
    assertThat(live(ChunkFilter.all())).containsExactly(mineNew, otherOld);
  }

  @Test
  void dryRunSaysExactlyWhatItWouldRemoveAndWritesNothing() {
    ChunkMeta old = save("p", 40);
    save("p", 1);
    List<String> before = blobs.keys();

    PruneResult dry =
        pruner.prune(RetentionPolicy.ofMaxAge(Duration.ofDays(30)), ChunkFilter.all(), true);

    assertThat(dry.dryRun()).isTrue();
    assertThat(dry.removed()).containsExactly(old);
    assertThat(blobs.keys()).isEqualTo(before);
    assertThat(live(ChunkFilter.all())).hasSize(2);

    PruneResult real =
        pruner.prune(RetentionPolicy.ofMaxAge(Duration.ofDays(30)), ChunkFilter.all(), false);
    assertThat(real.removed()).isEqualTo(dry.removed());
  }

  @Test
  void prunedChunksStayGoneAfterCompactionAndForANewReader() {
    ChunkMeta old = save("p", 40);
    ChunkMeta recent = save("p", 1);
    store.compact();

    pruner.prune(RetentionPolicy.ofMaxAge(Duration.ofDays(30)), ChunkFilter.all(), false);

    assertThat(blobs.keys())
        .noneMatch(key -> key.startsWith("chunks/") && key.contains(old.id().toString()));
    try (BlobChunkStore reader = BlobChunkStore.open(blobs, Map.of())) {
      assertThat(reader.list(ChunkFilter.all(), 100)).containsExactly(recent);
      reader.compact();
      assertThat(reader.list(ChunkFilter.all(), 100)).containsExactly(recent);
      assertThat(reader.read(old.id())).isEmpty();
      assertThat(reader.verify(false).problems()).isEmpty();
    }
    assertThat(
            pruner
                .prune(RetentionPolicy.ofMaxAge(Duration.ofDays(30)), ChunkFilter.all(), false)
                .removed())
        .as("a second prune finds nothing left to remove")
        .isEmpty();
  }

  @Test
  void aCountOnlyPolicyUnderItsLimitWritesNothingAndCountsEveryChunk() {
    CountingBlobStore counting = new CountingBlobStore(blobs);
    try (BlobChunkStore counted = BlobChunkStore.open(counting, Map.of())) {
      for (int i = 10; i > 0; i--) {
        save("p", i);
      }
      Pruner countingPruner = new Pruner(counted, CLOCK);
      counting.reset();
      PruneResult result =
          countingPruner.prune(RetentionPolicy.ofMaxChunks(20), ChunkFilter.all(), false);
      assertThat(result.removed()).isEmpty();
      assertThat(result.examined()).isEqualTo(10);
      assertThat(counting.count(CountingBlobStore.Kind.PUT)).isZero();
      assertThat(counting.count(CountingBlobStore.Kind.DELETE)).isZero();

      PruneResult over =
          countingPruner.prune(RetentionPolicy.ofMaxChunks(4), ChunkFilter.all(), true);
      assertThat(over.examined()).isEqualTo(10);
      assertThat(over.removed()).hasSize(6);
    }
  }

  @Test
  void aChunkAnotherProcessDeletedFirstIsNotReportedAsRemoved() {
    ChunkMeta first = save("p", 50);
    ChunkMeta second = save("p", 40);
    ChunkStore racing = new DeletesFirstStore(store, first.id());

    PruneResult result =
        new Pruner(racing, CLOCK)
            .prune(RetentionPolicy.ofMaxAge(Duration.ofDays(30)), ChunkFilter.all(), false);

    assertThat(result.removed()).containsExactly(second);
    assertThat(result.examined()).isEqualTo(2);
    assertThat(live(ChunkFilter.all())).isEmpty();
  }

  @Test
  void aReadOnlyStoreRefusesThePruneAndKeepsEverything() {
    save("p", 40);
    List<String> before = blobs.keys();
    Pruner readOnly = new Pruner(new ReadOnlyChunkStore(store), CLOCK);

    assertThatThrownBy(
            () ->
                readOnly.prune(
                    RetentionPolicy.ofMaxAge(Duration.ofDays(30)), ChunkFilter.all(), false))
        .isInstanceOf(ReadOnlyException.class)
        .hasMessageStartingWith("Cannot delete in memory://");
    assertThat(blobs.keys()).isEqualTo(before);
    assertThat(
            readOnly
                .prune(RetentionPolicy.ofMaxAge(Duration.ofDays(30)), ChunkFilter.all(), true)
                .removed())
        .hasSize(1);
  }

  @Test
  void resultCountsMustAddUp() {
    RetentionPolicy policy = RetentionPolicy.ofMaxChunks(1);
    ChunkMeta meta = save("p", 1);
    assertThatThrownBy(() -> new PruneResult(policy, true, NOW, 0, List.of(meta), 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("examined 0 is less than removed 1");
    assertThatThrownBy(() -> new PruneResult(policy, true, NOW, 1, List.of(), -1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("pinnedKept is negative: -1");
  }

  /** A store on which another process deletes one chunk just before this one deletes. */
  private static final class DeletesFirstStore extends ForwardingChunkStore {
    private final ChunkId stolen;

    DeletesFirstStore(ChunkStore delegate, ChunkId stolen) {
      super(delegate);
      this.stolen = stolen;
    }

    @Override
    public List<ChunkId> delete(Collection<ChunkId> ids) {
      super.delete(List.of(stolen));
      return super.delete(ids);
    }
  }
}
