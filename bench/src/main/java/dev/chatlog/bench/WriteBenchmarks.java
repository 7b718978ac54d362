package dev.chatlog.bench;

import dev.chatlog.ChatLog;
import dev.chatlog.SaveRequest;
import dev.chatlog.SaveResult;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Writes through the facade on a work copy of a generated history (hard links for the file store, a
 * file copy for SQLite, a newly generated history for the remote kinds {@code s3} and {@code gcs}),
 * so the kept history stays as generated: one save into a session of {@code sessionLength} records,
 * a batch of {@value #BATCH} chunks with {@code saveAll}, and a compaction of 64 inbox entries.
 *
 * <p>With {@code sessionLength} 1 every save starts a session of its own, which then holds the one
 * record saved: the cost of a save into a new session. With more, the history also holds a session
 * of that many records (generated after the history's {@code chunks}, {@link
 * HistoryGenerator#appendSession}) and every save goes into it: the session grows by the saves of
 * the run, a few thousand at most. {@code saveAll} does not depend on it: run it with {@code -p
 * sessionLength=1}.
 */
@State(Scope.Benchmark)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
public class WriteBenchmarks {
  /** Chunks per {@code saveAll} call. */
  public static final int BATCH = 1_000;

  /** {@code fs}, {@code sqlite}, {@code s3} or {@code gcs}. */
  @Param({"fs", "sqlite"})
  public String store;

  /** How many chunks the history holds, besides its long session. */
  @Param({"1000", "100000"})
  public int chunks;

  /**
   * How many records the session {@code save} writes into holds: 1 is a new session for every save;
   * more is the history's long session.
   */
  @Param({"1", "10000", "100000"})
  public int sessionLength;

  private ChatLog chatlog;
  private Path work;
  private long counter;

  /** Copies the history and opens the copy. */
  @Setup(Level.Trial)
  public void open() throws IOException {
    if (RemoteHistories.isRemote(store)) {
      chatlog = RemoteHistories.fresh(store, chunks, sessionLength).open();
      checkSession();
      return;
    }
    HistoryGenerator.ensure(HistoryGenerator.DEFAULT_FOLDER, store, chunks, sessionLength);
    String name = HistoryGenerator.name(store, chunks, sessionLength);
    Path history = HistoryGenerator.DEFAULT_FOLDER.resolve(name);
    work = HistoryGenerator.DEFAULT_FOLDER.resolve("work").resolve(name);
    if (store.equals("fs")) {
      HistoryGenerator.linkCopy(history, work);
    } else {
      HistoryGenerator.deleteTree(work);
      Files.createDirectories(work);
      Files.copy(history.resolve("chatlog.db"), work.resolve("chatlog.db"));
    }
    URI uri = HistoryGenerator.storeUri(work, store);
    chatlog = HistoryGenerator.open(uri);
    checkSession();
  }

  /** Fails unless the long session holds {@code sessionLength} records. */
  private void checkSession() {
    if (sessionLength <= 1) {
      return;
    }
    ChunkMeta newest = chatlog.list(sessionFilter(), 1).get(0);
    if (newest.seq() != sessionLength - 1) {
      throw new IllegalStateException(
          "The session "
              + newest.session()
              + " ends with seq "
              + newest.seq()
              + ", not "
              + (sessionLength - 1));
    }
  }

  private ChunkFilter sessionFilter() {
    return ChunkFilter.all()
        .withProject(HistoryGenerator.LONG_SESSION_PROJECT)
        .withTopic(HistoryGenerator.LONG_SESSION_TOPIC)
        .withSession(HistoryGenerator.longSession(sessionLength));
  }

  /** Closes and removes the work copy. */
  @TearDown(Level.Trial)
  public void close() throws IOException {
    chatlog.close();
    RemoteHistories.stop();
    if (work != null) {
      HistoryGenerator.deleteTree(work);
    }
  }

  /**
   * One new message saved into a session of {@code sessionLength} records (a new session with 1):
   * dedup and seq lookup, 2 writes.
   */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public SaveResult save() {
    long n = counter++;
    return chatlog.save(
        SaveRequest.of("benchmark message " + n + " about fsync and rename")
            .withProject(HistoryGenerator.LONG_SESSION_PROJECT)
            .withTopic(HistoryGenerator.LONG_SESSION_TOPIC)
            .withSession(
                sessionLength <= 1 ? "new-" + n : HistoryGenerator.longSession(sessionLength)));
  }

  /** {@value #BATCH} new chunks in 10 new sessions with one call; the score is chunks/s. */
  @Benchmark
  @BenchmarkMode(Mode.Throughput)
  @OutputTimeUnit(TimeUnit.SECONDS)
  @OperationsPerInvocation(BATCH)
  public List<SaveResult> saveAll() {
    List<SaveRequest> requests = new ArrayList<>(BATCH);
    long batch = counter++;
    for (int i = 0; i < BATCH; i++) {
      requests.add(
          SaveRequest.of("imported message " + batch + "/" + i + " about segments")
              .withProject("import")
              .withTopic("t")
              .withSession("b" + batch + "-" + i % 10));
    }
    return chatlog.saveAll(requests);
  }

  /** The inbox a compaction folds: 64 single saves before each timed compaction. */
  @State(Scope.Thread)
  public static class Inbox {
    /** Fills the inbox. */
    @Setup(Level.Invocation)
    public void fill(WriteBenchmarks bench) {
      for (int i = 0; i < 64; i++) {
        bench.save();
      }
    }
  }

  /** Folds 64 inbox entries into a segment and swaps the manifest. */
  @Benchmark
  @BenchmarkMode(Mode.AverageTime)
  public void compact(Inbox inbox) {
    chatlog.compact();
  }
}
