package dev.chatlog.bench;

import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm reads through the facade: newest 10 with and without filters, and a list of metadata. Runs
 * with a 64 MB heap, the budget of a retrieve.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(value = 1, jvmArgsAppend = "-Xmx64m")
public class ReadBenchmarks {

  /** Newest 10 chunks with bodies, no filter. */
  @Benchmark
  public List<Chunk> retrieveNewest10(History history) {
    return history.chatlog.retrieve(ChunkFilter.all(), 10);
  }

  /** Newest 10 chunks with bodies of a project that holds about one chunk in four. */
  @Benchmark
  public List<Chunk> retrieveNewest10Project(History history) {
    return history.chatlog.retrieve(HistoryGenerator.commonFilter(), 10);
  }

  /** Newest 10 chunks with bodies of a project that holds about one chunk in 97. */
  @Benchmark
  public List<Chunk> retrieveNewest10RareProject(History history) {
    return history.chatlog.retrieve(HistoryGenerator.selectiveFilter(), 10);
  }

  /** Metadata of the newest 100 chunks. */
  @Benchmark
  public List<ChunkMeta> list100(History history) {
    return history.chatlog.list(ChunkFilter.all(), 100);
  }
}
