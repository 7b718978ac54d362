package dev.chatlog.fs;

import dev.chatlog.ChatLog;
import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.retention.PruneResult;
import dev.chatlog.retention.RetentionPolicy;
import dev.chatlog.testing.StartSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Run in a separate JVM: prunes one project of a file store with a maximum age again and again
 * until a stop file appears (at most {@code maxRounds} times), then writes every id it reported as
 * removed to a file, one a line. Arguments: store root, project, max age in days, start-signal
 * file, stop file, max rounds, removed-ids file.
 */
public final class PruneMain {
  private PruneMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    ChunkFilter scope = ChunkFilter.all().withProject(args[1]);
    RetentionPolicy policy = RetentionPolicy.ofMaxAge(Duration.ofDays(Long.parseLong(args[2])));
    StartSignal.await(Path.of(args[3]));
    Path stop = Path.of(args[4]);
    int maxRounds = Integer.parseInt(args[5]);
    List<String> removed = new ArrayList<>();
    ChatLogConfig config = ChatLogConfig.forStore(root.toUri());
    try (ChatLog log = ChatLog.over(BlobChunkStore.open(new FsBlobStore(root), Map.of()), config)) {
      for (int round = 0; round < maxRounds && !Files.exists(stop); round++) {
        PruneResult result = log.prune(policy, scope, false);
        for (ChunkMeta meta : result.removed()) {
          removed.add(meta.id().toString());
        }
        Thread.sleep(2);
      }
    }
    Files.write(
        Path.of(args[6]), removed, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING);
  }
}
