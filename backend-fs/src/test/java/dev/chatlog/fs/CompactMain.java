package dev.chatlog.fs;

import static org.awaitility.Awaitility.await;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.testing.ForwardingBlobStore;
import dev.chatlog.testing.StartSignal;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

/**
 * Run in a separate JVM: compacts a file store again and again until a stop file appears (at most
 * {@code maxRounds} times). Arguments: store root, start-signal file, stop file, max rounds, and
 * optionally a report file, a rendezvous folder and a number of compactors: the first replace of
 * the manifest then waits until that many compactors have reached theirs, so that all of them have
 * read one manifest version and all but one must lose the compare-and-swap; the number of replaces
 * refused because another compactor won is written to the report file.
 */
public final class CompactMain {
  private CompactMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    StartSignal.await(Path.of(args[1]));
    Path stop = Path.of(args[2]);
    int maxRounds = Integer.parseInt(args[3]);
    Path rendezvous = args.length > 6 ? Path.of(args[5]) : null;
    int compactors = args.length > 6 ? Integer.parseInt(args[6]) : 0;
    AtomicBoolean met = new AtomicBoolean(rendezvous == null);
    AtomicInteger lost = new AtomicInteger();
    BlobStore blobs =
        new ForwardingBlobStore(new FsBlobStore(root)) {
          @Override
          public String put(String key, byte[] data, PutCondition condition) {
            if (!key.equals("index/manifest.json")) {
              return delegate.put(key, data, condition);
            }
            try {
              if (!met.getAndSet(true)) {
                meet(rendezvous, compactors);
              }
              return delegate.put(key, data, condition);
            } catch (PreconditionFailedException e) {
              lost.incrementAndGet();
              throw e;
            } catch (IOException e) {
              throw new UncheckedIOException(e);
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

  /** Marks this process as arrived and waits (at most a minute) until {@code parties} have. */
  private static void meet(Path folder, int parties) throws IOException {
    Files.createTempFile(folder, "arrived-", "");
    await("the other compactors")
        .atMost(Duration.ofMinutes(1))
        .pollInterval(Duration.ofMillis(10))
        .until(() -> arrived(folder) >= parties);
  }

  private static long arrived(Path folder) throws IOException {
    try (Stream<Path> files = Files.list(folder)) {
      return files.count();
    }
  }
}
