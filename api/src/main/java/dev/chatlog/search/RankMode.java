package dev.chatlog.search;

/**
 * How search hits are ordered.
 *
 * @since 0.1.0
 */
public enum RankMode {
  /** Text match (BM25) blended with recency decay: the default. */
  BALANCED,
  /** Text match only. */
  RELEVANCE,
  /** Newest first among the matches. */
  RECENT
}
