package dev.chatlog.bench;

import dev.chatlog.ChatLog;
import java.net.URI;
import java.nio.file.Path;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * A generated history opened through the facade for reading: the store kind and size are JMH
 * parameters ({@code -p store=fs,sqlite -p chunks=1000,100000}). The kinds {@code s3} and {@code
 * gcs} run against in-process test servers ({@link RemoteHistories}), which generate the history in
 * each fork.
 */
@State(Scope.Benchmark)
public class History {
  /** {@code fs}, {@code sqlite}, {@code s3} or {@code gcs}. */
  @Param({"fs", "sqlite"})
  public String store;

  /** How many chunks the history holds. */
  @Param({"1000", "100000"})
  public int chunks;

  /** The open history. */
  public ChatLog chatlog;

  /** The store URI of the history. */
  public URI uri;

  /** Builds the history once (kept for later runs) and opens it. */
  @Setup(Level.Trial)
  public void open() {
    if (RemoteHistories.isRemote(store)) {
      RemoteHistories.Remote remote = RemoteHistories.ensure(store, chunks);
      uri = remote.uri();
      chatlog = remote.open();
      return;
    }
    uri = HistoryGenerator.ensure(HistoryGenerator.DEFAULT_FOLDER, store, chunks);
    chatlog = HistoryGenerator.open(uri);
  }

  /** Closes the history. */
  @TearDown(Level.Trial)
  public void close() {
    chatlog.close();
    RemoteHistories.stop();
  }

  /** The folder of a history of this kind and size. */
  Path home() {
    return HistoryGenerator.DEFAULT_FOLDER.resolve(store + "-" + chunks);
  }
}
