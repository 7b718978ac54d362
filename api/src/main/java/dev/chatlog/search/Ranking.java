package dev.chatlog.search;

import dev.chatlog.model.ChunkMeta;
import java.time.Duration;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;

/**
 * How every backend turns a text match into a score: the one formula of the scan, the SQLite store
 * and the local index of the blob stores, so that they rank alike.
 *
 * <ul>
 *   <li>relevance: BM25 ({@code k1 = 1.2}, {@code b = 0.75}, field weights of {@link SearchField})
 *       with the inverse document frequency of Lucene, which stays positive however common a word
 *       is ({@link #idf});
 *   <li>recency: {@code 0.5^(age / halfLife)}, 1 for a chunk made now;
 *   <li>score: {@link RankMode#BALANCED} is {@code relevance * (0.5 + 0.5 * recency)}, so age at
 *       most halves a match and never outweighs matching more words by much; {@link
 *       RankMode#RELEVANCE} is the relevance alone; {@link RankMode#RECENT} is the recency (hits
 *       are newest first).
 * </ul>
 *
 * Ties are broken newest first, then by id.
 *
 * @since 0.1.0
 */
public final class Ranking {
  /** BM25 term-frequency saturation. */
  public static final double K1 = 1.2;

  /** BM25 length normalisation. */
  public static final double B = 0.75;

  /** The share of the relevance a {@link RankMode#BALANCED} score keeps however old the chunk. */
  public static final double RECENCY_FLOOR = 0.5;

  private static final Comparator<SearchHit> NEWEST_FIRST =
      Comparator.comparing((SearchHit hit) -> hit.meta().created())
          .thenComparing(hit -> hit.meta().id())
          .reversed();

  private static final Comparator<SearchHit> BEST_FIRST =
      Comparator.comparingDouble(SearchHit::score).reversed().thenComparing(NEWEST_FIRST);

  private Ranking() {}

  /** {@code 0.5^(age / halfLife)}; a chunk from the future counts as made now. */
  public static double recency(Instant created, Instant now, Duration halfLife) {
    double ageSeconds = Math.max(0, seconds(Duration.between(created, now)));
    return Math.pow(0.5, ageSeconds / seconds(halfLife));
  }

  /** The final score of a hit in the given mode. */
  public static double score(RankMode mode, double relevance, double recency) {
    return switch (mode) {
      case BALANCED -> relevance * (RECENCY_FLOOR + (1 - RECENCY_FLOOR) * recency);
      case RELEVANCE -> relevance;
      case RECENT -> recency;
    };
  }

  /** The order of hits in the given mode: best first. */
  public static Comparator<SearchHit> order(RankMode mode) {
    if (mode == RankMode.RECENT) {
      return NEWEST_FIRST;
    }
    return BEST_FIRST;
  }

  /** A hit with its recency and score computed for {@code query}. */
  public static SearchHit hit(
      ChunkMeta meta, double relevance, SearchQuery query, Snippets.Snippet snippet) {
    double recency = recency(meta.created(), query.now(), query.halfLife());
    return new SearchHit(
        meta,
        score(query.rank(), relevance, recency),
        relevance,
        recency,
        snippet.text(),
        snippet.highlights());
  }

  /**
   * BM25 inverse document frequency as Lucene computes it: {@code ln(1 + (N - n + 0.5) / (n +
   * 0.5))}. It stays positive for a word found in every document, so that a common word still ranks
   * a chunk that holds it often, or in its summary, above one that mentions it once; FTS5's {@code
   * ln((N - n + 0.5) / (n + 0.5))} drops to a constant {@code 1e-6} past half the documents, where
   * every match ties.
   *
   * @param documents how many documents the collection holds
   * @param matching how many of them match the word or phrase
   */
  public static double idf(long documents, long matching) {
    return Math.log(1 + (documents - matching + 0.5) / (matching + 0.5));
  }

  /**
   * BM25 of one document: per word or phrase, {@code idf * f * (k1 + 1) / (f + k1 * (1 - b + b *
   * length / averageLength))}, where {@code f} weighs its matches by {@link SearchField#weight()}.
   *
   * @param idf the {@link #idf} of each query phrase
   * @param hits per phrase, the number of matches in each {@link SearchField}
   * @param length tokens in the document, all fields together
   * @param averageLength average tokens per document
   */
  public static double bm25(double[] idf, List<int[]> hits, long length, double averageLength) {
    double score = 0;
    SearchField[] fields = SearchField.values();
    for (int phrase = 0; phrase < idf.length; phrase++) {
      double weighted = 0;
      for (int field = 0; field < fields.length; field++) {
        weighted += fields[field].weight() * hits.get(phrase)[field];
      }
      double norm = K1 * (1 - B + B * length / Math.max(averageLength, 1e-9));
      score += idf[phrase] * (weighted * (K1 + 1)) / (weighted + norm);
    }
    return score;
  }

  private static double seconds(Duration duration) {
    return duration.getSeconds() + duration.getNano() / 1e9;
  }
}
