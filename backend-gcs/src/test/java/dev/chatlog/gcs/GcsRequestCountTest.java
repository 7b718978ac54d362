package dev.chatlog.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.engine.SegmentCacheBlobStore;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.testing.RequestCountHistory;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The HTTP requests of a save and of a newest-first read on GCS, counted by kind at {@link
 * FakeGcsServer}, on a history of two segments (one written by a batch, one by a compaction) and
 * three inbox entries. The GCS client reads an object in two requests, its metadata (for the
 * generation) and then its media. These are the figures of "Requests per operation" in {@code
 * docs/storage/gcs.md}.
 */
class GcsRequestCountTest {
  private static FakeGcsServer server;

  @TempDir Path temp;

  private GcsOptions options;
  private Path segments;

  @BeforeAll
  static void startServer() {
    server = FakeGcsServer.start(FakeGcs.BUCKET);
  }

  @AfterAll
  static void stopServer() {
    assertThat(server.unexpected()).isEmpty();
    server.close();
  }

  /** A history another machine wrote: segments that are in no local cache here. */
  @BeforeEach
  void writeHistory() {
    URI uri = FakeGcs.freshUri();
    options = GcsOptions.parse(uri, FakeGcs.options(server));
    segments = temp.resolve("segments");
    try (ChunkStore writer = open(false)) {
      RequestCountHistory.write(writer);
    }
    server.clearCalls();
  }

  @Test
  void aSaveIsTwoWritesAndTheReadsItNeedsToNumberIt() {
    try (ChunkStore fresh = open(true)) {
      fresh.append(List.of(RequestCountHistory.draft("b", 200)));
      assertThat(requests())
          .isEqualTo(
              Map.of(
                  "LIST index/inbox/", 1L,
                  "GET metadata inbox entry", 3L,
                  "GET media inbox entry", 3L,
                  "GET metadata index/manifest.json", 1L,
                  "GET media index/manifest.json", 1L,
                  "GET metadata segment", 1L, // the one segment that holds session b
                  "GET media segment", 1L,
                  "UPLOAD chunk", 1L,
                  "UPLOAD inbox entry", 1L));

      fresh.append(List.of(RequestCountHistory.draft("b", 201)));
      assertThat(requests())
          .isEqualTo(
              Map.of(
                  "LIST index/inbox/", 1L, // its own last entry is listed, and known
                  "GET metadata index/manifest.json", 1L, // the version, to compare
                  "GET media index/manifest.json bytes=0-0", 1L,
                  "UPLOAD chunk", 1L,
                  "UPLOAD inbox entry", 1L));
    }

    try (ChunkStore freshOnWarmCache = open(true)) {
      freshOnWarmCache.append(List.of(RequestCountHistory.draft("b", 202)));
      assertThat(requests())
          .isEqualTo(
              Map.of(
                  "LIST index/inbox/", 1L,
                  "GET metadata inbox entry", 5L,
                  "GET media inbox entry", 5L,
                  "GET metadata index/manifest.json", 1L,
                  "GET media index/manifest.json", 1L,
                  "UPLOAD chunk", 1L,
                  "UPLOAD inbox entry", 1L));
    }
  }

  @Test
  void retrieveNewestNReadsOnlySegmentsThatAreNotCached() {
    try (ChunkStore warmUp = open(true)) {
      assertThat(warmUp.list(ChunkFilter.all(), 1_000)).hasSize(46);
    }
    try (ChunkStore otherMachine = open(false)) {
      List<ChunkDraft> batch = new ArrayList<>();
      for (int i = 0; i < 20; i++) {
        batch.add(RequestCountHistory.draft("e", i));
      }
      otherMachine.append(batch); // a third segment, in no cache here
    }
    server.clearCalls();

    try (ChunkStore fresh = open(true)) {
      assertThat(retrieve(fresh, 5)).hasSize(5);
      assertThat(requests())
          .isEqualTo(
              Map.of(
                  "LIST index/inbox/", 1L,
                  "GET metadata inbox entry", 3L,
                  "GET media inbox entry", 3L,
                  "GET metadata index/manifest.json", 1L,
                  "GET media index/manifest.json", 1L,
                  "GET metadata segment", 1L, // the new one; the two older ones are cached
                  "GET media segment", 1L,
                  "GET metadata chunk", 5L,
                  "GET media chunk", 5L));
    }

    try (ChunkStore fresh = open(true)) {
      assertThat(retrieve(fresh, 5)).hasSize(5);
      assertThat(requests())
          .isEqualTo(
              Map.of(
                  "LIST index/inbox/", 1L,
                  "GET metadata inbox entry", 3L,
                  "GET media inbox entry", 3L,
                  "GET metadata index/manifest.json", 1L,
                  "GET media index/manifest.json", 1L,
                  "GET metadata chunk", 5L,
                  "GET media chunk", 5L));
    }
  }

  @Test
  void withoutTheCacheEveryFreshInstanceDownloadsTheSegments() {
    for (int run = 0; run < 2; run++) {
      try (ChunkStore fresh = open(false)) {
        assertThat(retrieve(fresh, 30)).hasSize(30);
        assertThat(requests())
            .containsEntry("GET media segment", 2L)
            .containsEntry("GET media chunk", 30L);
      }
    }
    assertThat(segments).doesNotExist();
  }

  private static List<Chunk> retrieve(ChunkStore store, int n) {
    List<ChunkMeta> newest = store.list(ChunkFilter.all(), n);
    return store.readAll(newest);
  }

  private ChunkStore open(boolean cached) {
    GcsBlobStore gcs =
        GcsClients.store(
            options,
            () -> {
              throw new IllegalStateException("no credentials in tests");
            });
    BlobStore blobs = cached ? new SegmentCacheBlobStore(gcs, segments) : gcs;
    return BlobChunkStore.open(blobs, Map.of());
  }

  /** The requests since the last call, counted by kind; forgets them. */
  private Map<String, Long> requests() {
    String root = options.prefix() + "/";
    Map<String, Long> kinds = new TreeMap<>();
    for (FakeGcsServer.Call call : server.calls()) {
      kinds.merge(kind(call, root), 1L, Long::sum);
    }
    server.clearCalls();
    return kinds;
  }

  private static String kind(FakeGcsServer.Call call, String root) {
    if (call.name().isEmpty()) {
      String prefix = call.query().getOrDefault("prefix", "");
      return "LIST " + (prefix.startsWith(root) ? prefix.substring(root.length()) : prefix);
    }
    String key = call.name().startsWith(root) ? call.name().substring(root.length()) : call.name();
    String what =
        key.startsWith("chunks/")
            ? "chunk"
            : key.startsWith("index/inbox/")
                ? "inbox entry"
                : key.startsWith("index/segments/") ? "segment" : key;
    String verb =
        switch (call.method()) {
          case "GET" -> "media".equals(call.query().get("alt")) ? "GET media" : "GET metadata";
          case "POST" -> "UPLOAD";
          default -> call.method();
        };
    return verb + " " + what + (call.range().isEmpty() ? "" : " " + call.range());
  }
}
