package dev.chatlog.fs;

import dev.chatlog.model.ChunkMeta;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@link SaveMain} processes saving into one file store at once, each writing the ids it saved to a
 * file of its own in a test folder, for the tests that run other processes against them.
 */
final class SaverProcesses {
  private final Path dir;
  private final List<JavaProcesses.Started> started;

  private SaverProcesses(Path dir, List<JavaProcesses.Started> started) {
    this.dir = dir;
    this.started = started;
  }

  /**
   * Starts {@code savers} processes that each save {@code perSaver} chunks (project {@code race})
   * with compact threshold 7 once the start signal {@code go} is given.
   */
  static SaverProcesses start(Path dir, Path root, Path go, int savers, int perSaver)
      throws Exception {
    return start(dir, root, go, savers, perSaver, null);
  }

  /** As above, every saver saving into {@code session} when it is not null. */
  static SaverProcesses start(
      Path dir, Path root, Path go, int savers, int perSaver, String session) throws Exception {
    List<JavaProcesses.Started> started = new ArrayList<>();
    for (int i = 0; i < savers; i++) {
      List<String> args =
          new ArrayList<>(
              List.of(
                  root.toString(),
                  "writer-" + i,
                  Integer.toString(perSaver),
                  "7",
                  go.toString(),
                  dir.resolve("ids-" + i).toString()));
      if (session != null) {
        args.add(session);
      }
      started.add(JavaProcesses.start(SaveMain.class, args.toArray(String[]::new)));
    }
    return new SaverProcesses(dir, started);
  }

  /** Waits for every saver to end, then creates {@code stop} to end the other processes. */
  void awaitThenStop(Path stop, Duration timeout) throws Exception {
    try {
      JavaProcesses.awaitAll(started, timeout);
    } finally {
      Files.createFile(stop);
    }
  }

  /** The ids every saver wrote. */
  Set<String> savedIds() throws Exception {
    Set<String> saved = new HashSet<>();
    for (int i = 0; i < started.size(); i++) {
      saved.addAll(Files.readAllLines(dir.resolve("ids-" + i)));
    }
    return saved;
  }

  /** The ids of listed chunks, in list order. */
  static List<String> ids(List<ChunkMeta> metas) {
    return metas.stream().map(m -> m.id().toString()).toList();
  }
}
