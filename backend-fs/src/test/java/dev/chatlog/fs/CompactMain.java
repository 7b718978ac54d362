package dev.chatlog.fs;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.testing.StartSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * Run in a separate JVM: compacts a file store again and again until a stop file appears (at most
 * {@code maxRounds} times). Arguments: store root, start-signal file, stop file, max rounds.
 */
public final class CompactMain {
  private CompactMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    StartSignal.await(Path.of(args[1]));
    Path stop = Path.of(args[2]);
    int maxRounds = Integer.parseInt(args[3]);
    try (BlobChunkStore store = BlobChunkStore.open(new FsBlobStore(root), Map.of())) {
      for (int round = 0; round < maxRounds && !Files.exists(stop); round++) {
        store.compact();
        Thread.sleep(2);
      }
    }
  }
}
