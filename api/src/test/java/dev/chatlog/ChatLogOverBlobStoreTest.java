package dev.chatlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.ReadOnlyException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.StorageProvider;
import dev.chatlog.spi.StorageProviders;
import dev.chatlog.testing.MemoryBlobStore;
import java.net.URI;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** The facade over the real blob engine, in memory. */
class ChatLogOverBlobStoreTest {
  private static final URI STORE = URI.create("mem://test");

  private final MemoryBlobStore blobs = new MemoryBlobStore();

  /** Opens the engine over the shared blobs, as a provider of the {@code mem} scheme would. */
  private final StorageProvider provider =
      new StorageProvider() {
        @Override
        public String scheme() {
          return "mem";
        }

        @Override
        public Set<String> optionKeys() {
          return BlobChunkStore.OPTION_KEYS;
        }

        @Override
        public ChunkStore open(URI uri, Map<String, String> options) {
          return BlobChunkStore.open(blobs, options);
        }
      };

  private ChatLog open(ChatLogConfig config) {
    return ChatLog.open(config, StorageProviders.of(List.of(provider)));
  }

  private static String session(ChatLog log, String session) {
    return log.retrieve(ChunkFilter.all().withSession(session), 1000).stream()
        .sorted(Comparator.comparingInt(c -> c.meta().seq()))
        .map(Chunk::body)
        .collect(Collectors.joining());
  }

  @Test
  void splitContentReadsBackWholeInSequenceOrder() {
    try (ChatLog log = open(ChatLogConfig.forStore(STORE).withChunkMaxChars(40))) {
      String content =
          "# Decision\n\nWe store chunks on S3.\n\n" + "ha".repeat(100) + "\n" + "x".repeat(90);
      SaveResult result = log.save(SaveRequest.of(content).withSession("long"));
      assertThat(result.chunks()).hasSizeGreaterThan(5).allMatch(c -> c.created());
      assertThat(result.chunks())
          .extracting(c -> c.meta().seq())
          .isSorted()
          .doesNotHaveDuplicates();
      assertThat(session(log, "long")).isEqualTo(content);

      SaveResult again = log.save(SaveRequest.of(content).withSession("long"));
      assertThat(again.createdAny()).isFalse();
      assertThat(again.chunks())
          .extracting(c -> c.meta().id())
          .containsExactlyElementsOf(result.chunks().stream().map(c -> c.meta().id()).toList());
    }
  }

  @Test
  void deleteAndReadOnlyOnTheEngine() {
    ChunkId kept;
    try (ChatLog log = open(ChatLogConfig.forStore(STORE))) {
      kept = log.save(SaveRequest.of("keep me")).chunks().get(0).meta().id();
      ChunkId gone = log.save(SaveRequest.of("delete me")).chunks().get(0).meta().id();
      assertThat(log.delete(List.of(gone))).containsExactly(gone);
      assertThat(log.show(gone)).isEmpty();
    }
    try (ChatLog log = open(ChatLogConfig.forStore(STORE).withReadOnly(true))) {
      assertThatThrownBy(() -> log.save(SaveRequest.of("new")))
          .isInstanceOf(ReadOnlyException.class)
          .hasMessage(
              "Cannot save in " + blobs.location() + ": the store is read-only (CHM_READ_ONLY)");
      List<Integer> progress = new java.util.ArrayList<>();
      assertThatThrownBy(
              () ->
                  log.saveAll(
                      List.of(SaveRequest.of("a batch")), (done, total) -> progress.add(done)))
          .isInstanceOf(ReadOnlyException.class);
      assertThat(progress).isEmpty();
      assertThatThrownBy(() -> log.delete(List.of(kept))).isInstanceOf(ReadOnlyException.class);
      assertThatThrownBy(log::compact).isInstanceOf(ReadOnlyException.class);
      assertThat(log.list(ChunkFilter.all(), 10)).extracting(ChunkMeta::id).containsExactly(kept);
    }
  }

  @Test
  void openChecksTheSchemeAndOptions() {
    assertThatThrownBy(() -> open(ChatLogConfig.forStore(URI.create("s3://b"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot open store 's3://b': unknown scheme 's3'; known schemes: mem");
    assertThatThrownBy(
            () -> open(ChatLogConfig.forStore(STORE).withStore(STORE, Map.of("mem.nope", "1"))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot use option mem.nope '1': unknown option; valid options:");
  }
}
