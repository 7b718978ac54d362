package dev.chatlog.search;

import static java.util.Objects.requireNonNull;

import dev.chatlog.model.ChunkFilter;
import java.time.Duration;
import java.time.Instant;

/**
 * A full-text search.
 *
 * @param text the query in chatlog's syntax: words (all must match), {@code "phrases"}, {@code
 *     prefix*}, {@code -excluded}, {@code OR}
 * @param filter the same filters as a retrieve
 * @param limit most hits to return, at least 1
 * @param rank how to order hits
 * @param halfLife recency half-life of {@link RankMode#BALANCED}
 * @param now the instant recency is measured from
 */
public record SearchQuery(
    String text, ChunkFilter filter, int limit, RankMode rank, Duration halfLife, Instant now) {
  public SearchQuery {
    requireNonNull(text, "text is null");
    requireNonNull(filter, "filter is null");
    requireNonNull(rank, "rank is null");
    requireNonNull(halfLife, "halfLife is null");
    requireNonNull(now, "now is null");
    if (limit < 1) {
      throw new IllegalArgumentException("limit must be at least 1: " + limit);
    }
  }
}
