package dev.chatlog.testing;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Lets several test processes start their work at the same moment: a file that appears. */
public final class StartSignal {
  private static final long MAX_WAIT_MILLIS = 60_000;

  private StartSignal() {}

  /** Creates the signal file. */
  public static void give(Path file) throws IOException {
    Files.createFile(file);
  }

  /** Waits for the signal file, at most a minute. */
  public static void await(Path file) throws InterruptedException {
    long deadline = System.currentTimeMillis() + MAX_WAIT_MILLIS;
    while (!Files.exists(file)) {
      if (System.currentTimeMillis() > deadline) {
        throw new IllegalStateException("No start signal at " + file + " within a minute");
      }
      Thread.sleep(5);
    }
  }
}
