package dev.chatlog.search;

/** How search hits are ordered. */
public enum RankMode {
  /** Text match (BM25) blended with recency decay: the default. */
  BALANCED,
  /** Text match only. */
  RELEVANCE,
  /** Newest first among the matches. */
  RECENT
}
