package dev.chatlog.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.ChunkStore;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * Four writers, each with its own S3 client and store, save 100 chunks each while two others
 * compact, on S3Proxy behind the {@link SerializingRelay} (see there why): every chunk is listed
 * once, none lost, none twice.
 */
class S3MultiWriterTest {

  @Test
  @Timeout(value = 300, unit = TimeUnit.SECONDS)
  void fourWritersAndTwoCompactorsLoseAndDuplicateNothing() throws Exception {
    Path cache = S3ProxyServer.tempFolder("multi");
    try (SerializingRelay relay = SerializingRelay.to(S3ProxyServer.shared().endpoint())) {
      S3Options options = S3ProxyServer.options(relay.endpoint(), Map.of());
      ExecutorService pool = Executors.newFixedThreadPool(6);
      AtomicBoolean writing = new AtomicBoolean(true);
      try {
        List<Future<Integer>> writers = new ArrayList<>();
        for (int w = 0; w < 4; w++) {
          int writer = w;
          writers.add(
              pool.submit(
                  () -> {
                    try (ChunkStore store = open(options, cache)) {
                      for (int i = 0; i < 100; i++) {
                        store.append(List.of(draft(writer, i)));
                      }
                    }
                    return 100;
                  }));
        }
        List<Future<Integer>> compactors = new ArrayList<>();
        for (int c = 0; c < 2; c++) {
          compactors.add(
              pool.submit(
                  () -> {
                    int runs = 0;
                    try (ChunkStore store = open(options, cache)) {
                      while (writing.get() && runs < 500) {
                        store.compact();
                        runs++;
                        Thread.sleep(20);
                      }
                    }
                    return runs;
                  }));
        }
        for (Future<Integer> writer : writers) {
          assertThat(writer.get(240, TimeUnit.SECONDS)).isEqualTo(100);
        }
        writing.set(false);
        for (Future<Integer> compactor : compactors) {
          assertThat(compactor.get(60, TimeUnit.SECONDS)).isPositive();
        }
      } finally {
        writing.set(false);
        pool.shutdownNow();
      }

      try (ChunkStore reader = open(options, cache)) {
        List<ChunkMeta> listed = reader.list(ChunkFilter.all(), 10_000);
        List<ChunkId> ids = listed.stream().map(ChunkMeta::id).toList();
        assertThat(ids).hasSize(400).doesNotHaveDuplicates();
        assertThat(new HashSet<>(listed.stream().map(ChunkMeta::session).toList()))
            .containsExactlyInAnyOrder("writer-0", "writer-1", "writer-2", "writer-3");
        reader.compact();
        assertThat(reader.list(ChunkFilter.all(), 10_000)).hasSize(400);
      }
    }
  }

  private static ChunkStore open(S3Options options, Path cache) {
    return BlobChunkStore.open(S3ProxyServer.store(options, cache, w -> {}), Map.of());
  }

  private static ChunkDraft draft(int writer, int n) {
    return new ChunkDraft(
        "chatlog",
        "multi",
        "writer-" + writer,
        null,
        List.of(Actor.USER),
        "cli",
        List.of(),
        "",
        Map.of(),
        "writer " + writer + " message " + n);
  }
}
