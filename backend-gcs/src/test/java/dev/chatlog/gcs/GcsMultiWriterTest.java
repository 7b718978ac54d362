package dev.chatlog.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.error.ConflictException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.ChunkStore;
import java.net.URI;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Several machines on one bucket: writers with their own clients save while others compact, and
 * nothing is lost or duplicated.
 */
class GcsMultiWriterTest {
  private static final int WRITERS = 4;
  private static final int CHUNKS_PER_WRITER = 100;
  private static final int COMPACTORS = 2;
  private static final long PAUSE_MILLIS = 50;

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void fourWritersAndTwoCompactorsKeepExactlyEveryChunk() throws Exception {
    try (FakeGcsServer server = FakeGcsServer.start(FakeGcs.BUCKET)) {
      URI uri = FakeGcs.freshUri();
      Map<String, String> options = FakeGcs.options(server);
      GcsStorageProvider provider = new GcsStorageProvider();
      ExecutorService pool = Executors.newFixedThreadPool(WRITERS + COMPACTORS);
      AtomicBoolean writing = new AtomicBoolean(true);
      CountDownLatch start = new CountDownLatch(1);
      List<Future<?>> writers = new ArrayList<>();
      List<Future<Integer>> compactors = new ArrayList<>();
      try {
        for (int w = 0; w < WRITERS; w++) {
          int writer = w;
          writers.add(
              pool.submit(
                  () -> {
                    try (ChunkStore store = provider.open(uri, options)) {
                      start.await();
                      for (int i = 0; i < CHUNKS_PER_WRITER; i++) {
                        store.append(List.of(draft(writer, i)));
                      }
                    }
                    return null;
                  }));
        }
        for (int c = 0; c < COMPACTORS; c++) {
          compactors.add(
              pool.submit(
                  () -> {
                    int compacted = 0;
                    try (ChunkStore store = provider.open(uri, options)) {
                      start.await();
                      for (int round = 0; writing.get() && round < 10_000; round++) {
                        try {
                          store.compact();
                          compacted++;
                        } catch (ConflictException lostEveryRace) {
                          // Allowed: the other compactor kept winning; nothing is lost.
                        }
                        Thread.sleep(PAUSE_MILLIS);
                      }
                    }
                    return compacted;
                  }));
        }
        start.countDown();
        for (Future<?> writer : writers) {
          writer.get(100, TimeUnit.SECONDS);
        }
        writing.set(false);
        int compactions = 0;
        for (Future<Integer> compactor : compactors) {
          compactions += compactor.get(30, TimeUnit.SECONDS);
        }
        assertThat(compactions).isPositive();
      } finally {
        writing.set(false);
        pool.shutdownNow();
      }

      try (ChunkStore reader = provider.open(uri, options)) {
        List<ChunkMeta> metas = reader.list(ChunkFilter.all(), 10_000);
        Set<ChunkId> ids = new HashSet<>();
        metas.forEach(meta -> ids.add(meta.id()));
        Set<String> bodies = new HashSet<>();
        for (Chunk chunk : reader.readAll(metas)) {
          bodies.add(chunk.body());
        }
        Set<String> expected = new HashSet<>();
        for (int w = 0; w < WRITERS; w++) {
          for (int i = 0; i < CHUNKS_PER_WRITER; i++) {
            expected.add(draft(w, i).body());
          }
        }

        assertThat(metas).hasSize(WRITERS * CHUNKS_PER_WRITER);
        assertThat(ids).hasSize(WRITERS * CHUNKS_PER_WRITER);
        assertThat(bodies).isEqualTo(expected);
      }
      assertThat(server.unexpected()).isEmpty();
    }
  }

  private static ChunkDraft draft(int writer, int n) {
    return new ChunkDraft(
        "team",
        "storage",
        "writer-" + writer,
        null,
        List.of(Actor.USER),
        "cli",
        List.of(),
        "",
        Map.of(),
        "message " + n + " of writer " + writer + "\n");
  }
}
