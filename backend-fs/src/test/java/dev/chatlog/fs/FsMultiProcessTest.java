package dev.chatlog.fs;

import static dev.chatlog.fs.SaverProcesses.ids;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.BlobInfo;
import dev.chatlog.testing.StartSignal;
import java.nio.file.Files;
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
  void fourProcessesAppendingToOneSessionGiveEveryMessageOnceInOneStableOrder() throws Exception {
    Path root = dir.resolve("store");
    Path go = dir.resolve("go");
    int savers = 4;
    int perSaver = 50;

    SaverProcesses saving = SaverProcesses.start(dir, root, go, savers, perSaver, "shared");
    StartSignal.give(go);
    saving.awaitThenStop(dir.resolve("stop"), PROCESS_TIMEOUT);

    try (BlobChunkStore store = BlobChunkStore.open(new FsBlobStore(root), Map.of())) {
      ChunkFilter shared = ChunkFilter.all().withSession("shared");
      List<ChunkMeta> first = conversation(store.list(shared, 10_000));
      List<ChunkMeta> second = conversation(store.list(shared, 10_000));
      assertThat(ids(first)).hasSize(savers * perSaver).doesNotHaveDuplicates();
      assertThat(Set.copyOf(ids(first))).isEqualTo(saving.savedIds());
      assertThat(ids(second)).isEqualTo(ids(first));
      for (int writer = 0; writer < savers; writer++) {
        String suffix = " of writer-" + writer;
        List<String> bodies =
            store.readAll(first).stream()
                .map(chunk -> chunk.body())
                .filter(body -> body.endsWith(suffix))
                .toList();
        List<String> inOrder = new ArrayList<>();
        for (int i = 0; i < perSaver; i++) {
          inOrder.add("chunk " + i + suffix);
        }
        assertThat(bodies)
            .as("writer %d's messages in the order it saved them", writer)
            .isEqualTo(inOrder);
      }
    }
  }

  /** A conversation's order: by seq, then creation time, then id (docs/storage-layout.md). */
  private static List<ChunkMeta> conversation(List<ChunkMeta> metas) {
    List<ChunkMeta> ordered = new ArrayList<>(metas);
    ordered.sort(ChunkMeta.CONVERSATION_ORDER);
    return ordered;
  }

  @Test
  @Timeout(value = 180, unit = TimeUnit.SECONDS)
  void twoCompactorProcessesRacingLoseNothing() throws Exception {
    Path root = dir.resolve("store");
    Path go = dir.resolve("go");
    Path stop = dir.resolve("stop");
    Path rendezvous = Files.createDirectories(dir.resolve("rendezvous"));
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
              CompactMain.class,
              root.toString(),
              go.toString(),
              stop.toString(),
              "3",
              dir.resolve("lost-" + i).toString(),
              rendezvous.toString(),
              "2"));
    }
    StartSignal.give(go);
    JavaProcesses.awaitAll(compactors, PROCESS_TIMEOUT);
    int lost = 0;
    for (int i = 0; i < 2; i++) {
      lost += Integer.parseInt(Files.readString(dir.resolve("lost-" + i)));
    }
    assertThat(lost).as("a compactor lost a compare-and-swap of the manifest").isPositive();

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
