package dev.chatlog.search;

import static java.util.Objects.requireNonNull;

import dev.chatlog.model.ChunkMeta;
import java.util.List;

/**
 * One search result.
 *
 * @param meta the chunk found
 * @param score the final score hits are ordered by (higher first)
 * @param relevance the text-match part (BM25, higher is better)
 * @param recency the recency part, from 1 (now) decaying towards 0
 * @param snippet a short excerpt of the body around the matches
 * @param highlights the matches within {@code snippet}, as character ranges
 * @since 0.1.0
 */
public record SearchHit(
    ChunkMeta meta,
    double score,
    double relevance,
    double recency,
    String snippet,
    List<Span> highlights) {
  public SearchHit {
    requireNonNull(meta, "meta is null");
    requireNonNull(snippet, "snippet is null");
    highlights = List.copyOf(highlights);
  }

  /** This hit with another snippet. */
  public SearchHit withSnippet(Snippets.Snippet other) {
    return new SearchHit(meta, score, relevance, recency, other.text(), other.highlights());
  }

  /** A range {@code [start, end)} of characters. */
  public record Span(int start, int end) {
    public Span {
      if (start < 0 || end < start) {
        throw new IllegalArgumentException("bad span [" + start + ", " + end + ")");
      }
    }
  }
}
