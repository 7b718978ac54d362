package dev.chatlog.retention;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.ChatLog;
import dev.chatlog.SaveRequest;
import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.testing.CountingBlobStore;
import dev.chatlog.testing.CountingBlobStore.Kind;
import dev.chatlog.testing.MemoryBlobStore;
import dev.chatlog.testing.ReadOnlyChecks;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Collection;
import java.util.EnumMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;

/** Retention through the facade: prune, retention after each save, and read-only mode. */
class ChatLogRetentionTest {
  private static final Instant NOW = Instant.parse("2026-11-01T12:00:00Z");
  private static final Clock CLOCK = Clock.fixed(NOW, ZoneOffset.UTC);
  private static final ChatLogConfig CONFIG = ChatLogConfig.forStore(URI.create("mem://test"));

  private final MemoryBlobStore blobs = new MemoryBlobStore();

  private ChatLog open(ChatLogConfig config) {
    return ChatLog.over(BlobChunkStore.open(blobs, Map.of()), config, CLOCK);
  }

  private static SaveRequest request(String project, int daysAgo, String... tags) {
    return SaveRequest.of(project + " from " + daysAgo + " days ago " + List.of(tags))
        .withProject(project)
        .withTags(List.of(tags))
        .withCreated(NOW.minus(Duration.ofDays(daysAgo)));
  }

  private static ChunkMeta meta(ChatLog log, SaveRequest request) {
    return log.save(request).chunks().get(0).meta();
  }

  /** Every key with its bytes, as hex: equal snapshots mean a byte-identical store. */
  private Map<String, String> snapshot() {
    Map<String, String> all = new TreeMap<>();
    for (String key : blobs.keys()) {
      all.put(key, HexFormat.of().formatHex(blobs.get(key).map(Blob::data).orElseThrow()));
    }
    return all;
  }

  @Test
  void pruneRemovesWhatThePolicyDoesNotKeepInScope() {
    try (ChatLog log = open(CONFIG)) {
      ChunkMeta oldA = meta(log, request("a", 40));
      ChunkMeta oldPinned = meta(log, request("a", 41, "pinned"));
      ChunkMeta newA = meta(log, request("a", 1));
      ChunkMeta oldB = meta(log, request("b", 40));

      PruneResult result =
          log.prune(
              RetentionPolicy.ofMaxAge(Duration.ofDays(30)),
              ChunkFilter.all().withProject("a"),
              false);

      assertThat(result.removed()).containsExactly(oldA);
      assertThat(result.pinnedKept()).isEqualTo(1);
      assertThat(log.list(ChunkFilter.all(), 100)).containsExactly(newA, oldB, oldPinned);
      assertThat(log.retention()).isEmpty();
    }
  }

  @Test
  void aConfiguredPolicyIsAppliedAfterEverySave() {
    ChatLogConfig config = CONFIG.withRetention(OptionalLong.of(3), Optional.empty());
    try (ChatLog log = open(config)) {
      assertThat(log.retention()).contains(RetentionPolicy.ofMaxChunks(3));
      ChunkMeta pinned = meta(log, request("p", 10, "pinned"));
      for (int daysAgo = 9; daysAgo >= 1; daysAgo--) {
        ChunkMeta saved = meta(log, request("p", daysAgo));
        assertThat(log.list(ChunkFilter.all(), 100))
            .as("the chunk just saved is kept")
            .contains(saved, pinned)
            .hasSizeLessThanOrEqualTo(4);
      }
      List<ChunkMeta> left = log.list(ChunkFilter.all(), 100);
      assertThat(left).hasSize(4).last().isEqualTo(pinned);
      assertThat(left.subList(0, 3))
          .extracting(m -> m.created())
          .containsExactly(
              NOW.minus(Duration.ofDays(1)),
              NOW.minus(Duration.ofDays(2)),
              NOW.minus(Duration.ofDays(3)));

      log.saveAll(List.of(request("p", 0), request("q", 0)));
      assertThat(log.list(ChunkFilter.all(), 100)).hasSize(4).contains(pinned);
    }
  }

  @Test
  void aConfiguredAgeRemovesOldChunksOnTheNextSave() {
    ChatLogConfig config =
        CONFIG.withRetention(OptionalLong.empty(), Optional.of(Duration.ofDays(30)));
    ChunkMeta old;
    try (ChatLog plain = open(CONFIG)) {
      old = meta(plain, request("p", 45));
    }
    try (ChatLog log = open(config)) {
      assertThat(log.list(ChunkFilter.all(), 10)).containsExactly(old);
      ChunkMeta fresh = meta(log, request("p", 2));
      assertThat(log.list(ChunkFilter.all(), 10)).containsExactly(fresh);
      assertThat(log.show(old.id())).isEmpty();
    }
  }

