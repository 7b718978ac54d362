package dev.chatlog.fs;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.testing.ForwardingBlobStore;
import dev.chatlog.testing.StartSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Run in a separate JVM: compacts a file store again and again until a stop file appears (at most
 * {@code maxRounds} times). Arguments: store root, start-signal file, stop file, max rounds, and
 * optionally a report file and a delay in milliseconds: each replace of the manifest then waits
 * that long first (so that racing compactors read one manifest version), and the number of replaces
 * refused because another compactor won is written to the report file.
 */
public final class CompactMain {
  private CompactMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    StartSignal.await(Path.of(args[1]));
    Path stop = Path.of(args[2]);
    int maxRounds = Integer.parseInt(args[3]);
    long delay = args.length > 5 ? Long.parseLong(args[5]) : 0;
    AtomicInteger lost = new AtomicInteger();
    BlobStore blobs =
        new ForwardingBlobStore(new FsBlobStore(root)) {
          @Override
          public String put(String key, byte[] data, PutCondition condition) {
            if (!key.equals("index/manifest.json")) {
              return delegate.put(key, data, condition);
            }
            try {
              Thread.sleep(delay);
              return delegate.put(key, data, condition);
            } catch (PreconditionFailedException e) {
              lost.incrementAndGet();
              throw e;
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
              throw new IllegalStateException(e);
            }
          }
        };
    try (BlobChunkStore store = BlobChunkStore.open(blobs, Map.of())) {
      for (int round = 0; round < maxRounds && !Files.exists(stop); round++) {
        store.compact();
        Thread.sleep(2);
      }
    }
    if (args.length > 4) {
      Files.writeString(Path.of(args[4]), Integer.toString(lost.get()));
    }
  }
}
