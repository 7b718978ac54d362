package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.RankMode;
import dev.chatlog.search.Ranking;
import dev.chatlog.search.ScanSearch;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.spi.ChunkStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** How the SQLite search finds its best hits among many candidates that FTS5 ranks. */
class FtsSearchTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private final TempDatabase database = new TempDatabase();
  private final ChunkStore store = database.open();

  @AfterEach
  void tearDown() {
    store.close();
    database.cleanUp();
  }

  private List<ChunkMeta> saveAll(List<String> bodies) {
    List<ChunkDraft> drafts = new ArrayList<>();
    for (int i = 0; i < bodies.size(); i++) {
      drafts.add(
          new ChunkDraft(
              "p",
              "t",
              "s" + i,
              NOW.minus(Duration.ofMinutes(bodies.size() - i)),
              List.of(Actor.USER),
              "cli",
              List.of(),
              "",
              Map.of(),
              bodies.get(i)));
    }
    return store.append(drafts).stream().map(saved -> saved.meta()).toList();
  }

  @Test
  void manyEqualMatchesGiveTheNewestFirst() {
    List<ChunkMeta> saved = saveAll(Collections.nCopies(300, "alpha beta gamma"));

    List<SearchHit> hits =
        store.search(SearchQuery.of("alpha beta").withNow(NOW).withRank(RankMode.RELEVANCE));

    assertThat(hits)
        .extracting(hit -> hit.meta().id())
        .containsExactlyElementsOf(
            saved.stream()
                .sorted(Comparator.comparing(ChunkMeta::created).reversed())
                .limit(10)
                .map(ChunkMeta::id)
                .toList());
  }

  @Test
  void theBestHitsAreFoundWhereverFts5RanksThem() {
    SplittableRandom random = new SplittableRandom(7);
    String[] words = {"alpha", "beta", "gamma", "delta", "omega", "kappa"};
    List<String> bodies = new ArrayList<>();
    for (int i = 0; i < 400; i++) {
      StringBuilder body = new StringBuilder();
      int length = 3 + random.nextInt(60);
      for (int w = 0; w < length; w++) {
        body.append(words[random.nextInt(words.length)]).append(' ');
      }
      bodies.add(body.toString());
    }
    saveAll(bodies);
    List<ChunkMeta> all = store.list(ChunkFilter.all(), Integer.MAX_VALUE);

    for (RankMode mode : RankMode.values()) {
      for (String text : List.of("alpha", "alpha beta", "omega OR kappa", "gamma -delta")) {
        SearchQuery query = SearchQuery.of(text).withNow(NOW).withRank(mode).withLimit(25);
        assertThat(store.search(query))
            .as("%s (%s)", text, mode)
            .extracting(hit -> hit.meta().id())
            .containsExactlyElementsOf(
                ScanSearch.search(store.readAll(all), query).stream()
                    .map(hit -> hit.meta().id())
                    .toList());
      }
    }
  }

  @Test
  void theBoundIsNeverBelowTheRelevance() {
    SplittableRandom random = new SplittableRandom(11);
    for (int round = 0; round < 10_000; round++) {
      int words = 1 + random.nextInt(4);
      double[] fts5Idf = new double[words];
      double[] idf = new double[words];
      double fts5 = 0;
      double relevance = 0;
      for (int word = 0; word < words; word++) {
        long documents = 1 + random.nextInt(1000);
        long matching = random.nextInt((int) documents + 1);
        fts5Idf[word] = RelevanceBound.fts5Idf(documents, matching);
        idf[word] = Ranking.idf(documents, matching);
        double saturated = random.nextDouble() * (Ranking.K1 + 1);
        fts5 += fts5Idf[word] * saturated;
        relevance += idf[word] * saturated;
      }
      assertThat(RelevanceBound.of(fts5Idf, idf).at(fts5))
          .isGreaterThanOrEqualTo(relevance * (1 - 1e-12));
    }
  }
}
