package dev.chatlog.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.ChatLog;
import dev.chatlog.SaveRequest;
import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.error.NotFoundException;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.retention.RetentionPolicy;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.StorageProvider;
import dev.chatlog.spi.StorageProviders;
import dev.chatlog.testing.MemoryBlobStore;
import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** What the facade tells its observer. */
class ChatLogObserverTest {
  private static final ChatLogConfig CONFIG = ChatLogConfig.forStore(URI.create("mem://test"));

  private final RecordingObserver observer = new RecordingObserver();

  private ChatLog chatLog(ChatLogConfig config) {
    ChunkStore store = BlobChunkStore.open(new MemoryBlobStore(), Map.of());
    return ChatLog.over(store, config, observer);
  }

  @Test
  void everyCallIsToldWithWhatItWroteReadAndRemoved() {
    try (ChatLog log = chatLog(CONFIG)) {
      ChunkId first =
          log.save(SaveRequest.of("hello").withProject("p")).chunks().get(0).meta().id();
      log.save(SaveRequest.of("hello").withProject("p")); // the same: nothing new
      ChunkId second =
          log.save(SaveRequest.of("world!").withProject("p")).chunks().get(0).meta().id();
      log.retrieve(ChunkFilter.all(), 10);
      log.retrieveWithin(ChunkFilter.all(), 5);
      log.list(ChunkFilter.all(), 10);
      log.show(first);
      log.search(SearchQuery.of("hello"));
      log.compact();
      log.stats();
      log.verify(false);
      log.reindex();
      log.prune(RetentionPolicy.parse(1L, null), ChunkFilter.all(), true);
      log.prune(RetentionPolicy.parse(1L, null), ChunkFilter.all(), false);
      log.delete(List.of(second));
    }

    assertThat(observer.events)
        .containsExactly(
            "written 1 5",
            "save ok",
            "save ok",
            "written 1 6",
            "save ok",
            "read 2 11",
            "retrieve ok",
            "retrieve ok",
            "list ok",
            "read 1 5",
            "show ok",
            "search ok",
            "compact ok",
            "stats ok",
            "verify ok",
            "reindex ok",
            "prune ok",
            "prune ok",
            "removed prune 1",
            "removed delete 1",
            "delete ok");
  }

  @Test
  void aFailedCallIsToldWithWhatItThrew() {
    try (ChatLog log = chatLog(CONFIG)) {
      ChunkId missing = ChunkId.of("01JD3ZV6Q2N8K4X7W5T9R1M0AB");
      assertThatThrownBy(() -> log.delete(List.of(missing))).isInstanceOf(NotFoundException.class);
    }
    assertThat(observer.events).containsExactly("delete NotFoundException");
  }

  @Test
  void retentionAfterASaveIsToldWhenItRemovesChunks() {
    ChatLogConfig config = CONFIG.withRetention(OptionalLong.of(1), Optional.empty());
    try (ChatLog log = chatLog(config)) {
      log.save(SaveRequest.of("one").withProject("p"));
      log.save(SaveRequest.of("two").withProject("p"));
    }
    assertThat(observer.events)
        .containsExactly(
            "written 1 3",
            "retention ok",
            "save ok",
            "written 1 3",
            "retention ok",
            "removed retention 1",
            "retention 1",
            "save ok");
  }

  /** A provider of memory stores that, when {@code tells}, tells the observer it opened one. */
  private static StorageProvider memoryProvider(boolean tells) {
    return new StorageProvider() {
      @Override
      public String scheme() {
        return "mem";
      }

      @Override
      public Set<String> optionKeys() {
        return Set.of();
      }

      @Override
      public ChunkStore open(URI uri, Map<String, String> options) {
        return BlobChunkStore.open(new MemoryBlobStore(), Map.of());
      }

      @Override
      public ChunkStore open(URI uri, Map<String, String> options, ChatLogObserver told) {
        if (!tells) {
          return StorageProvider.super.open(uri, options, told);
        }
        told.remoteRequest("mem", "open", 0, "ok");
        return open(uri, options);
      }
    };
  }

  @Test
  void theObserverReachesTheProviderThatOpensTheStore() {
    StorageProviders providers = StorageProviders.of(List.of(memoryProvider(true)));
    try (ChatLog log = ChatLog.open(CONFIG, providers, observer)) {
      log.list(ChunkFilter.all(), 1);
    }
    assertThat(observer.events).containsExactly("mem open ok", "list ok");
  }

  @Test
  void aProviderIgnoresTheObserverByDefault() {
    try (ChunkStore store = memoryProvider(false).open(URI.create("mem:x"), Map.of(), observer)) {
      assertThat(store.list(ChunkFilter.all(), 1)).isEmpty();
    }
    assertThat(observer.events).isEmpty();
  }

  @Test
  void bothTellsEachInTurnAndNoneIsLeftOut() {
    RecordingObserver second = new RecordingObserver();
    ChatLogObserver both = ChatLogObserver.both(observer, second);
    assertThat(ChatLogObserver.both(ChatLogObserver.NONE, observer)).isSameAs(observer);
    assertThat(ChatLogObserver.both(observer, ChatLogObserver.NONE)).isSameAs(observer);

    both.operation(Operation.EXPORT, 1, null);
    both.chunksWritten(1, 2);
    both.chunksRead(3, 4);
    both.chunksRemoved(Operation.DELETE, 5);
    both.retentionApplied(
        new dev.chatlog.retention.PruneResult(
            RetentionPolicy.parse(1L, null),
            false,
            java.time.Instant.EPOCH,
            1,
            List.<ChunkMeta>of(),
            0));
    both.remoteRequest("s3", "list", 1, "ok");

    assertThat(observer.events)
        .containsExactly(
            "export ok",
            "written 1 2",
            "read 3 4",
            "removed delete 5",
            "retention 0",
            "s3 list ok");
    assertThat(second.events).isEqualTo(observer.events);
    ChatLogObserver.NONE.operation(Operation.IMPORT, 1, null);
    assertThat(Operation.IMPORT.plural()).isEqualTo("imports");
  }
}
