package dev.chatlog.sqlite;

import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.testing.StartSignal;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * A separate process for {@link TwoProcessesTest}: appends {@code count} chunks, one transaction
 * each, to the database given. Arguments: database path, writer name, count.
 */
public final class ConcurrentWriter {
  private ConcurrentWriter() {}

  public static void main(String[] args) throws Exception {
    Path file = Path.of(args[0]);
    String writer = args[1];
    int count = Integer.parseInt(args[2]);
    try (SqliteChunkStore store = SqliteChunkStore.open(file, SqliteOptions.defaults())) {
      StartSignal.give(Path.of(file + ".ready-" + writer));
      StartSignal.await(Path.of(file + ".go"));
      for (int i = 0; i < count; i++) {
        store.append(
            List.of(
                new ChunkDraft(
                    "race",
                    "writers",
                    writer,
                    null,
                    List.of(Actor.USER),
                    "test",
                    List.of(),
                    "",
                    Map.of(),
                    "chunk " + i + " of " + writer)));
      }
    }
  }
}
