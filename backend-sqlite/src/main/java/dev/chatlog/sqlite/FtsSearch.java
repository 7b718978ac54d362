package dev.chatlog.sqlite;

import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.ChunkMatch;
import dev.chatlog.search.CollectionStatistics;
import dev.chatlog.search.QueryNode;
import dev.chatlog.search.QueryParser;
import dev.chatlog.search.RankMode;
import dev.chatlog.search.Ranking;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.search.Snippets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * Full-text search over the {@code chunks} and {@code chunks_fts} tables: the one search of the
 * SQLite store and of the local search index of the blob stores. FTS5 finds the chunks that match;
 * their relevance is chatlog's ({@link Ranking}, {@link ChunkMatch}), exactly as the scan computes
 * it, with the collection's statistics read from FTS5. FTS5's own {@code bm25()} has another idf,
 * so it only orders the candidates by the most relevance each can have ({@link RelevanceBound}):
 * candidates are scored in that order until none left can beat the hits found. A query of common
 * words alone is first answered from their lists ({@link WordLists}), which spare ranking every
 * match when they can tell the best hits.
 */
final class FtsSearch {
  /** Candidates ranked by FTS5 in one go; more when those were not enough. */
  private static final int FIRST_FETCH = 64;

  /** Room for rounding between FTS5's and chatlog's computation of the same numbers. */
  private static final double MARGIN = 1e-9;

  private static final Snippets.Snippet NO_SNIPPET = new Snippets.Snippet("", List.of());

  private FtsSearch() {}

  /**
   * The best hits of a query in the database of {@code rows}, read in one transaction, after the
   * lists of its words were made or brought up to date where they need it and the database allows.
   * Not to be called inside a transaction that wrote search rows: FTS5 writes its totals when one
   * ends.
   */
  static List<SearchHit> search(ChunkRows rows, SearchQuery query) {
    QueryNode parsed = QueryParser.parse(query.text());
    List<String> words = listedWords(rows, parsed);
    Optional<List<SearchHit>> hits =
        inReadTransaction(rows, () -> answer(rows, parsed, query, words, rows.writable()));
    if (hits.isEmpty()) { // lists to make or extend first
      refresh(rows, words);
      hits = inReadTransaction(rows, () -> answer(rows, parsed, query, words, false));
    }
    return hits.orElseThrow();
  }

  /**
   * The best hits as the lists of the query's words ({@link WordLists}) alone give them, made or
   * brought up to date first where the database allows; empty when the query is not one of words
   * alone, or the lists cannot tell.
   */
  static Optional<List<SearchHit>> searchWordLists(ChunkRows rows, SearchQuery query) {
    QueryNode parsed = QueryParser.parse(query.text());
    List<String> words = listedWords(rows, parsed);
    if (words.isEmpty()) {
      return Optional.empty();
    }
    refresh(rows, words);
    return inReadTransaction(
        rows,
        () -> {
          List<QueryNode> leaves = parsed.positiveLeaves();
          Map<String, WordLists.WordList> lists = WordLists.read(rows.connection(), words);
          if (lists.size() < words.size()) {
            return Optional.empty();
          }
          CollectionStatistics statistics = statistics(rows.connection(), leaves, lists);
          return new Scorer(rows, parsed, leaves, statistics, query)
              .fromLists(lists)
              .map(best -> withSnippets(best, parsed));
        });
  }

  /** The words whose lists may answer the query. */
  private static List<String> listedWords(ChunkRows rows, QueryNode parsed) {
    return WordLists.words(rows, parsed.positiveLeaves());
  }

  /**
   * Makes or extends the lists the query's words need. A database that cannot take them now (a full
   * disk, a file made read-only since it was opened) is searched without them: the lists only spare
   * work, and whatever stopped them shows on the next write of chunks.
   */
  private static void refresh(ChunkRows rows, List<String> words) {
    try {
      rows.wordLists().refresh(rows, words);
    } catch (SQLException e) {
      // searched by ranking every match instead
    }
  }

  private static <T> T inReadTransaction(ChunkRows rows, Jdbc.Work<T> work) {
    return Jdbc.inReadTransaction(rows.connection(), "search " + rows.location(), work);
  }

