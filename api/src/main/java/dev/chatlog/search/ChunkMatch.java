package dev.chatlog.search;

import dev.chatlog.model.ChunkMeta;
import java.util.ArrayList;
import java.util.List;

/**
 * How one chunk matches a query: what {@link Ranking#bm25} needs to know of it. Counted on the
 * folded tokens ({@link TextFold}) of each {@link SearchField}, the same way on every backend, so
 * that a chunk gets the same relevance wherever it is searched.
 *
 * @param hits for each positive word or phrase of the query ({@link QueryNode#positiveLeaves()}, in
 *     that order), its matches in each {@link SearchField}, in the order of the fields
 * @param length the chunk's tokens, every field together
 * @param matches whether the whole query (exclusions and {@code OR} included) matches the chunk
 * @since 0.1.0
 */
public record ChunkMatch(List<int[]> hits, long length, boolean matches) {
  /** Copies the list (not the arrays in it). */
  public ChunkMatch {
    hits = List.copyOf(hits);
  }

  /**
   * Matches a chunk against a query.
   *
   * @param query the parsed query
   * @param leaves its {@link QueryNode#positiveLeaves()}, passed in so that a caller matching many
   *     chunks collects them once
   */
  public static ChunkMatch of(
      QueryNode query, List<QueryNode> leaves, ChunkMeta meta, String body) {
    SearchField[] fields = SearchField.values();
    List<List<String>> words = new ArrayList<>(fields.length);
    long length = 0;
    for (SearchField field : fields) {
      List<String> tokens = TextFold.words(field.text(meta, body));
      words.add(tokens);
      length += tokens.size();
    }
    List<int[]> hits = new ArrayList<>(leaves.size());
    for (QueryNode leaf : leaves) {
      int[] perField = new int[fields.length];
      for (int field = 0; field < fields.length; field++) {
        perField[field] = LeafMatcher.count(leaf, words.get(field));
      }
      hits.add(perField);
    }
    return new ChunkMatch(hits, length, LeafMatcher.matches(query, words));
  }

  /** Whether the positive word or phrase number {@code leaf} occurs in the chunk at all. */
  public boolean holds(int leaf) {
    for (int count : hits.get(leaf)) {
      if (count > 0) {
        return true;
      }
    }
    return false;
  }
}
