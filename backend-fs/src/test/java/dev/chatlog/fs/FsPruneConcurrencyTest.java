package dev.chatlog.fs;

import static dev.chatlog.fs.SaverProcesses.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.testing.StartSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Processes saving while another prunes and another compacts one file store: no chunk the policy
 * keeps disappears, every expired chunk is gone, and the counts add up.
 */
class FsPruneConcurrencyTest {
  private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(150);
  private static final int MAX_AGE_DAYS = 30;

  @TempDir Path dir;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void saversPrunerAndCompactorInSeparateProcessesKeepEverythingThePolicyKeeps() throws Exception {
    Path root = dir.resolve("store");
    Path go = dir.resolve("go");
    Path stop = dir.resolve("stop");
    Path removedFile = dir.resolve("removed");
    int savers = 3;
    int perSaver = 100;

    Set<String> expired = new HashSet<>();
    Set<String> pinned = new HashSet<>();
    Set<String> recent = new HashSet<>();
    Instant now = Instant.now();
    try (BlobChunkStore store =
        BlobChunkStore.open(
            new FsBlobStore(root), Map.of(BlobChunkStore.COMPACT_THRESHOLD, "100000"))) {
      for (int i = 0; i < 120; i++) {
        Instant created = now.minus(Duration.ofDays(MAX_AGE_DAYS + 1 + i % 50)).plusMillis(i);
        expired.add(save(store, created, List.of(), "expired " + i));
        if (i == 60) {
          store.compact();
        }
      }
      for (int i = 0; i < 10; i++) {
        Instant created = now.minus(Duration.ofDays(MAX_AGE_DAYS + 5)).plusMillis(i);
        pinned.add(save(store, created, List.of("pinned"), "pinned " + i));
      }
      for (int i = 0; i < 20; i++) {
        Instant created = now.minus(Duration.ofDays(MAX_AGE_DAYS - 5)).plusMillis(i);
        recent.add(save(store, created, List.of(), "recent " + i));
      }
    }

    SaverProcesses saving = SaverProcesses.start(dir, root, go, savers, perSaver);
    JavaProcesses.Started pruner =
        JavaProcesses.start(
            PruneMain.class,
            root.toString(),
            "old",
            Integer.toString(MAX_AGE_DAYS),
            go.toString(),
            stop.toString(),
            "100000",
            removedFile.toString());
    JavaProcesses.Started compactor =
        JavaProcesses.start(
            CompactMain.class, root.toString(), go.toString(), stop.toString(), "100000");
    StartSignal.give(go);
    saving.awaitThenStop(stop, PROCESS_TIMEOUT);
    JavaProcesses.awaitAll(List.of(pruner, compactor), PROCESS_TIMEOUT);

    Set<String> saved = saving.savedIds();
    assertThat(saved).hasSize(savers * perSaver);
    List<String> removed = Files.readAllLines(removedFile);
    assertThat(removed).as("each chunk is reported removed once").doesNotHaveDuplicates();
    assertThat(Set.copyOf(removed))
        .as("exactly the expired chunks were removed")
        .isEqualTo(expired);

    try (BlobChunkStore store = BlobChunkStore.open(new FsBlobStore(root), Map.of())) {
      List<String> kept = ids(store.list(ChunkFilter.all().withProject("race"), 10_000));
      assertThat(kept).hasSize(savers * perSaver).doesNotHaveDuplicates();
      assertThat(Set.copyOf(kept)).isEqualTo(saved);

      Set<String> old = Set.copyOf(ids(store.list(ChunkFilter.all().withProject("old"), 10_000)));
      Set<String> survivors = new HashSet<>(pinned);
      survivors.addAll(recent);
      assertThat(old).isEqualTo(survivors);

      List<ChunkMeta> all = store.list(ChunkFilter.all(), 10_000);
      assertThat(all).hasSize(savers * perSaver + pinned.size() + recent.size());
      assertThat(all.size() + removed.size())
          .as("counts add up")
          .isEqualTo(savers * perSaver + expired.size() + pinned.size() + recent.size());
      assertThat(new FsBlobStore(root).listAll("chunks/", null)).hasSize(all.size());
      assertThat(store.verify(false).problems()).isEmpty();
    }
  }

  private static String save(
      BlobChunkStore store, Instant created, List<String> tags, String body) {
    ChunkDraft draft =
        new ChunkDraft(
            "old", "history", "s", created, List.of(Actor.USER), "test", tags, "", Map.of(), body);
    return store.append(List.of(draft)).get(0).meta().id().toString();
  }
}