  /**
   * The best hits: from the lists of the query's words when they can tell, else by ranking every
   * match. Empty when {@code refreshFirst} and a word's list is missing or behind.
   */
  private static Optional<List<SearchHit>> answer(
      ChunkRows rows, QueryNode parsed, SearchQuery query, List<String> words, boolean refreshFirst)
      throws SQLException {
    List<QueryNode> leaves = parsed.positiveLeaves();
    Map<String, WordLists.WordList> lists = WordLists.read(rows.connection(), words);
    CollectionStatistics statistics = statistics(rows.connection(), leaves, lists);
    if (refreshFirst
        && !words.isEmpty()
        && rows.wordLists().behind(leaves, lists, statistics.matching())) {
      return Optional.empty();
    }
    if (statistics.documents() == 0) {
      return Optional.of(List.of());
    }
    Scorer scorer = new Scorer(rows, parsed, leaves, statistics, query);
    if (!words.isEmpty() && lists.size() == words.size()) {
      Optional<List<Scored>> listed = scorer.fromLists(lists);
      if (listed.isPresent()) {
        return Optional.of(withSnippets(listed.get(), parsed));
      }
    }
    return Optional.of(
        withSnippets(
            query.rank() == RankMode.RECENT
                ? scorer.newest()
                : scorer.best(RelevanceBound.of(fts5Idf(statistics), statistics.idf())),
            parsed));
  }

  private static List<SearchHit> withSnippets(List<Scored> best, QueryNode parsed) {
    return best.stream()
        .map(scored -> scored.hit().withSnippet(Snippets.of(scored.body(), parsed)))
        .toList();
  }

  /**
   * The collection's statistics: chunks and tokens from FTS5's totals, and per word or phrase the
   * chunks that match it, counted from the word's list and the chunks after it when it has one.
   */
  private static CollectionStatistics statistics(
      Connection connection, List<QueryNode> leaves, Map<String, WordLists.WordList> lists)
      throws SQLException {
    Fts5Totals totals = Fts5Totals.read(connection);
    long[] matching = new long[leaves.size()];
    if (totals.rows() > 0) {
      Map<String, Long> counted = new HashMap<>();
      try (PreparedStatement count =
          connection.prepareStatement("SELECT count(*) FROM chunks_fts WHERE chunks_fts MATCH ?")) {
        for (int leaf = 0; leaf < leaves.size(); leaf++) {
          String match = FtsQuery.of(leaves.get(leaf));
          Long known = counted.get(match);
          if (known == null) {
            WordLists.WordList list =
                leaves.get(leaf) instanceof QueryNode.Term term ? lists.get(term.token()) : null;
            known =
                list == null
                    ? count(count, match)
                    : list.matching()
                        + WordLists.countAfter(connection, list.word(), list.through());
            counted.put(match, known);
          }
          matching[leaf] = known;
        }
      }
    }
    return new CollectionStatistics(totals.rows(), totals.tokens(), matching);
  }

  private static long count(PreparedStatement count, String match) throws SQLException {
    count.setString(1, match);
    try (ResultSet result = count.executeQuery()) {
      result.next();
      return result.getLong(1);
    }
  }

  private static double[] fts5Idf(CollectionStatistics statistics) {
    double[] idf = new double[statistics.matching().length];
    for (int leaf = 0; leaf < idf.length; leaf++) {
      idf[leaf] = RelevanceBound.fts5Idf(statistics.documents(), statistics.matching()[leaf]);
    }
    return idf;
  }

  /** A hit, and the body its snippet is cut from. */
  private record Scored(SearchHit hit, String body) {}

  /** A chunk FTS5 found, with the most score it can have. */
  private record Candidate(long rowid, double most) {}

  /** Finds the candidates of one search and scores them. */
  private static final class Scorer {
    private final ChunkRows rows;
    private final QueryNode parsed;
    private final List<QueryNode> leaves;
    private final CollectionStatistics statistics;
    private final SearchQuery query;
    private final SqlFilter where;
    private final Comparator<SearchHit> order;

    Scorer(
        ChunkRows rows,
        QueryNode parsed,
        List<QueryNode> leaves,
        CollectionStatistics statistics,
        SearchQuery query) {
      this.rows = rows;
      this.parsed = parsed;
      this.leaves = leaves;
      this.statistics = statistics;
      this.query = query;
      this.where = SqlFilter.of(query.filter());
      this.order = Ranking.order(query.rank());
    }

