package dev.chatlog.search;

/**
 * What BM25 needs to know of the whole collection searched: how many chunks it holds, how many
 * tokens they hold together, and for each positive word or phrase of the query how many chunks hold
 * it. The scan counts them over the chunks it reads; the SQLite index reads them from FTS5.
 *
 * @param documents the chunks in the collection
 * @param tokens their tokens, every field of every chunk together
 * @param matching per positive word or phrase of the query ({@link QueryNode#positiveLeaves()}, in
 *     that order), the chunks that hold it
 * @since 0.1.0
 */
public record CollectionStatistics(long documents, long tokens, long[] matching) {
  /** Copies the array. */
  public CollectionStatistics {
    matching = matching.clone();
  }

  /** The {@link Ranking#idf} of each positive word or phrase of the query. */
  public double[] idf() {
    double[] idf = new double[matching.length];
    for (int leaf = 0; leaf < matching.length; leaf++) {
      idf[leaf] = Ranking.idf(documents, matching[leaf]);
    }
    return idf;
  }

  /** Tokens per chunk on average; 0 for an empty collection. */
  public double averageLength() {
    return documents == 0 ? 0 : (double) tokens / documents;
  }

  /** The relevance of a chunk of this collection: its {@link Ranking#bm25}. */
  public double relevance(ChunkMatch match) {
    return Ranking.bm25(idf(), match.hits(), match.length(), averageLength());
  }
}
