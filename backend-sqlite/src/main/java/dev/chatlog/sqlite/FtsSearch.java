package dev.chatlog.sqlite;

import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.QueryNode;
import dev.chatlog.search.QueryParser;
import dev.chatlog.search.RankMode;
import dev.chatlog.search.Ranking;
import dev.chatlog.search.SearchField;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.search.Snippets;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Full-text search over the {@code chunks} and {@code chunks_fts} tables: the one search query of
 * the SQLite store and of the local search index of the blob stores.
 */
final class FtsSearch {
  private FtsSearch() {}

  /** The best hits of a query in the database of {@code rows}. */
  static List<SearchHit> search(ChunkRows rows, SearchQuery query) throws SQLException {
    QueryNode parsed = QueryParser.parse(query.text());
    SqlFilter where = SqlFilter.of(query.filter());
    String score =
        switch (query.rank()) {
          case RELEVANCE -> "m.relevance";
          case RECENT -> "c.created";
          case BALANCED ->
              "m.relevance * ("
                  + Ranking.RECENCY_FLOOR
                  + " + "
                  + (1 - Ranking.RECENCY_FLOOR)
                  + " * pow(0.5, max(0, ? - c.created) / 1e9 / ?))";
        };
    String sql =
        "WITH m AS (SELECT rowid AS rid, -bm25(chunks_fts, "
            + weights()
            + ") AS relevance FROM chunks_fts WHERE chunks_fts MATCH ?),"
            + " top AS (SELECT c.rowid AS rid, m.relevance AS relevance, "
            + score
            + " AS score, c.created AS created, c.id AS id"
            + " FROM m JOIN chunks c ON c.rowid = m.rid WHERE "
            + where.sql()
            + " ORDER BY score DESC, created DESC, id DESC LIMIT ?)"
            + " SELECT "
            + ChunkRows.META_COLUMNS
            + ", c.body, top.relevance FROM top JOIN chunks c ON c.rowid = top.rid";
    try (PreparedStatement statement = rows.connection().prepareStatement(sql)) {
      int next = 1;
      statement.setString(next++, FtsQuery.of(parsed));
      if (query.rank() == RankMode.BALANCED) {
        statement.setLong(next++, ChunkRows.nanos(query.now()));
        statement.setDouble(
            next++, query.halfLife().getSeconds() + query.halfLife().getNano() / 1e9);
      }
      next = where.bind(statement, next);
      statement.setInt(next, query.limit());
      List<SearchHit> hits = new ArrayList<>();
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          ChunkMeta meta = rows.meta(result, 0);
          Snippets.Snippet snippet = Snippets.of(result.getString(14), parsed);
          hits.add(Ranking.hit(meta, result.getDouble(15), query, snippet));
        }
      }
      hits.sort(Ranking.order(query.rank()));
      return List.copyOf(hits);
    }
  }

  private static String weights() {
    List<String> weights = new ArrayList<>();
    for (SearchField field : SearchField.values()) {
      weights.add(Double.toString(field.weight()));
    }
    return String.join(", ", weights);
  }
}
