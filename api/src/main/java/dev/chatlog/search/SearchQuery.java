package dev.chatlog.search;

import static java.util.Objects.requireNonNull;

import dev.chatlog.model.ChunkFilter;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

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
 * @param indexFolder where a store without an index of its own keeps its {@link LocalSearchIndex}
 *     (the CLI passes {@code ${XDG_CACHE_HOME:-~/.cache}/chatlog} from its settings); empty for the
 *     index's default folder. Stores with an index of their own ignore it.
 * @since 0.1.0
 */
public record SearchQuery(
    String text,
    ChunkFilter filter,
    int limit,
    RankMode rank,
    Duration halfLife,
    Instant now,
    Optional<Path> indexFolder) {
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
    requireNonNull(indexFolder, "indexFolder is null");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
    if (halfLife.isNegative() || halfLife.isZero()) {
      throw new IllegalArgumentException("halfLife must be positive: " + halfLife);
    }
  }

  /** A search whose local index, if any, is kept in the index's default folder. */
  public SearchQuery(
      String text, ChunkFilter filter, int limit, RankMode rank, Duration halfLife, Instant now) {
    this(text, filter, limit, rank, halfLife, now, Optional.empty());
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
    return new SearchQuery(text, value, limit, rank, halfLife, now, indexFolder);
  }

  public SearchQuery withLimit(int value) {
    return new SearchQuery(text, filter, value, rank, halfLife, now, indexFolder);
  }

  public SearchQuery withRank(RankMode value) {
    return new SearchQuery(text, filter, limit, value, halfLife, now, indexFolder);
  }

  public SearchQuery withHalfLife(Duration value) {
    return new SearchQuery(text, filter, limit, rank, value, now, indexFolder);
  }

  public SearchQuery withNow(Instant value) {
    return new SearchQuery(text, filter, limit, rank, halfLife, value, indexFolder);
  }

  /** This search with its local index kept in {@code folder}. */
  public SearchQuery withIndexFolder(Path folder) {
    return new SearchQuery(
        text,
        filter,
        limit,
        rank,
        halfLife,
        now,
        Optional.of(requireNonNull(folder, "folder is null")));
  }

  /** The parsed query; a malformed one is an {@link dev.chatlog.error.InvalidInputException}. */
  public QueryNode parsed() {
    return QueryParser.parse(text);
  }
}
