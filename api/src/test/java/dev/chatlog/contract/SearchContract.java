package dev.chatlog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.RankMode;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.spi.ChunkStore;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ChunkStore#search}: matching, ranking, filters and snippets, the same on
 * every backend. A backend's subclass implements {@link #newFixture()}.
 */
public abstract class SearchContract {
  /** The instant every query measures recency from. */
  protected static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private static final String[] NOISE = {
    "weather report for the coming weekend with light rain",
    "grocery list apples bread cheese and olive oil",
    "notes on a jazz concert in the old town hall",
    "recipe for a lemon cake with a thin sugar glaze",
  };

  private final List<ChunkStore> opened = new ArrayList<>();
  private ChunkStoreContract.Fixture fixture;

  /** The store under test, on fresh storage that already holds a few unrelated chunks. */
  protected ChunkStore store;

  /** Makes fresh, empty storage for one test. */
  protected abstract ChunkStoreContract.Fixture newFixture();

  @BeforeEach
  void openStore() {
    fixture = newFixture();
    store = reopen();
    for (int i = 0; i < NOISE.length; i++) {
      save("noise", "misc", NOISE[i], NOW.minus(Duration.ofDays(i + 1)), List.of(), "");
    }
  }

  @AfterEach
  void closeStores() {
    opened.forEach(ChunkStore::close);
    opened.clear();
    fixture.cleanUp();
  }

  /** Another store instance on the same storage, as another process would open it. */
  protected ChunkStore reopen() {
    ChunkStore next = fixture.open();
    opened.add(next);
    return next;
  }

  protected ChunkMeta save(String body, Instant created) {
    return save("chatlog", "search", body, created, List.of(), "");
  }

  protected ChunkMeta save(
      String project,
      String topic,
      String body,
      Instant created,
      List<String> tags,
      String summary) {
    return save(store, project, topic, body, created, tags, summary);
  }

  protected static ChunkMeta save(
      ChunkStore target,
      String project,
      String topic,
      String body,
      Instant created,
      List<String> tags,
      String summary) {
    ChunkDraft draft =
        new ChunkDraft(
            project,
            topic,
            "session-" + created.toEpochMilli() + "-" + body.hashCode(),
            created,
            List.of(Actor.USER),
            "test",
            tags,
            summary,
            Map.of(),
            body);
    return target.append(List.of(draft)).get(0).meta();
  }

  protected static SearchQuery query(String text) {
    return SearchQuery.of(text).withNow(NOW);
  }

  protected List<ChunkId> search(SearchQuery query) {
    return store.search(query).stream().map(hit -> hit.meta().id()).toList();
  }

  private static Instant daysAgo(int days) {
    return NOW.minus(Duration.ofDays(days));
  }

  @Test
  void aChunkMatchingMoreTermsOutranksOneMatchingFewer() {
    ChunkMeta one = save("the broker restarted after midnight", daysAgo(1));
    ChunkMeta three = save("the kafka broker disk filled up", daysAgo(2));
    ChunkMeta two = save("the kafka broker restarted at noon", daysAgo(1));

    assertThat(search(query("kafka OR broker OR disk")))
        .containsExactly(three.id(), two.id(), one.id());
  }

  @Test
  void amongEqualMatchesTheNewerRanksFirst() {
    ChunkMeta old = save("postgres vacuum tuning notes", daysAgo(40));
    ChunkMeta recent = save("postgres vacuum tuning notes", daysAgo(2));
    ChunkMeta middle = save("postgres vacuum tuning notes", daysAgo(10));

    assertThat(search(query("vacuum"))).containsExactly(recent.id(), middle.id(), old.id());
    assertThat(search(query("vacuum").withRank(RankMode.RELEVANCE)))
        .containsExactly(recent.id(), middle.id(), old.id());
  }

  @Test
  void rankRecentIsNewestFirstAmongMatches() {
    ChunkMeta strongOld =
        save(
            "search",
            "search",
            "gradle gradle gradle build cache",
            daysAgo(300),
            List.of("gradle"),
            "gradle");
    ChunkMeta weakNew =
        save("a long note that mentions gradle once among many other words", daysAgo(1));
    ChunkMeta weakMiddle =
        save("another note where gradle shows up briefly in passing", daysAgo(5));

    assertThat(search(query("gradle").withRank(RankMode.RECENT)))
        .containsExactly(weakNew.id(), weakMiddle.id(), strongOld.id());
    assertThat(search(query("gradle").withRank(RankMode.RELEVANCE)).get(0))
        .isEqualTo(strongOld.id());
  }

