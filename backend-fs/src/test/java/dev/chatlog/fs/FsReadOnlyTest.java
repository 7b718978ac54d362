package dev.chatlog.fs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.ChatLog;
import dev.chatlog.SaveRequest;
import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.retention.PruneResult;
import dev.chatlog.retention.RetentionPolicy;
import dev.chatlog.spi.StorageProviders;
import dev.chatlog.testing.ReadOnlyChecks;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.assertj.core.api.ThrowingConsumer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A read-only {@code file:} store refuses every mutating call and stays byte-identical. */
class FsReadOnlyTest {
  @TempDir Path dir;

  private ChatLog open(ChatLogConfig config) {
    return ChatLog.open(config, StorageProviders.of(List.of(new FsStorageProvider())));
  }

  private static SaveRequest request(String content, int daysAgo, String... tags) {
    return SaveRequest.of(content)
        .withTags(List.of(tags))
        .withCreated(Instant.now().minus(Duration.ofDays(daysAgo)));
  }

  /** Every file and folder under the root: a file with the SHA-256 of its bytes. */
  private Map<String, String> snapshot(Path root) throws IOException {
    Map<String, String> all = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.toList()) {
        String name = root.relativize(path).toString();
        all.put(name, Files.isDirectory(path) ? "folder" : sha256(Files.readAllBytes(path)));
      }
    }
    return all;
  }

  private static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  @Test
  void everyMutatingCallFailsAndTheStoreFolderIsByteIdentical() throws Exception {
    Path root = dir.resolve("store");
    ChatLogConfig config = ChatLogConfig.forStore(root.toUri());
    ChunkId id;
    try (ChatLog writer = open(config)) {
      writer.save(request("old, compacted into a segment", 40));
      writer.compact();
      id = writer.save(request("recent, still in the inbox", 1)).chunks().get(0).meta().id();
      writer.save(request("old but pinned", 50, "pinned"));
    }
    Map<String, String> before = snapshot(root);
    assertThat(before.keySet())
        .anyMatch(name -> name.startsWith("chunks"))
        .anyMatch(name -> name.startsWith("index"));

    ChatLogConfig readOnly =
        config
            .withReadOnly(true)
            .withRetention(OptionalLong.of(1), Optional.of(Duration.ofDays(1)));
    RetentionPolicy policy = RetentionPolicy.parse(1L, "30d");
    List<ThrowingConsumer<ChatLog>> writes =
        List.of(
            log -> log.save(request("new", 0)),
            log -> log.saveAll(List.of(request("new", 0), request("newer", 0))),
            log -> log.delete(List.of(id)),
            log -> log.prune(policy, ChunkFilter.all(), false),
            ChatLog::compact,
            ChatLog::reindex,
            log -> log.verify(true));
    try (ChatLog log = open(readOnly)) {
      ReadOnlyChecks.assertEveryWriteRefused(log, writes, before, () -> snapshot(root));
      PruneResult dryRun = log.prune(policy, ChunkFilter.all(), true);
      assertThat(dryRun.removed()).extracting(m -> m.id()).doesNotContain(id).hasSize(1);
      assertThat(dryRun.pinnedKept()).isEqualTo(1);
      assertThat(log.list(ChunkFilter.all(), 10)).hasSize(3);
      assertThat(log.verify(false).problems()).isEmpty();
    }
    assertThat(snapshot(root)).isEqualTo(before);
  }
}
