package dev.chatlog.search;

import static dev.chatlog.search.SearchFixtures.NOW;
import static dev.chatlog.search.SearchFixtures.chunk;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkFilter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class ScanSearchTest {
  private static SearchQuery query(String text) {
    return SearchQuery.of(text).withNow(NOW);
  }

  private static List<String> bodies(List<SearchHit> hits, List<Chunk> chunks) {
    return hits.stream()
        .map(
            hit ->
                chunks.stream()
                    .filter(chunk -> chunk.id().equals(hit.meta().id()))
                    .findFirst()
                    .orElseThrow()
                    .body())
        .toList();
  }

  @Test
  void moreMatchingWordsRankHigherAndTiesGoToTheNewer() {
    List<Chunk> chunks =
        List.of(
            chunk("kafka consumer lag alert", NOW.minus(Duration.ofDays(1))),
            chunk("kafka broker disk alert", NOW.minus(Duration.ofDays(2))),
            chunk("kafka broker disk alert", NOW.minus(Duration.ofDays(3))),
            chunk("nothing relevant here", NOW));
    List<SearchHit> hits = ScanSearch.search(chunks, query("kafka broker disk"));
    assertThat(hits)
        .extracting(hit -> hit.meta().id())
        .containsExactly(chunks.get(1).id(), chunks.get(2).id());
    assertThat(ScanSearch.search(chunks, query("kafka broker OR consumer")))
        .extracting(hit -> hit.meta().id())
        .containsExactly(chunks.get(0).id(), chunks.get(1).id(), chunks.get(2).id());
  }

  @Test
  void fieldsWeighMoreThanTheBody() {
    List<Chunk> chunks =
        List.of(
            chunk("the word postgres appears in the body only", NOW),
            chunk("unrelated body text of equal size here", NOW, "p", "t", List.of(), "postgres"),
            chunk("unrelated body text of equal size here", NOW, "p", "postgres", List.of(), ""),
            chunk(
                "unrelated body text of equal size here", NOW, "p", "t", List.of("postgres"), ""));
    List<SearchHit> hits =
        ScanSearch.search(chunks, query("postgres").withRank(RankMode.RELEVANCE));
    assertThat(hits).hasSize(4);
    assertThat(hits.get(0).meta().id()).isEqualTo(chunks.get(1).id());
    assertThat(hits.get(3).meta().id()).isEqualTo(chunks.get(0).id());
  }

  @Test
  void rankModes() {
    Chunk oldStrong = chunk("rust rust rust borrow checker", NOW.minus(Duration.ofDays(400)));
    Chunk newWeak = chunk("some rust code with many other words around it", NOW);
    List<Chunk> chunks = List.of(oldStrong, newWeak, chunk("python", NOW));
    assertThat(ScanSearch.search(chunks, query("rust").withRank(RankMode.RECENT)))
        .extracting(hit -> hit.meta().id())
        .containsExactly(newWeak.id(), oldStrong.id());
    assertThat(ScanSearch.search(chunks, query("rust").withRank(RankMode.RELEVANCE)))
        .extracting(hit -> hit.meta().id())
        .containsExactly(oldStrong.id(), newWeak.id());
    List<SearchHit> balanced = ScanSearch.search(chunks, query("rust"));
    for (SearchHit hit : balanced) {
      assertThat(hit.score())
          .isCloseTo(hit.relevance() * (0.5 + 0.5 * hit.recency()), within(1e-12));
    }
    assertThat(balanced.get(1).recency()).isCloseTo(1.0, within(1e-12));
  }

  @Test
  void phrasePrefixExclusionAndAccents() {
    Chunk phrase = chunk("the quick brown fox jumps", NOW);
    Chunk scattered = chunk("brown dogs are quick", NOW);
    Chunk accented = chunk("un café crème à Paris", NOW);
    List<Chunk> chunks = List.of(phrase, scattered, accented);
    assertThat(ScanSearch.search(chunks, query("\"quick brown\"")))
        .extracting(hit -> hit.meta().id())
        .containsExactly(phrase.id());
    assertThat(ScanSearch.search(chunks, query("quick brown")))
        .extracting(hit -> hit.meta().id())
        .containsExactlyInAnyOrder(phrase.id(), scattered.id());
    assertThat(ScanSearch.search(chunks, query("quick -fox")))
        .extracting(hit -> hit.meta().id())
        .containsExactly(scattered.id());
    assertThat(ScanSearch.search(chunks, query("jum*")))
        .extracting(hit -> hit.meta().id())
        .containsExactly(phrase.id());
    assertThat(ScanSearch.search(chunks, query("CAFE creme")))
        .extracting(hit -> hit.meta().id())
        .containsExactly(accented.id());
    assertThat(ScanSearch.search(chunks, query("jum"))).isEmpty();
  }

  @Test
  void filtersAndLimitApply() {
    Chunk a = chunk("deploy notes", NOW, "alpha", "ops", List.of("prod"), "");
    Chunk b = chunk("deploy notes", NOW.minusSeconds(10), "beta", "ops", List.of(), "");
    Chunk c = chunk("deploy notes", NOW.minusSeconds(20), "alpha", "dev", List.of(), "");
    List<Chunk> chunks = List.of(a, b, c);
    assertThat(
            ScanSearch.search(
                chunks, query("deploy").withFilter(ChunkFilter.all().withProject("alpha"))))
        .extracting(hit -> hit.meta().id())
        .containsExactlyInAnyOrder(a.id(), c.id());
    assertThat(
            ScanSearch.search(
                chunks,
                query("deploy").withFilter(ChunkFilter.all().withTags(java.util.Set.of("prod")))))
        .extracting(hit -> hit.meta().id())
        .containsExactly(a.id());
    assertThat(ScanSearch.search(chunks, query("deploy").withLimit(2))).hasSize(2);
  }

  @Test
  void cjkTextIsFoundByItsWords() {
    Chunk chinese = chunk("我们讨论了数据库的索引设计", NOW);
    Chunk japanese = chunk("東京で会議があります", NOW);
    List<Chunk> chunks = List.of(chinese, japanese);
    assertThat(ScanSearch.search(chunks, query("数据库")))
        .extracting(hit -> hit.meta().id())
        .containsExactly(chinese.id());
    assertThat(ScanSearch.search(chunks, query("会議")))
        .extracting(hit -> hit.meta().id())
        .containsExactly(japanese.id());
    assertThat(ScanSearch.search(chunks, query("库数"))).isEmpty();
  }

  @Test
  void snippetsHighlightTheMatches() {
    Chunk chunk = chunk("Intro line.\nWe chose Caffeine for the cache layer.", NOW);
    SearchHit hit = ScanSearch.search(List.of(chunk), query("caffeine cache")).get(0);
    assertThat(hit.snippet()).isEqualTo("Intro line. We chose Caffeine for the cache layer.");
    assertThat(hit.highlights())
        .extracting(span -> hit.snippet().substring(span.start(), span.end()))
        .containsExactly("Caffeine", "cache");
    assertThat(bodies(List.of(hit), List.of(chunk))).containsExactly(chunk.body());
  }

  @Test
  void malformedQueriesFailBeforeScanning() {
    assertThatThrownBy(() -> ScanSearch.search(List.of(), query("\"open")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot search: unbalanced quote at position 1");
    assertThat(ScanSearch.search(List.of(), query("anything"))).isEmpty();
  }
}
