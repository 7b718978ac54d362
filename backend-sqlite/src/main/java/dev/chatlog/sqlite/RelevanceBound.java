package dev.chatlog.sqlite;

import dev.chatlog.search.Ranking;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * The highest relevance ({@link Ranking#bm25}) a chunk can have, knowing only the {@code bm25()}
 * that FTS5 gives it. Both are sums over the words and phrases of the query of an idf times the
 * same saturated frequency {@code g_i} ({@code 0 <= g_i < k1 + 1}: the same matches, lengths and
 * weights), FTS5 with its own idf {@code a_i} ({@link #fts5Idf}), chatlog with {@code b_i} ({@link
 * Ranking#idf}). Given FTS5's {@code s = sum(a_i * g_i)}, {@code sum(b_i * g_i)} is largest when
 * the words with the highest {@code b_i / a_i} take as much {@code g_i} as they can first: a
 * concave, piecewise linear function of {@code s}, the least of one line per word and of the sum of
 * every word at its most. It lets FTS5 rank the candidates, and the exact relevance be computed
 * only for those that may still make the top hits.
 */
final class RelevanceBound {
  /** The most a word's saturated frequency can be: {@code k1 + 1}. */
  private static final double MOST = Ranking.K1 + 1;

  private final double[] intercepts;
  private final double[] slopes;
  private final double ceiling;

  private RelevanceBound(double[] intercepts, double[] slopes, double ceiling) {
    this.intercepts = intercepts;
    this.slopes = slopes;
    this.ceiling = ceiling;
  }

  /**
   * The bound for one query.
   *
   * @param fts5Idf per word or phrase, FTS5's idf of it ({@link #fts5Idf})
   * @param idf per word or phrase, chatlog's idf of it ({@link Ranking#idf})
   */
  static RelevanceBound of(double[] fts5Idf, double[] idf) {
    List<Integer> byRatio =
        IntStream.range(0, idf.length)
            .boxed()
            .sorted(Comparator.comparingDouble(i -> -idf[i] / fts5Idf[i]))
            .toList();
    double[] intercepts = new double[idf.length];
    double[] slopes = new double[idf.length];
    double spent = 0; // of FTS5's relevance, by the words filled so far
    double gained = 0; // of chatlog's relevance, by the same words
    for (int piece = 0; piece < byRatio.size(); piece++) {
      int word = byRatio.get(piece);
      slopes[piece] = idf[word] / fts5Idf[word];
      intercepts[piece] = gained - slopes[piece] * spent;
      spent += fts5Idf[word] * MOST;
      gained += idf[word] * MOST;
    }
    return new RelevanceBound(intercepts, slopes, gained);
  }

  /**
   * FTS5's inverse document frequency, as its {@code bm25()} computes it: {@code ln((N - n + 0.5) /
   * (n + 0.5))}, {@code 1e-6} when that is not positive (a word in half the rows or more).
   */
  static double fts5Idf(long documents, long matching) {
    double idf = Math.log((documents - matching + 0.5) / (matching + 0.5));
    return idf <= 0 ? 1e-6 : idf;
  }

  /** The most relevance a chunk whose FTS5 relevance ({@code -bm25()}) is {@code fts5} can have. */
  double at(double fts5) {
    double most = ceiling;
    for (int piece = 0; piece < slopes.length; piece++) {
      most = Math.min(most, intercepts[piece] + slopes[piece] * fts5);
    }
    return most;
  }

  /** {@link #at} as an SQL expression of {@code column}, with one parameter per number. */
  String sql(String column) {
    List<String> terms = new ArrayList<>();
    terms.add("?");
    for (int piece = 0; piece < slopes.length; piece++) {
      terms.add("? + ? * " + column);
    }
    return "min(" + String.join(", ", terms) + ")";
  }

  /** Binds the parameters of {@link #sql} from index {@code first}; returns the next free one. */
  int bind(PreparedStatement statement, int first) throws SQLException {
    int next = first;
    statement.setDouble(next++, ceiling);
    for (int piece = 0; piece < slopes.length; piece++) {
      statement.setDouble(next++, intercepts[piece]);
      statement.setDouble(next++, slopes[piece]);
    }
    return next;
  }
}
