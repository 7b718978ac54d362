package dev.chatlog.search;

import static java.util.Objects.requireNonNull;

import dev.chatlog.model.ChunkFilter;
import java.time.Duration;
import java.time.Instant;

/**
 * A full-text search.
 *
 * @param text the query in chatlog's syntax: words (all must match), {@code "phrases"}, {@code
 *     prefix*}, {@code -excluded}, {@code OR} (see {@link QueryParser})
 * @param filter the same filters as a retrieve
 * @param limit most hits to return, at least 1
 * @param rank how to order hits
 * @param halfLife recency half-life of {@link RankMode#BALANCED}, positive
 * @param now the instant recency is measured from
 */
public record SearchQuery(
    String text, ChunkFilter filter, int limit, RankMode rank, Duration halfLife, Instant now) {
  /** Hits returned when no limit is given. */
  public static final int DEFAULT_LIMIT = 10;

  /** The recency half-life when {@code CHM_SEARCH_HALF_LIFE} is not set. */
  public static final Duration DEFAULT_HALF_LIFE = Duration.ofDays(30);

  public SearchQuery {
    requireNonNull(text, "text is null");
    requireNonNull(filter, "filter is null");
    requireNonNull(rank, "rank is null");
    requireNonNull(halfLife, "halfLife is null");
    requireNonNull(now, "now is null");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("halfLife must be positive: " + halfLife);
    }
  }

  /** A search of every chunk with the defaults: 10 hits, balanced, 30 days, now. */
  public static SearchQuery of(String text) {
    return new SearchQuery(
        text,
        ChunkFilter.all(),
        DEFAULT_LIMIT,
        RankMode.BALANCED,
        DEFAULT_HALF_LIFE,
        Instant.now());
  }

  public SearchQuery withFilter(ChunkFilter value) {
    return new SearchQuery(text, value, limit, rank, halfLife, now);
  }

  public SearchQuery withLimit(int value) {
    return new SearchQuery(text, filter, value, rank, halfLife, now);
  }

  public SearchQuery withRank(RankMode value) {
    return new SearchQuery(text, filter, limit, value, halfLife, now);
  }

  public SearchQuery withHalfLife(Duration value) {
    return new SearchQuery(text, filter, limit, rank, value, now);
  }

  public SearchQuery withNow(Instant value) {
    return new SearchQuery(text, filter, limit, rank, halfLife, value);
  }

  /** The parsed query; a malformed one is an {@link dev.chatlog.error.InvalidInputException}. */
  public QueryNode parsed() {
    return QueryParser.parse(text);
  }
}
