package dev.chatlog.sqlite;

import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.ChunkMatch;
import dev.chatlog.search.CollectionStatistics;
import dev.chatlog.search.QueryNode;
import dev.chatlog.search.QueryParser;
import dev.chatlog.search.RankMode;
import dev.chatlog.search.Ranking;
import dev.chatlog.search.SearchField;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.search.Snippets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.PriorityQueue;
import java.util.stream.Collectors;

/**
 * Full-text search over the {@code chunks} and {@code chunks_fts} tables: the one search of the
 * SQLite store and of the local search index of the blob stores. FTS5 finds the chunks that match;
 * their relevance is chatlog's ({@link Ranking}, {@link ChunkMatch}), exactly as the scan computes
 * it, with the collection's statistics read from FTS5. FTS5's own {@code bm25()} has another idf,
 * so it only orders the candidates by the most relevance each can have ({@link RelevanceBound}):
 * candidates are scored in that order until none left can beat the hits found.
 */
final class FtsSearch {
  /** Candidates ranked by FTS5 in one go; more when those were not enough. */
  private static final int FIRST_FETCH = 64;

  /** Room for rounding between FTS5's and chatlog's computation of the same numbers. */
  private static final double MARGIN = 1e-9;

  /** The weights of {@code bm25()}, one per column of {@code chunks_fts}. */
  private static final String WEIGHTS =
      Arrays.stream(SearchField.values())
          .map(field -> Double.toString(field.weight()))
          .collect(Collectors.joining(", "));

  private static final Snippets.Snippet NO_SNIPPET = new Snippets.Snippet("", List.of());

  private FtsSearch() {}

  /**
   * The best hits of a query in the database of {@code rows}, read in one transaction. Not to be
   * called inside a transaction that wrote search rows: FTS5 writes its totals when one ends.
   */
  static List<SearchHit> search(ChunkRows rows, SearchQuery query) {
    QueryNode parsed = QueryParser.parse(query.text());
    return Jdbc.inReadTransaction(
        rows.connection(), "search " + rows.location(), () -> search(rows, parsed, query));
  }

  private static List<SearchHit> search(ChunkRows rows, QueryNode parsed, SearchQuery query)
      throws SQLException {
    List<QueryNode> leaves = parsed.positiveLeaves();
    CollectionStatistics statistics = statistics(rows.connection(), leaves);
    if (statistics.documents() == 0) {
      return List.of();
    }
    Scorer scorer = new Scorer(rows, parsed, leaves, statistics, query);
    List<Scored> best =
        query.rank() == RankMode.RECENT
            ? scorer.newest()
            : scorer.best(RelevanceBound.of(fts5Idf(statistics), statistics.idf()));
    return best.stream()
        .map(scored -> scored.hit().withSnippet(Snippets.of(scored.body(), parsed)))
        .toList();
  }

  /**
   * The collection's statistics: chunks and tokens from FTS5's totals, and per word or phrase the
   * chunks that match it.
   */
  private static CollectionStatistics statistics(Connection connection, List<QueryNode> leaves)
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
            count.setString(1, match);
            try (ResultSet result = count.executeQuery()) {
              result.next();
              known = result.getLong(1);
            }
            counted.put(match, known);
          }
          matching[leaf] = known;
        }
      }
    }
    return new CollectionStatistics(totals.rows(), totals.tokens(), matching);
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
              + WEIGHTS
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

    /** A matching chunk with its score, relevance and recency. */
    private Scored score(PreparedStatement read, long rowid) throws SQLException {
      read.setLong(1, rowid);
      try (ResultSet result = read.executeQuery()) {
        result.next();
        ChunkMeta meta = rows.meta(result, 0);
        String body = result.getString(rows.metaColumnCount() + 1);
        double relevance = statistics.relevance(ChunkMatch.of(parsed, leaves, meta, body));
        return new Scored(Ranking.hit(meta, relevance, query, NO_SNIPPET), body);
      }
    }
  }

  private static double seconds(SearchQuery query) {
    return query.halfLife().getSeconds() + query.halfLife().getNano() / 1e9;
  }
}
