package dev.chatlog.bench;

import dev.chatlog.search.RankMode;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * Warm full-text search through the facade, in a heap of 256 MB. Over the file store the first
 * search brings the local search index (in {@code $XDG_CACHE_HOME/chatlog}) up to date; that
 * happens in the setup, and for a million chunks beforehand ({@code HistoryGenerator fs 1000000
 * --search-index}), since a first build reads every chunk at once.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@State(Scope.Benchmark)
@Fork(value = 1, jvmArgsAppend = "-Xmx256m")
public class SearchBenchmarks {

  /** Brings the search index of the history up to date before timing. */
  @Setup(Level.Trial)
  public void warmIndex(History history) {
    history.chatlog.search(SearchQuery.of("needle"));
  }

  /** Two common words ({@link HistoryGenerator#COMMON_WORDS}), top 10 by the default ranking. */
  @Benchmark
  public List<SearchHit> searchTwoWords(History history) {
    return history.chatlog.search(SearchQuery.of(HistoryGenerator.COMMON_WORDS));
  }

  /** Two common words, top 10 by relevance alone: no recency to read for every match. */
  @Benchmark
  public List<SearchHit> searchTwoWordsByRelevance(History history) {
    return history.chatlog.search(
        SearchQuery.of(HistoryGenerator.COMMON_WORDS).withRank(RankMode.RELEVANCE));
  }

  /** A rare word, filtered to one project. */
  @Benchmark
  public List<SearchHit> searchRareWordInProject(History history) {
    return history.chatlog.search(
        SearchQuery.of("needle").withFilter(HistoryGenerator.commonFilter()));
  }
}
