package dev.chatlog.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.testing.MemoryBlobStore;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Newest-first reads ({@link BlobChunkStore#list}) merge the inbox and the segments record by
 * record and stop at the limit. They must give exactly what a read of the whole index gives, over
 * segments whose id ranges overlap (entries saved with old timestamps, tombstones of old chunks
 * folded into new segments, batch segments, merges).
 */
class NewestFirstReadTest {
  private static final Instant START = Instant.parse("2024-03-01T10:00:00Z");
  private static final List<String> PROJECTS = List.of("a", "b", "c");

  private final MemoryBlobStore memory = new MemoryBlobStore();
  private final ChunkIdsTest.TestClock clock = new ChunkIdsTest.TestClock(START);
  private final List<String> warnings = new CopyOnWriteArrayList<>();
  private final List<BlobChunkStore> opened = new ArrayList<>();

  @AfterEach
  void closeStores() {
    opened.forEach(BlobChunkStore::close);
  }

  private BlobChunkStore open() {
    BlobChunkStore store =
        BlobChunkStore.open(
            memory,
            Map.of(EngineOptions.COMPACT_THRESHOLD, "5", EngineOptions.MAX_SEGMENTS, "4"),
            new ChunkIds(clock, new Random(11 + opened.size())),
            warnings::add);
    opened.add(store);
    return store;
  }

  private static ChunkDraft draft(Random random, int n) {
    return draft(random, n, true);
  }

  private static ChunkDraft draft(Random random, int n, boolean pastTimes) {
    String project = PROJECTS.get(random.nextInt(PROJECTS.size()));
    // a third of the chunks are saved with a past timestamp, so their ids fall inside the id
    // ranges of segments written before them
    Instant created =
        pastTimes && random.nextInt(3) == 0 ? START.minusSeconds(random.nextInt(1_000_000)) : null;
    return new ChunkDraft(
        project,
        "t" + random.nextInt(2),
        "s" + random.nextInt(3),
        created,
        List.of(Actor.USER),
        "cli",
        List.of(),
        "",
        Map.of(),
        "body " + n + " " + random.nextLong());
  }

  @ParameterizedTest
  @ValueSource(longs = {1, 2, 3, 4, 5})
  void givesWhatAWholeIndexReadGivesThroughSavesDeletesBatchesAndCompactions(long seed) {
    Random random = new Random(seed);
    BlobChunkStore writer = open();
    Map<ChunkId, ChunkMeta> live = new HashMap<>();
    int n = 0;
    for (int step = 0; step < 60; step++) {
      clock.set(START.plusSeconds(step * 60L));
      int action = random.nextInt(10);
      if (action < 5) {
        writer.append(List.of(draft(random, n++))).forEach(s -> live.put(s.meta().id(), s.meta()));
      } else if (action < 6) {
        List<ChunkDraft> batch = new ArrayList<>();
        for (int i = 0; i < Saver.BATCH_SEGMENT_MIN + random.nextInt(10); i++) {
          batch.add(draft(random, n++));
        }
        writer.append(batch).forEach(s -> live.put(s.meta().id(), s.meta()));
      } else if (action < 9 && !live.isEmpty()) {
        List<ChunkId> ids = new ArrayList<>(live.keySet());
        ids.sort(Comparator.naturalOrder());
        ChunkId victim = ids.get(random.nextInt(ids.size()));
        writer.delete(List.of(victim));
        live.remove(victim);
      } else {
        writer.compact();
      }
      // a fresh reader (nothing cached) and the writer itself (everything cached) agree with the
      // model for every filter and limit
      BlobChunkStore reader = open();
      for (ChunkFilter filter :
          List.of(
              ChunkFilter.all(),
              ChunkFilter.all().withProject("b"),
              ChunkFilter.all().withProject("c").withTopic("t1").withSession("s2"))) {
        for (int limit : new int[] {1, 3, 10, 1_000}) {
          List<ChunkMeta> expected =
              live.values().stream()
                  .filter(filter::matches)
                  .sorted(Comparator.comparing(ChunkMeta::id).reversed())
                  .limit(limit)
                  .toList();
          assertThat(reader.list(filter, limit))
              .as("step %d, %s", step, filter)
              .isEqualTo(expected);
          assertThat(writer.list(filter, limit))
              .as("step %d, %s", step, filter)
              .isEqualTo(expected);
        }
        // pages read with listBefore, from either, add up to the whole list
        List<ChunkMeta> expected =
            live.values().stream()
                .filter(filter::matches)
                .sorted(Comparator.comparing(ChunkMeta::id).reversed())
                .toList();
        assertThat(paged(reader, filter, 1 + step % 4))
            .as("step %d, %s", step, filter)
            .isEqualTo(expected);
        assertThat(paged(writer, filter, 2)).as("step %d, %s", step, filter).isEqualTo(expected);
      }
    }
    assertThat(warnings).isEmpty();
  }

  private static List<ChunkMeta> paged(BlobChunkStore store, ChunkFilter filter, int size) {
    List<ChunkMeta> all = new ArrayList<>(store.list(filter, size));
    List<ChunkMeta> page = all;
    while (page.size() == size) {
      page = store.listBefore(filter, all.get(all.size() - 1).id(), size);
      all.addAll(page);
    }
    return all;
  }

  @Test
  void anUnreadableRecordFarDownASegmentDoesNotDisturbTheNewestEntries() {
    BlobChunkStore writer = open();
    List<ChunkDraft> batch = new ArrayList<>();
    Random random = new Random(3);
    for (int i = 0; i < 40; i++) {
      clock.set(START.plusSeconds(i));
      batch.add(draft(random, i, false));
    }
    List<ChunkMeta> saved = new ArrayList<>();
    writer.append(batch).forEach(s -> saved.add(s.meta()));
    String segmentKey =
        memory.keys().stream()
            .filter(key -> key.startsWith(BlobLayout.SEGMENTS))
            .findFirst()
            .orElseThrow();
    String text = new String(memory.get(segmentKey).orElseThrow().data(), StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>(List.of(text.split("\n")));
    lines.set(lines.size() - 1, "{not json");
    memory.put(
        segmentKey,
        (String.join("\n", lines) + "\n").getBytes(StandardCharsets.UTF_8),
        PutCondition.ifVersion(memory.get(segmentKey).orElseThrow().version()));

    List<ChunkMeta> newest = open().list(ChunkFilter.all(), 3);

    List<ChunkMeta> expected =
        saved.stream().sorted(Comparator.comparing(ChunkMeta::id).reversed()).limit(3).toList();
    assertThat(newest).isEqualTo(expected);
    assertThat(warnings).isEmpty();

    List<ChunkMeta> all = open().list(ChunkFilter.all(), 1_000);

    assertThat(all).hasSize(saved.size() - 1);
    assertThat(warnings)
        .singleElement()
        .asString()
        .startsWith("Skipping unreadable " + segmentKey + ": Cannot read index " + segmentKey);
  }
}
