package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.RankMode;
import dev.chatlog.search.ScanSearch;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.spi.ChunkStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Searches of common words answered from their lists ({@link WordLists}) give exactly the hits of
 * ranking every match, and the lists follow the chunks saved, removed and indexed again. Lists here
 * are short (48 chunks, for words that more than 60 chunks hold) so that a few hundred chunks hold
 * words far more common than that.
 */
class WordListsTest {
  private static final Instant END = Instant.parse("2026-06-01T12:00:00Z");
  private static final WordLists SHORT = new WordLists(48, 60, 3);
  private static final String[] WORDS = {"alpha", "beta", "gamma", "delta", "omega", "kappa"};
  private static final List<String> QUERIES =
      List.of("alpha", "alpha beta", "gamma delta omega", "beta -kappa", "omega OR kappa");

  private final TempDatabase database = new TempDatabase();
  private final ChunkStore store = database.open();
  private final SplittableRandom random = new SplittableRandom(5);
  private int saved;

  @AfterEach
  void tearDown() {
    store.close();
    database.cleanUp();
  }

  /**
   * Chunks of 1 to 60 common words, a third with one in the summary, in two projects, made at
   * random times over a year: neither their strength nor their time follows the order of saving.
   */
  private List<ChunkMeta> saveChunks(int count) {
    return saveChunks(count, END);
  }

