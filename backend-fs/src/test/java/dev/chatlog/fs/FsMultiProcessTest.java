package dev.chatlog.fs;

import static dev.chatlog.fs.SaverProcesses.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.spi.BlobInfo;
import dev.chatlog.testing.StartSignal;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** Several JVM processes writing and compacting one file store at once lose nothing. */
class FsMultiProcessTest {
  private static final Duration PROCESS_TIMEOUT = Duration.ofSeconds(150);

  @TempDir Path dir;

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void fourSaversAndACompactorInSeparateProcessesLoseNothing() throws Exception {
    Path root = dir.resolve("store");
    Path go = dir.resolve("go");
    Path stop = dir.resolve("stop");
    int savers = 4;
    int perSaver = 100;

    SaverProcesses saving = SaverProcesses.start(dir, root, go, savers, perSaver);
    JavaProcesses.Started compactor =
        JavaProcesses.start(
            CompactMain.class, root.toString(), go.toString(), stop.toString(), "100000");
    StartSignal.give(go);
    saving.awaitThenStop(stop, PROCESS_TIMEOUT);
    JavaProcesses.awaitAll(List.of(compactor), PROCESS_TIMEOUT);

    Set<String> saved = saving.savedIds();
    assertThat(saved).hasSize(savers * perSaver);
    try (FsBlobStore blobs = new FsBlobStore(root);
        BlobChunkStore store = BlobChunkStore.open(blobs, Map.of())) {
      List<String> listed = ids(store.list(ChunkFilter.all(), 10_000));
      assertThat(listed).hasSize(savers * perSaver).doesNotHaveDuplicates();
      assertThat(Set.copyOf(listed)).isEqualTo(saved);
      assertThat(new FsBlobStore(root).listAll("index/segments/", null))
          .as("compactions ran while saving")
          .isNotEmpty();
      assertThat(new FsBlobStore(root).listAll("chunks/", null)).hasSize(savers * perSaver);
      assertThat(store.verify(false).problems()).isEmpty();
    }
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void twoCompactorProcessesRacingLoseNothing() throws Exception {
    Path root = dir.resolve("store");
    Path go = dir.resolve("go");
    Path stop = dir.resolve("stop");
    int chunks = 60;
    List<String> saved = new ArrayList<>();
    try (BlobChunkStore store =
        BlobChunkStore.open(
            new FsBlobStore(root), Map.of(BlobChunkStore.COMPACT_THRESHOLD, "100000"))) {
      for (int i = 0; i < chunks; i++) {
        saved.add(store.append(List.of(draft("chunk " + i))).get(0).meta().id().toString());
      }
    }
    assertThat(new FsBlobStore(root).listAll("index/inbox/", null)).hasSize(chunks);

    List<JavaProcesses.Started> compactors = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      compactors.add(
          JavaProcesses.start(
              CompactMain.class, root.toString(), go.toString(), stop.toString(), "3"));
    }
    StartSignal.give(go);
    JavaProcesses.awaitAll(compactors, PROCESS_TIMEOUT);

    try (BlobChunkStore store = BlobChunkStore.open(new FsBlobStore(root), Map.of())) {
      List<String> listed = ids(store.list(ChunkFilter.all(), 10_000));
      assertThat(listed).hasSize(chunks).doesNotHaveDuplicates();
      assertThat(Set.copyOf(listed)).isEqualTo(Set.copyOf(saved));
      List<BlobInfo> inbox = new FsBlobStore(root).listAll("index/inbox/", null);
      assertThat(inbox).as("every inbox entry was folded into a segment").isEmpty();
      assertThat(store.verify(false).problems()).isEmpty();
    }
  }

  private static ChunkDraft draft(String body) {
    return new ChunkDraft(
        "race",
        "compactors",
        "s",
        null,
        List.of(Actor.USER),
        "test",
        List.of(),
        "",
        Map.of(),
        body);
  }
}
