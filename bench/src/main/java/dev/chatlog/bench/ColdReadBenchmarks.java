package dev.chatlog.bench;

import dev.chatlog.ChatLog;
import dev.chatlog.model.Chunk;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The first read after the JVM starts: open the store and retrieve the newest 10 chunks of a
 * project, once per fresh JVM with a 64 MB heap (class loading and cold code included).
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.SingleShotTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 0)
@Measurement(iterations = 1)
@Fork(value = 5, jvmArgsAppend = "-Xmx64m")
public class ColdReadBenchmarks {
  /** {@code fs} or {@code sqlite}. */
  @Param({"fs", "sqlite"})
  public String store;

  /** How many chunks the history holds. */
  @Param({"1000", "100000"})
  public int chunks;

  private java.net.URI uri;

  /** Makes sure the history exists, without opening it. */
  @Setup(Level.Trial)
  public void find() {
    uri = HistoryGenerator.ensure(HistoryGenerator.DEFAULT_FOLDER, store, chunks);
  }

  /** Open, retrieve the newest 10 of a project, close. */
  @Benchmark
  public List<Chunk> firstRetrieveNewest10Project() {
    try (ChatLog chatlog = HistoryGenerator.open(uri)) {
      return chatlog.retrieve(HistoryGenerator.commonFilter(), 10);
    }
  }
}