  /** {@link #saveChunks(int)} made in the year before {@code newest}. */
  private List<ChunkMeta> saveChunks(int count, Instant newest) {
    List<ChunkDraft> drafts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      StringBuilder body = new StringBuilder();
      int length = 1 + random.nextInt(60);
      for (int word = 0; word < length; word++) {
        body.append(WORDS[random.nextInt(WORDS.length)]).append(' ');
      }
      drafts.add(
          draft(
              "p" + random.nextInt(2),
              newest.minus(Duration.ofMinutes(random.nextInt(365 * 24 * 60))),
              random.nextInt(3) == 0 ? WORDS[random.nextInt(WORDS.length)] : "",
              body.toString()));
    }
    return store.append(drafts).stream().map(chunk -> chunk.meta()).toList();
  }

  /**
   * Chunks made in the last minutes with every word once: recent, and nowhere near the strongest.
   */
  private List<ChunkMeta> saveRecent(int count, String body) {
    List<ChunkDraft> drafts = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      drafts.add(draft("p0", END.minus(Duration.ofMinutes(i)), "", body));
    }
    return store.append(drafts).stream().map(chunk -> chunk.meta()).toList();
  }

  /** The queries in every rank, searched now and a year after the newest chunk. */
  private static List<SearchQuery> queries() {
    List<SearchQuery> out = new ArrayList<>();
    for (String text : QUERIES) {
      for (RankMode rank : RankMode.values()) {
        for (Instant now : List.of(END, END.plus(Duration.ofDays(365)))) {
          out.add(SearchQuery.of(text).withRank(rank).withNow(now));
        }
      }
    }
    out.add(
        SearchQuery.of("alpha beta").withNow(END).withFilter(ChunkFilter.all().withProject("p1")));
    return out;
  }

  /** What the search of the lists gives, with a connection of its own and short lists. */
  private Optional<List<SearchHit>> fromLists(SearchQuery query) throws SQLException {
    SqliteFile file = SqliteFile.open(database.file(), SqliteOptions.defaults());
    try (Connection connection = file.connection()) {
      return FtsSearch.searchWordLists(new ChunkRows(file, SHORT), query);
    }
  }

  private List<String> ids(List<SearchHit> hits) {
    return hits.stream().map(hit -> hit.meta().id().toString()).toList();
  }

  private List<String> scanned(SearchQuery query) {
    return ids(ScanSearch.search(store.readAll(store.list(ChunkFilter.all(), 10_000)), query));
  }

  private void assertListsGiveTheRankingOfEveryMatch() throws SQLException {
    int answered = 0;
    for (SearchQuery query : queries()) {
      Optional<List<SearchHit>> listed = fromLists(query);
      if (listed.isPresent()) {
        answered++;
        assertThat(ids(listed.get())).as(query.toString()).isEqualTo(scanned(query));
        assertThat(listed.get()).as(query.toString()).isEqualTo(store.search(query));
      }
    }
    assertThat(answered).as("queries the lists answered").isGreaterThan(queries().size() / 2);
  }

  private long listedWords() throws SQLException {
    return Long.parseLong(database.query("SELECT count(*) FROM word_lists").strip());
  }

  @Test
  void listsGiveExactlyTheHitsOfRankingEveryMatch() throws SQLException {
    saveChunks(400);

    assertListsGiveTheRankingOfEveryMatch();
    assertThat(listedWords()).isEqualTo(WORDS.length);
  }

  @Test
  void aSearchMakesTheListsOfItsCommonWordsAndAnswersFromThem() throws SQLException {
    saveChunks(400);
    SearchQuery query = SearchQuery.of("alpha beta").withNow(END);
    SqliteFile file = SqliteFile.open(database.file(), SqliteOptions.defaults());
    try (Connection connection = file.connection()) {
      assertThat(ids(FtsSearch.search(new ChunkRows(file, SHORT), query)))
          .isEqualTo(scanned(query));
    }

    assertThat(database.query("SELECT word FROM word_lists ORDER BY word"))
        .isEqualTo("alpha\nbeta\n");
  }

  @Test
  void theNewestMatchesComeFromTheListsNewestChunks() throws SQLException {
    saveChunks(400);

    // not "beta -kappa": few of the newest chunks holding beta lack kappa, so the lists cannot tell
    for (String text : List.of("alpha", "alpha beta", "gamma delta omega", "omega OR kappa")) {
      SearchQuery query = SearchQuery.of(text).withRank(RankMode.RECENT).withNow(END);
      assertThat(fromLists(query).map(this::ids)).as(text).contains(scanned(query));
    }
  }

  @Test
  void aChunkHoldingOneWordOfAnOrIsBoundByTheCutOfThatWordsList() throws SQLException {
    List<ChunkDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 100; i++) { // the newest holders of alpha, in p0
      drafts.add(draft("p0", END.minus(Duration.ofHours(i)), "", "alpha ".repeat(1 + i % 5)));
    }
    for (int i = 0; i < 70; i++) { // older holders of alpha, in p1
      drafts.add(draft("p1", END.minus(Duration.ofDays(200).plusHours(i)), "", "alpha x"));
    }
    for (int i = 0; i < 70; i++) { // holders of zeta, far older, in p1
      drafts.add(
          draft(
              "p1", END.minus(Duration.ofDays(1000).plusHours(i)), "", "zeta ".repeat(1 + i % 5)));
    }
    store.append(drafts);
    SearchQuery query =
        SearchQuery.of("alpha OR zeta")
            .withRank(RankMode.RECENT)
            .withNow(END)
            .withFilter(ChunkFilter.all().withProject("p1"));

    Optional<List<SearchHit>> listed = fromLists(query);

    listed.ifPresent(hits -> assertThat(ids(hits)).isEqualTo(scanned(query)));
    assertThat(ids(store.search(query))).isEqualTo(scanned(query));
  }

  /** A user's chunk in a session of its own. */
  private ChunkDraft draft(String project, Instant created, String summary, String body) {
    return new ChunkDraft(
        project,
        "t",
        "s" + saved++,
        created,
        List.of(Actor.USER),
        "cli",
        List.of(),
        summary,
        Map.of(),
        body);
  }

  @Test
  void listsTakeInTheChunksSavedAfterThem() throws SQLException {
    saveChunks(300);
    assertListsGiveTheRankingOfEveryMatch();
    String before = database.query("SELECT word, through FROM word_lists ORDER BY word");

    saveChunks(2); // fewer than the lists' fresh matches: scored one by one
    assertListsGiveTheRankingOfEveryMatch();
    saveChunks(200); // then taken into the lists
    assertListsGiveTheRankingOfEveryMatch();

    assertThat(database.query("SELECT word, through FROM word_lists ORDER BY word"))
        .isNotEqualTo(before);
  }

  @Test
  void theChunksSavedAfterTheListsAreFoundBeforeTheListsTakeThemIn() throws SQLException {
    saveChunks(300);
    assertListsGiveTheRankingOfEveryMatch();

    List<ChunkMeta> best = saveRecent(2, "alpha beta ".repeat(30));
    SearchQuery query = SearchQuery.of("alpha beta").withNow(END);

    assertThat(fromLists(query).orElseThrow().subList(0, 2))
        .extracting(hit -> hit.meta().id())
        .containsExactlyInAnyOrderElementsOf(best.stream().map(ChunkMeta::id).toList());
  }

  @Test
  void recentChunksWhereNoWordIsStrongStillWinByTheirRecency() throws SQLException {
    saveChunks(300, END.minus(Duration.ofDays(3 * 365)));
    List<ChunkMeta> recent = saveRecent(3, String.join(" ", WORDS));
    SearchQuery query = SearchQuery.of("alpha beta").withNow(END);

    List<SearchHit> hits = fromLists(query).orElseThrow();

    assertThat(ids(hits)).isEqualTo(scanned(query));
    assertThat(hits.subList(0, 3))
        .extracting(hit -> hit.meta().id())
        .containsExactlyInAnyOrderElementsOf(recent.stream().map(ChunkMeta::id).toList());
  }

  @Test
  void removingAChunkForgetsTheListsThatHoldIt() throws SQLException {
    List<ChunkMeta> chunks = saveChunks(300);
    assertListsGiveTheRankingOfEveryMatch();

    store.delete(List.of(chunks.get(17).id()));

    assertThat(listedWords()).isZero();
    assertListsGiveTheRankingOfEveryMatch();
  }

  @Test
  void indexingAChunkAgainForgetsTheLists() throws SQLException {
    saveChunks(300);
    assertListsGiveTheRankingOfEveryMatch();

    database.sql("DELETE FROM chunks_fts WHERE rowid = 5");
    store.verify(true);

    assertThat(listedWords()).isZero();
    assertListsGiveTheRankingOfEveryMatch();
  }

  @Test
  void aReadOnlyDatabaseIsSearchedWithoutWritingLists() throws SQLException {
    saveChunks(300);
    SqliteFile file = SqliteFile.openReadOnly(database.file(), SqliteOptions.defaults());
    try (Connection connection = file.connection()) {
      SearchQuery query = SearchQuery.of("alpha beta").withNow(END);

      assertThat(FtsSearch.searchWordLists(new ChunkRows(file, SHORT), query)).isEmpty();
      assertThat(ids(FtsSearch.search(new ChunkRows(file, SHORT), query)))
          .isEqualTo(scanned(query));
    }
    assertThat(listedWords()).isZero();
  }

  @Test
  void aSearchDoesNotWaitForAnotherWriterToMakeLists() throws SQLException {
    saveChunks(300);
    try (Connection writer = DriverManager.getConnection("jdbc:sqlite:" + database.file());
        Statement statement = writer.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      SearchQuery query = SearchQuery.of("alpha beta").withNow(END);

      assertThat(fromLists(query)).isEmpty();
      statement.execute("ROLLBACK");
    }
    assertThat(listedWords()).isZero();
    assertThat(fromLists(SearchQuery.of("alpha beta").withNow(END))).isPresent();
  }

  @Test
  void aDatabaseThatCannotTakeListsIsSearchedWithoutThem() throws SQLException {
    saveChunks(400);
    database.sql(
        "CREATE TRIGGER no_lists BEFORE INSERT ON word_lists"
            + " BEGIN SELECT RAISE(ABORT, 'disk full'); END");
    SearchQuery query = SearchQuery.of("alpha beta").withNow(END);
    SqliteFile file = SqliteFile.open(database.file(), SqliteOptions.defaults());
    try (Connection connection = file.connection()) {
      assertThat(ids(FtsSearch.search(new ChunkRows(file, SHORT), query)))
          .isEqualTo(scanned(query));
    }

    assertThat(listedWords()).isZero();
  }

  @Test
  void rareWordsGetNoList() throws SQLException {
    saveChunks(30); // no word in more than 60 chunks

    assertThat(fromLists(SearchQuery.of("alpha beta").withNow(END))).isEmpty();
    assertThat(listedWords()).isZero();
  }
}