    /** {@link RankMode#RECENT}: the newest matches, each with its relevance. */
    List<Scored> newest() throws SQLException {
      String sql =
          "SELECT c.rowid FROM chunks_fts f JOIN chunks c ON c.rowid = f.rowid"
              + " WHERE chunks_fts MATCH ? AND "
              + where.sql()
              + " ORDER BY c.created DESC, c.id DESC LIMIT ?";
      List<Scored> out = new ArrayList<>();
      try (PreparedStatement statement = rows.connection().prepareStatement(sql);
          PreparedStatement read = prepareRead()) {
        statement.setString(1, FtsQuery.of(parsed));
        statement.setInt(where.bind(statement, 2), query.limit());
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            out.add(score(read, result.getLong(1)));
          }
        }
      }
      out.sort((a, b) -> order.compare(a.hit(), b.hit()));
      return out;
    }

    /**
     * {@link RankMode#BALANCED} and {@link RankMode#RELEVANCE}: the best hits. Candidates come most
     * promising first; each is scored exactly until the next one cannot beat the hits kept. When
     * all that FTS5 ranked were scored and more may beat them, it ranks more.
     */
    List<Scored> best(RelevanceBound bound) throws SQLException {
      int fetch = Math.max(FIRST_FETCH, 4 * query.limit());
      while (true) {
        List<Candidate> candidates = candidates(bound, fetch);
        PriorityQueue<Scored> kept =
            new PriorityQueue<>(query.limit() + 1, (a, b) -> order.compare(b.hit(), a.hit()));
        boolean complete = candidates.size() < fetch;
        try (PreparedStatement read = prepareRead()) {
          for (Candidate candidate : candidates) {
            if (kept.size() == query.limit()
                && candidate.most() * (1 + MARGIN) < kept.peek().hit().score()) {
              complete = true;
              break;
            }
            kept.add(score(read, candidate.rowid()));
            if (kept.size() > query.limit()) {
              kept.poll();
            }
          }
        }
        if (complete) {
          List<Scored> out = new ArrayList<>(kept);
          out.sort((a, b) -> order.compare(a.hit(), b.hit()));
          return out;
        }
        fetch *= 8;
      }
    }

    /**
     * The best hits from the lists of the query's words ({@link WordLists}), when they can tell:
     * the chunks saved after the lists are scored one by one, then listed chunks in the order of
     * the most score each can have (its listed {@code g}, the list's floor for a word it is not
     * listed under; in {@link RankMode#RECENT} its recency alone), until none left can beat the
     * hits kept. Empty when the chunks no list holds might still beat them (the floors allow it, or
     * too few listed chunks match the query and its filter), or too many chunks came after the
     * lists: then every match is ranked.
     */
    Optional<List<Scored>> fromLists(Map<String, WordLists.WordList> lists) throws SQLException {
      long through =
          lists.values().stream().mapToLong(WordLists.WordList::through).min().orElseThrow();
      List<Long> fresh = matchesAfter(through, lists.size() * rows.wordLists().fresh() + 1);
      if (fresh.size() > lists.size() * rows.wordLists().fresh()) {
        return Optional.empty();
      }
      ListBound bound = new ListBound(lists, through);
      double unlisted = bound.unlisted();
      PriorityQueue<Scored> kept =
          new PriorityQueue<>(query.limit() + 1, (a, b) -> order.compare(b.hit(), a.hit()));
      try (PreparedStatement read = prepareFilteredRead()) {
        for (long rowid : fresh) {
          keep(kept, scoreIfMatching(read, rowid));
        }
        PriorityQueue<Candidate> candidates = bound.candidates();
        while (!candidates.isEmpty()) {
          Candidate candidate = candidates.poll();
          // past the floors' bound, the candidates left cannot decide alone: checked below
          if (beaten(kept, candidate.most()) || candidate.most() * (1 + MARGIN) < unlisted) {
            break;
          }
          keep(kept, scoreIfMatching(read, candidate.rowid()));
        }
      }
      if (!beaten(kept, unlisted)) {
        return Optional.empty();
      }
      List<Scored> out = new ArrayList<>(kept);
      out.sort((a, b) -> order.compare(a.hit(), b.hit()));
      return Optional.of(out);
    }

    /** Whether a chunk whose score is at most {@code most} cannot enter the hits kept. */
    private boolean beaten(PriorityQueue<Scored> kept, double most) {
      return kept.size() == query.limit() && most * (1 + MARGIN) < kept.peek().hit().score();
    }

    private void keep(PriorityQueue<Scored> kept, Optional<Scored> scored) {
      scored.ifPresent(kept::add);
      if (kept.size() > query.limit()) {
        kept.poll();
      }
    }

    /** The rowids above {@code after} that match the query, at most {@code most} of them. */
    private List<Long> matchesAfter(long after, int most) throws SQLException {
      List<Long> out = new ArrayList<>();
      try (PreparedStatement statement =
          rows.connection()
              .prepareStatement(
                  "SELECT rowid FROM chunks_fts WHERE chunks_fts MATCH ? AND rowid > ? LIMIT ?")) {
        statement.setString(1, FtsQuery.of(parsed));
        statement.setLong(2, after);
        statement.setInt(3, most);
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            out.add(result.getLong(1));
          }
        }
      }
      return out;
    }

    /**
     * The most score chunks up to a rowid can have, from the lists of the query's words: per word
     * its idf times its {@code g} in the chunk, at most the list's floor where the chunk is not
     * listed, times how much a larger average length since can raise it; in {@link
     * RankMode#BALANCED}, with the chunk's recency, or for a chunk no list holds the recency of the
     * lists' latest cut.
     */
    private final class ListBound {
      private final double[] idf = statistics.idf();
      private final double[] floors = new double[leaves.size()];
      private final double[] growth = new double[leaves.size()];
      private final List<WordLists.WordList> byLeaf;
      private final long through;
      private final long cut;

      /** A listed chunk: its time, and its {@code g} per word (the floor where not listed). */
      private record Listed(long created, double[] strengths) {}

      ListBound(Map<String, WordLists.WordList> lists, long through) {
        this.byLeaf =
            leaves.stream().map(leaf -> lists.get(((QueryNode.Term) leaf).token())).toList();
        this.through = through;
        for (int leaf = 0; leaf < leaves.size(); leaf++) {
          floors[leaf] = byLeaf.get(leaf).floor();
          growth[leaf] = Math.max(1, statistics.averageLength() / byLeaf.get(leaf).average());
        }
        // a match holds one of the words, and is older than that word's cut: than the latest one
        this.cut = byLeaf.stream().mapToLong(WordLists.WordList::cut).max().orElseThrow();
      }

      /**
       * The listed chunks up to {@code through}, the most promising first: the lists, each in rowid
       * order, merged, and taken from a heap only as far as the search goes.
       */
      PriorityQueue<Candidate> candidates() {
        List<Candidate> all = new ArrayList<>();
        int[] next = new int[byLeaf.size()];
        while (true) {
          long rowid = Long.MAX_VALUE;
          for (int leaf = 0; leaf < byLeaf.size(); leaf++) {
            long[] rowids = byLeaf.get(leaf).rowids();
            if (next[leaf] < rowids.length) {
              rowid = Math.min(rowid, rowids[next[leaf]]);
            }
          }
          if (rowid > through) {
            PriorityQueue<Candidate> heap =
                new PriorityQueue<>(
                    Math.max(1, all.size()),
                    Comparator.comparingDouble((Candidate candidate) -> -candidate.most()));
            heap.addAll(all);
            return heap;
          }
          Listed chunk = new Listed(0, floors.clone());
          for (int leaf = 0; leaf < byLeaf.size(); leaf++) {
            WordLists.WordList list = byLeaf.get(leaf);
            if (next[leaf] < list.rowids().length && list.rowids()[next[leaf]] == rowid) {
              chunk = new Listed(list.created()[next[leaf]], chunk.strengths());
              chunk.strengths()[leaf] = list.strengths()[next[leaf]++];
            }
          }
          all.add(new Candidate(rowid, most(chunk)));
        }
      }

      /** The most score a chunk no list holds can have. */
      double unlisted() {
        return most(new Listed(cut, floors));
      }

      private double most(Listed chunk) {
        double relevance = 0;
        for (int leaf = 0; leaf < floors.length; leaf++) {
          relevance += idf[leaf] * Math.min(Ranking.K1 + 1, chunk.strengths()[leaf] * growth[leaf]);
        }
        double recency =
            Ranking.recency(ChunkRows.instant(chunk.created()), query.now(), query.halfLife());
        return Ranking.score(query.rank(), relevance, recency);
      }
    }

    /**
     * The {@code fetch} matches with the highest bound on their score, highest first: FTS5's
     * relevance turned into a bound on chatlog's ({@link RelevanceBound}), in the score of the
     * query's rank mode.
     */
    private List<Candidate> candidates(RelevanceBound bound, int fetch) throws SQLException {
      String mostSql =
          query.rank() == RankMode.BALANCED
              ? bound.sql("m.fts")
                  + " * ("
                  + Ranking.RECENCY_FLOOR
                  + " + "
                  + (1 - Ranking.RECENCY_FLOOR)
                  + " * pow(0.5, max(0, ? - c.created) / 1e9 / ?))"
              : bound.sql("m.fts");
      String sql =
          "WITH m AS (SELECT rowid AS rid, -bm25(chunks_fts, "
              + Schema.BM25_WEIGHTS
              + ") AS fts FROM chunks_fts WHERE chunks_fts MATCH ?)"
              + " SELECT c.rowid, m.fts, c.created, "
              + mostSql
              + " AS most FROM m JOIN chunks c ON c.rowid = m.rid WHERE "
              + where.sql()
              + " ORDER BY most DESC, c.created DESC, c.id DESC LIMIT ?";
      List<Candidate> out = new ArrayList<>();
      try (PreparedStatement statement = rows.connection().prepareStatement(sql)) {
        int next = 1;
        statement.setString(next++, FtsQuery.of(parsed));
        next = bound.bind(statement, next);
        if (query.rank() == RankMode.BALANCED) {
          statement.setLong(next++, ChunkRows.nanos(query.now()));
          statement.setDouble(next++, seconds(query));
        }
        next = where.bind(statement, next);
        statement.setInt(next, fetch);
        try (ResultSet result = statement.executeQuery()) {
          while (result.next()) {
            double recency =
                Ranking.recency(
                    ChunkRows.instant(result.getLong(3)), query.now(), query.halfLife());
            double most = Ranking.score(query.rank(), bound.at(result.getDouble(2)), recency);
            out.add(new Candidate(result.getLong(1), most));
          }
        }
      }
      // The order of the numbers computed here, which the stop rule relies on; SQLite's pow() may
      // round differently in the last digits.
      out.sort(Comparator.comparingDouble(candidate -> -candidate.most()));
      return out;
    }

    private PreparedStatement prepareRead() throws SQLException {
      return rows.connection()
          .prepareStatement(
              "SELECT " + rows.metaColumns() + ", c.body FROM chunks c WHERE c.rowid = ?");
    }

    /** A chunk's row, if it passes the query's filter. */
    private PreparedStatement prepareFilteredRead() throws SQLException {
      PreparedStatement read =
          rows.connection()
              .prepareStatement(
                  "SELECT "
                      + rows.metaColumns()
                      + ", c.body FROM chunks c WHERE c.rowid = ? AND "
                      + where.sql());
      where.bind(read, 2);
      return read;
    }

    /** A matching chunk with its score, relevance and recency. */
    private Scored score(PreparedStatement read, long rowid) throws SQLException {
      read.setLong(1, rowid);
      try (ResultSet result = read.executeQuery()) {
        result.next();
        return scored(result, ChunkMatch.of(parsed, leaves, rows.meta(result, 0), body(result)));
      }
    }

    /**
     * A chunk with its score, if it matches the query and passes the filter of the statement
     * ({@link #prepareFilteredRead}).
     */
    private Optional<Scored> scoreIfMatching(PreparedStatement read, long rowid)
        throws SQLException {
      read.setLong(1, rowid);
      try (ResultSet result = read.executeQuery()) {
        if (!result.next()) {
          return Optional.empty();
        }
        ChunkMatch match = ChunkMatch.of(parsed, leaves, rows.meta(result, 0), body(result));
        return match.matches() ? Optional.of(scored(result, match)) : Optional.empty();
      }
    }

    private String body(ResultSet result) throws SQLException {
      return result.getString(rows.metaColumnCount() + 1);
    }

    private Scored scored(ResultSet result, ChunkMatch match) throws SQLException {
      ChunkMeta meta = rows.meta(result, 0);
      return new Scored(
          Ranking.hit(meta, statistics.relevance(match), query, NO_SNIPPET), body(result));
    }
  }

  private static double seconds(SearchQuery query) {
    return query.halfLife().getSeconds() + query.halfLife().getNano() / 1e9;
  }
}
