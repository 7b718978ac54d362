package dev.chatlog.s3;

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
 * The HTTP requests of a save and of a newest-first read on S3, counted by kind at a relay in front
 * of S3Proxy, on a history of two segments (one written by a batch, one by a compaction) and three
 * inbox entries. These are the figures of "Requests per operation" in {@code docs/storage/s3.md}.
 */
class S3RequestCountTest {
  private static CountingRelay relay;

  @TempDir Path temp;

  private S3Options options;
  private Path probeCache;
  private Path segments;

  @BeforeAll
  static void startRelay() {
    relay = CountingRelay.to(S3ProxyServer.shared().endpoint());
  }

  @AfterAll
  static void stopRelay() {
    relay.close();
  }

  /** A history another machine wrote: segments that are in no local cache here. */
  @BeforeEach
  void writeHistory() {
    options = S3ProxyServer.options(relay.endpoint(), Map.of());
    probeCache = temp.resolve("probe");
    segments = temp.resolve("segments");
    try (ChunkStore writer = open(false)) {
      RequestCountHistory.write(writer);
    }
    relay.clearCalls();
  }

  @Test
  void aSaveIsTwoWritesAndTheReadsItNeedsToNumberIt() {
    try (ChunkStore fresh = open(true)) {
      fresh.append(List.of(RequestCountHistory.draft("b", 200)));
      assertThat(requests())
          .isEqualTo(
              Map.of(
                  "LIST index/inbox/", 1L,
                  "GET inbox entry", 3L,
                  "GET index/manifest.json", 1L,
                  "GET segment", 1L, // the one segment that holds session b
                  "PUT chunk", 1L,
                  "PUT inbox entry", 1L));

      fresh.append(List.of(RequestCountHistory.draft("b", 201)));
      assertThat(requests())
          .isEqualTo(
              Map.of(
                  "LIST index/inbox/", 1L, // its own last entry is listed, and known
                  "GET index/manifest.json bytes=0-0", 1L,
                  "PUT chunk", 1L,
                  "PUT inbox entry", 1L));
    }

    try (ChunkStore freshOnWarmCache = open(true)) {
      freshOnWarmCache.append(List.of(RequestCountHistory.draft("b", 202)));
      assertThat(requests())
          .isEqualTo(
              Map.of(
                  "LIST index/inbox/", 1L,
                  "GET inbox entry", 5L,
                  "GET index/manifest.json", 1L,
                  "PUT chunk", 1L,
                  "PUT inbox entry", 1L));
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
    relay.clearCalls();

    try (ChunkStore fresh = open(true)) {
      assertThat(retrieve(fresh, 5)).hasSize(5);
      assertThat(requests())
          .isEqualTo(
              Map.of(
                  "LIST index/inbox/", 1L,
                  "GET inbox entry", 3L,
                  "GET index/manifest.json", 1L,
                  "GET segment", 1L, // the new one; the two older ones are cached
                  "GET chunk", 5L));
    }

    try (ChunkStore fresh = open(true)) {
      assertThat(retrieve(fresh, 5)).hasSize(5);
      assertThat(requests())
          .isEqualTo(
              Map.of(
                  "LIST index/inbox/", 1L,
                  "GET inbox entry", 3L,
                  "GET index/manifest.json", 1L,
                  "GET chunk", 5L));
    }
  }

  @Test
  void withoutTheCacheEveryFreshInstanceDownloadsTheSegments() {
    for (int run = 0; run < 2; run++) {
      try (ChunkStore fresh = open(false)) {
        assertThat(retrieve(fresh, 30)).hasSize(30);
        assertThat(requests()).containsEntry("GET segment", 2L).containsEntry("GET chunk", 30L);
      }
    }
    assertThat(segments).doesNotExist();
  }

  private static List<Chunk> retrieve(ChunkStore store, int n) {
    List<ChunkMeta> newest = store.list(ChunkFilter.all(), n);
    return store.readAll(newest);
  }

  private ChunkStore open(boolean cached) {
    S3BlobStore s3 = S3ProxyServer.store(options, probeCache, warning -> {});
    BlobStore blobs = cached ? new SegmentCacheBlobStore(s3, segments) : s3;
    return BlobChunkStore.open(blobs, Map.of());
  }

  /** The requests since the last call, counted by kind; forgets them. */
  private Map<String, Long> requests() {
    String root = "/" + options.bucket() + "/" + options.prefix() + "/";
    Map<String, Long> kinds = new TreeMap<>();
    for (CountingRelay.Call call : relay.calls()) {
      kinds.merge(kind(call, root), 1L, Long::sum);
    }
    relay.clearCalls();
    return kinds;
  }

  private String kind(CountingRelay.Call call, String root) {
    if (call.method().equals("GET") && call.query().containsKey("list-type")) {
      String prefix = call.query().getOrDefault("prefix", "");
      return "LIST " + prefix.substring(Math.min(prefix.length(), options.prefix().length() + 1));
    }
    String key = call.path().startsWith(root) ? call.path().substring(root.length()) : call.path();
    String what =
        key.startsWith("chunks/")
            ? "chunk"
            : key.startsWith("index/inbox/")
                ? "inbox entry"
                : key.startsWith("index/segments/") ? "segment" : key;
    return call.method() + " " + what + (call.range().isEmpty() ? "" : " " + call.range());
  }
}
