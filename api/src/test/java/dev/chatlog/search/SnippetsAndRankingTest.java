package dev.chatlog.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SnippetsAndRankingTest {

  @Test
  void longBodiesAreCutAroundTheDensestMatches() {
    String body =
        "alpha ".repeat(100) + "needle in the haystack needle again " + "omega ".repeat(100);
    Snippets.Snippet snippet = Snippets.of(body, QueryParser.parse("needle"));
    assertThat(snippet.text()).startsWith("…").endsWith("…");
    assertThat(snippet.text().length()).isLessThanOrEqualTo(Snippets.WIDTH + 2);
    assertThat(snippet.highlights())
        .hasSize(2)
        .allSatisfy(
            span ->
                assertThat(snippet.text().substring(span.start(), span.end())).isEqualTo("needle"));
  }

  @Test
  void phrasesHighlightAsOneRangeAndBodiesWithoutMatchesShowTheirStart() {
    Snippets.Snippet phrase =
        Snippets.of("say hello world now", QueryParser.parse("\"hello world\""));
    assertThat(phrase.highlights()).containsExactly(new SearchHit.Span(4, 15));
    Snippets.Snippet none = Snippets.of("x".repeat(300), QueryParser.parse("summaryword"));
    assertThat(none.highlights()).isEmpty();
    assertThat(none.text()).hasSize(Snippets.WIDTH + 1).endsWith("…");
  }

  @Test
  void recencyHalvesEveryHalfLife() {
    Instant now = Instant.parse("2026-01-31T00:00:00Z");
    Duration halfLife = Duration.ofDays(30);
    assertThat(Ranking.recency(now, now, halfLife)).isEqualTo(1.0);
    assertThat(Ranking.recency(now.minus(Duration.ofDays(30)), now, halfLife))
        .isCloseTo(0.5, within(1e-12));
    assertThat(Ranking.recency(now.minus(Duration.ofDays(60)), now, halfLife))
        .isCloseTo(0.25, within(1e-12));
    assertThat(Ranking.recency(now.plusSeconds(60), now, halfLife)).isEqualTo(1.0);
    assertThat(Ranking.score(RankMode.BALANCED, 2.0, 0.5)).isEqualTo(1.5);
    assertThat(Ranking.score(RankMode.RELEVANCE, 2.0, 0.5)).isEqualTo(2.0);
    assertThat(Ranking.score(RankMode.RECENT, 2.0, 0.5)).isEqualTo(0.5);
  }

  @Test
  void idfIsLucenesAndStaysPositiveForWordsInMostChunks() {
    assertThat(Ranking.idf(10, 1)).isCloseTo(Math.log(1 + 9.5 / 1.5), within(1e-12));
    assertThat(Ranking.idf(10, 10)).isCloseTo(Math.log(1 + 0.5 / 10.5), within(1e-12));
    assertThat(Ranking.idf(10, 6))
        .as("a word in more than half the chunks still counts, less than a rarer one")
        .isGreaterThan(Ranking.idf(10, 9))
        .isLessThan(Ranking.idf(10, 4))
        .isGreaterThan(0.1);
  }

  @Test
  void queriesValidateTheirSettings() {
    SearchQuery query = SearchQuery.of("x");
    assertThat(query.limit()).isEqualTo(10);
    assertThat(query.halfLife()).isEqualTo(Duration.ofDays(30));
    assertThat(query.withHalfLife(Duration.ofDays(7)).halfLife()).isEqualTo(Duration.ofDays(7));
    assertThat(query.parsed()).isEqualTo(new QueryNode.Term("x"));
    assertThatThrownBy(() -> query.withLimit(0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("limit must be at least 1: 0");
    assertThatThrownBy(() -> query.withHalfLife(Duration.ZERO))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("halfLife must be positive: PT0S");
  }
}