  @Test
  void aSaveSucceedsWhenTheRetentionAfterItFails() {
    ChatLogConfig config = CONFIG.withRetention(OptionalLong.of(1), Optional.empty());
    ChunkStore failingDeletes =
        new ForwardingChunkStore(BlobChunkStore.open(blobs, Map.of())) {
          @Override
          public List<ChunkId> delete(Collection<ChunkId> ids) {
            throw new StorageException("Cannot delete in mem://test: the disk is gone", true);
          }
        };
    try (ChatLog log = ChatLog.over(failingDeletes, config, CLOCK)) {
      ChunkMeta first = meta(log, request("p", 2));
      ChunkMeta second = meta(log, request("p", 1));
      assertThat(log.list(ChunkFilter.all(), 10)).containsExactly(second, first);
    }
    try (ChatLog log = open(config)) {
      ChunkMeta third = meta(log, request("p", 0));
      assertThat(log.list(ChunkFilter.all(), 10))
          .as("the next save prunes what the failed one left")
          .containsExactly(third);
    }
  }

  @Test
  void aSaveThatCreatesNothingDoesNotPrune() {
    ChatLogConfig config =
        CONFIG.withRetention(OptionalLong.empty(), Optional.of(Duration.ofDays(30)));
    try (ChatLog plain = open(CONFIG)) {
      meta(plain, request("p", 45));
      meta(plain, request("p", 1));
    }
    try (ChatLog log = open(config)) {
      assertThat(log.save(request("p", 1)).createdAny()).isFalse();
      assertThat(log.list(ChunkFilter.all(), 10)).hasSize(2);
    }
  }

  @Test
  void withoutAPolicyASaveCostsExactlyWhatTheStoreAppendCosts() {
    Map<Kind, Long> facade = saveCost(CONFIG, true);
    Map<Kind, Long> direct = saveCost(CONFIG, false);
    assertThat(facade).isEqualTo(direct);

    Map<Kind, Long> withPolicy =
        saveCost(CONFIG.withRetention(OptionalLong.of(100), Optional.empty()), true);
    assertThat(withPolicy).as("the measure sees the reads a policy adds").isNotEqualTo(direct);
    assertThat(withPolicy.get(Kind.PUT)).isEqualTo(direct.get(Kind.PUT));
    assertThat(withPolicy.get(Kind.DELETE)).isEqualTo(direct.get(Kind.DELETE));
  }

  /** The blob calls of the third save into a store of two chunks, by kind. */
  private static Map<Kind, Long> saveCost(ChatLogConfig config, boolean throughFacade) {
    CountingBlobStore counting = new CountingBlobStore(new MemoryBlobStore());
    BlobChunkStore store = BlobChunkStore.open(counting, Map.of());
    try (ChatLog log = ChatLog.over(store, config, CLOCK)) {
      log.save(request("p", 3));
      log.save(request("p", 2));
      counting.reset();
      if (throughFacade) {
        log.save(request("p", 1));
      } else {
        store.append(log.plan(request("p", 1)));
      }
      Map<Kind, Long> cost = new EnumMap<>(Kind.class);
      for (Kind kind : Kind.values()) {
        cost.put(kind, counting.count(kind));
      }
      return cost;
    }
  }

  @Test
  void everyMutatingMethodIsRefusedOnAReadOnlyStoreWhichStaysByteIdentical() throws Exception {
    ChunkId id;
    try (ChatLog writer = open(CONFIG)) {
      meta(writer, request("p", 40));
      id = meta(writer, request("p", 1)).id();
      meta(writer, request("p", 0, "pinned"));
    }
    Map<String, String> before = snapshot();
    ChatLogConfig readOnly =
        CONFIG
            .withReadOnly(true)
            .withRetention(OptionalLong.of(1), Optional.of(Duration.ofDays(1)));
    RetentionPolicy policy = RetentionPolicy.parse(1L, "30d");
    List<ThrowingConsumer<ChatLog>> writes =
        List.of(
            log -> log.save(request("p", 0)),
            log -> log.saveAll(List.of(request("p", 0), request("q", 0))),
            log -> log.delete(List.of(id)),
            log -> log.prune(policy, ChunkFilter.all(), false),
            log -> log.prune(policy, ChunkFilter.all().withProject("nothing-here"), false),
            ChatLog::compact,
            ChatLog::reindex,
            log -> log.verify(true));
    try (ChatLog log = open(readOnly)) {
      ReadOnlyChecks.assertEveryWriteRefused(log, writes, before, this::snapshot);
      PruneResult dryRun = log.prune(policy, ChunkFilter.all(), true);
      assertThat(dryRun.removed()).hasSize(2);
      assertThat(dryRun.pinnedKept()).isZero();
      assertThat(log.list(ChunkFilter.all(), 10)).hasSize(3);
    }
    assertThat(snapshot()).isEqualTo(before);
  }
}