  @Test
  void everyHitExplainsItsScore() {
    save("explain the ranking of this hit", daysAgo(30));
    List<SearchHit> hits = store.search(query("ranking"));

    assertThat(hits).hasSize(1);
    SearchHit hit = hits.get(0);
    assertThat(hit.relevance()).isPositive();
    assertThat(hit.recency()).isCloseTo(0.5, within(1e-6));
    assertThat(hit.score()).isCloseTo(hit.relevance() * 0.75, within(1e-9));
  }

  /**
   * Issue 14: both words are in more than half the chunks, "retry" in nearly all of them. With
   * FTS5's idf, which is the same tiny constant for every such word, the 25 recent chunks that
   * repeat "retry" outscored the short one whose summary is exactly the query, and it came last of
   * the 26 hits; an idf that stays positive counts "budget", the rarer word, for more.
   */
  @Test
  void aShortChunkWhoseSummaryIsACommonQueryRanksFirst() {
    for (int i = 0; i < 10; i++) {
      save("the client gave up after the third retry of request " + i, daysAgo(i + 1));
    }
    ChunkMeta exact =
        save("chatlog", "search", "retry budget", daysAgo(60), List.of(), "retry budget");
    for (int i = 0; i < 25; i++) {
      save(
          "a retry after the timeout; ".repeat(6) + "the budget of run " + i + " was spent",
          NOW.minus(Duration.ofHours(i + 1)));
    }

    List<ChunkId> hits = search(query("retry budget").withLimit(30));

    assertThat(hits).hasSize(26);
    assertThat(hits.get(0)).isEqualTo(exact.id());
  }

  @Test
  void wordsMustAllMatchAndPhrasesMatchInOrder() {
    ChunkMeta phrase = save("we picked the quick brown fox design", daysAgo(1));
    ChunkMeta scattered = save("brown paper and a quick fix", daysAgo(1));

    assertThat(search(query("quick brown"))).containsExactlyInAnyOrder(phrase.id(), scattered.id());
    assertThat(search(query("\"quick brown\""))).containsExactly(phrase.id());
    assertThat(search(query("\"brown quick\""))).isEmpty();
    assertThat(search(query("quick brown elephant"))).isEmpty();
  }

  @Test
  void prefixExclusionAndOr() {
    ChunkMeta config = save("the configuration file moved", daysAgo(1));
    ChunkMeta configure = save("how to configure logging", daysAgo(2));
    ChunkMeta other = save("logging levels explained", daysAgo(3));

    assertThat(search(query("config*"))).containsExactlyInAnyOrder(config.id(), configure.id());
    assertThat(search(query("config"))).isEmpty();
    assertThat(search(query("logging -configure"))).containsExactly(other.id());
    assertThat(search(query("logging -\"how to\""))).containsExactly(other.id());
    assertThat(search(query("moved OR levels"))).containsExactlyInAnyOrder(config.id(), other.id());
  }

  @Test
  void summaryTagsAndTopicAreSearchedAndWeighMoreThanTheBody() {
    ChunkMeta inBody =
        save("chatlog", "misc", "a note about terraform state", daysAgo(1), List.of(), "");
    ChunkMeta inSummary =
        save("chatlog", "misc", "a note about remote state", daysAgo(1), List.of(), "terraform");
    ChunkMeta inTag =
        save("chatlog", "misc", "a note about locked state", daysAgo(1), List.of("terraform"), "");
    ChunkMeta inTopic =
        save("chatlog", "terraform", "a note about stale state", daysAgo(1), List.of(), "");

    List<ChunkId> hits = search(query("terraform"));
    assertThat(hits)
        .containsExactlyInAnyOrder(inBody.id(), inSummary.id(), inTag.id(), inTopic.id());
    assertThat(hits.get(hits.size() - 1)).isEqualTo(inBody.id());
  }

