package dev.chatlog.fs;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.testing.StartSignal;
import java.nio.file.Path;

/**
 * Run in a separate JVM: increments a decimal counter object by compare-and-swap, retrying on
 * conflict. Arguments: store root, key, number of increments, and a file whose appearance starts
 * the work (so that all processes run at once).
 */
public final class CounterMain {
  private CounterMain() {}

  public static void main(String[] args) throws InterruptedException {
    FsBlobStore store = new FsBlobStore(Path.of(args[0]));
    String key = args[1];
    int increments = Integer.parseInt(args[2]);
    StartSignal.await(Path.of(args[3]));
    for (int done = 0; done < increments; ) {
      Blob current = store.get(key).orElseThrow();
      int value = Integer.parseInt(new String(current.data(), UTF_8));
      try {
        store.put(
            key,
            Integer.toString(value + 1).getBytes(UTF_8),
            PutCondition.ifVersion(current.version()));
        done++;
      } catch (PreconditionFailedException e) {
        Thread.onSpinWait();
      }
    }
  }
}
