package dev.chatlog.cli.crash;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills real {@code chatlog} processes with SIGKILL at random moments, round after round, and
 * checks that no printed id is lost and that {@code verify --repair} always brings the store back
 * to a clean state (see {@link CrashHarness} and docs/reliability.md).
 *
 * <p>System properties: {@code chatlog.crash.rounds} (default {@value #DEFAULT_ROUNDS} per store)
 * and {@code chatlog.crash.seed} (default: a new seed each run, printed with every failure).
 */
class CrashSafetyTest {
  static final int DEFAULT_ROUNDS = 20;

  @TempDir Path dir;

  @Test
  void fileStoreLosesNoPrintedIdAndRepairsEveryCrash() throws Exception {
    run(StoreKind.FILE);
  }

  @Test
  void sqliteStoreLosesNoPrintedIdAndRepairsEveryCrash() throws Exception {
    run(StoreKind.SQLITE);
  }

  private void run(StoreKind kind) throws Exception {
    int rounds = Integer.getInteger("chatlog.crash.rounds", DEFAULT_ROUNDS);
    long seed = Long.getLong("chatlog.crash.seed", System.nanoTime());
    String summary = new CrashHarness(kind, dir, rounds, seed).run();
    System.out.println(summary);
  }
}