  @Test
  void filtersApply() {
    ChunkMeta alpha = save("alpha", "ops", "deploy the service", daysAgo(1), List.of("prod"), "");
    ChunkMeta beta = save("beta", "ops", "deploy the service again", daysAgo(20), List.of(), "");
    ChunkMeta old = save("alpha", "dev", "deploy to staging", daysAgo(100), List.of(), "");

    assertThat(search(query("deploy").withFilter(ChunkFilter.all().withProject("alpha"))))
        .containsExactly(alpha.id(), old.id());
    assertThat(search(query("deploy").withFilter(ChunkFilter.all().withTopic("ops"))))
        .containsExactly(alpha.id(), beta.id());
    assertThat(search(query("deploy").withFilter(ChunkFilter.all().withTags(Set.of("prod")))))
        .containsExactly(alpha.id());
    assertThat(search(query("deploy").withFilter(ChunkFilter.all().withSince(daysAgo(50)))))
        .containsExactly(alpha.id(), beta.id());
    assertThat(search(query("deploy").withFilter(ChunkFilter.all().withUntil(daysAgo(50)))))
        .containsExactly(old.id());
    assertThat(search(query("deploy").withLimit(1))).containsExactly(alpha.id());
  }

  @Test
  void aDeletedChunkIsNeverReturned() {
    ChunkMeta kept = save("redis eviction policy", daysAgo(1));
    ChunkMeta gone = save("redis cluster failover", daysAgo(1));

    assertThat(search(query("redis"))).containsExactlyInAnyOrder(kept.id(), gone.id());
    store.delete(List.of(gone.id()));

    assertThat(search(query("redis"))).containsExactly(kept.id());
    assertThat(search(query("failover"))).isEmpty();
    assertThat(reopen().search(query("failover"))).isEmpty();
  }

  @Test
  void chunksWrittenByAnotherInstanceAreFound() {
    assertThat(search(query("zeppelin"))).isEmpty();
    ChunkStore other = reopen();
    ChunkMeta written =
        save(other, "chatlog", "search", "zeppelin hangar", daysAgo(1), List.of(), "");

    assertThat(search(query("zeppelin"))).containsExactly(written.id());
    store.delete(List.of(written.id()));
    assertThat(other.search(query("zeppelin"))).isEmpty();
  }

  @Test
  void accentsFoldAndCjkIsSearchable() {
    ChunkMeta french = save("un café crème à la gare", daysAgo(1));
    ChunkMeta chinese = save("我们讨论了数据库的索引设计", daysAgo(1));
    ChunkMeta japanese = save("東京で会議があります", daysAgo(1));

    assertThat(search(query("cafe"))).containsExactly(french.id());
    assertThat(search(query("CAFÉ CREME"))).containsExactly(french.id());
    assertThat(search(query("数据库"))).containsExactly(chinese.id());
    assertThat(search(query("索引"))).containsExactly(chinese.id());
    assertThat(search(query("会議"))).containsExactly(japanese.id());
    assertThat(search(query("库数"))).isEmpty();
  }

  @Test
  void snippetsHighlightTheMatches() {
    save("Some intro.\nThen the answer: use Caffeine as the cache.", daysAgo(1));

    SearchHit hit = store.search(query("caffeine cache")).get(0);

    assertThat(hit.snippet()).contains("use Caffeine as the cache").doesNotContain("\n");
    assertThat(hit.highlights())
        .extracting(
            span -> hit.snippet().substring(span.start(), span.end()).toLowerCase(Locale.ROOT))
        .containsExactly("caffeine", "cache");
  }

  @Test
  void malformedQueriesAreUsageErrors() {
    assertThatThrownBy(() -> store.search(query("\"unbalanced")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot search: unbalanced quote at position 1");
    assertThatThrownBy(() -> store.search(query("cats OR")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot search: 'OR' needs a term on both sides (position 6)");
    assertThatThrownBy(() -> store.search(query("-only")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot search: the query only excludes words");
  }

  @Test
  void queryTextThatLooksLikeFtsSyntaxIsSearchedAsWords() {
    ChunkMeta hit = save("near the column body and title", daysAgo(1));

    assertThat(search(query("NEAR body: title^ AND"))).containsExactly(hit.id());
    assertThat(search(query("nothing: here*"))).isEmpty();
  }
}
