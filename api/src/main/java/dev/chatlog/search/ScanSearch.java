package dev.chatlog.search;

import dev.chatlog.model.Chunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Search without an index: parses the query, scores every given chunk and returns the best hits.
 * The fallback of the blob stores when no local search index is on the class path. It scores
 * exactly as the SQLite index does ({@link Ranking}, {@link SearchField}), counting document
 * frequencies over every chunk given, filtered or not.
 *
 * @since 0.1.0
 */
public final class ScanSearch {
  private ScanSearch() {}

  /** Ranks the chunks that match {@code query} (its filter included) and returns the best. */
  public static List<SearchHit> search(Iterable<Chunk> chunks, SearchQuery query) {
    QueryNode parsed = QueryParser.parse(query.text());
    List<QueryNode> leaves = parsed.positiveLeaves();
    long documents = 0;
    long totalLength = 0;
    long[] matching = new long[leaves.size()];
    List<Candidate> candidates = new ArrayList<>();
    for (Chunk chunk : chunks) {
      List<List<String>> fields = new ArrayList<>(SearchField.values().length);
      long length = 0;
      for (SearchField field : SearchField.values()) {
        List<String> words = TextFold.words(field.text(chunk.meta(), chunk.body()));
        fields.add(words);
        length += words.size();
      }
      documents++;
      totalLength += length;
      List<int[]> hits = new ArrayList<>(leaves.size());
      for (int leaf = 0; leaf < leaves.size(); leaf++) {
        int[] perField = new int[fields.size()];
        boolean any = false;
        for (int field = 0; field < fields.size(); field++) {
          perField[field] = LeafMatcher.count(leaves.get(leaf), fields.get(field));
          any |= perField[field] > 0;
        }
        if (any) {
          matching[leaf]++;
        }
        hits.add(perField);
      }
      if (query.filter().matches(chunk.meta()) && LeafMatcher.matches(parsed, fields)) {
        candidates.add(new Candidate(chunk, hits, length));
      }
    }
    double[] idf = new double[leaves.size()];
    for (int leaf = 0; leaf < leaves.size(); leaf++) {
      idf[leaf] = Ranking.idf(documents, matching[leaf]);
    }
    double averageLength = documents == 0 ? 0 : (double) totalLength / documents;
    List<Scored> scored = new ArrayList<>(candidates.size());
    for (Candidate candidate : candidates) {
      double relevance = Ranking.bm25(idf, candidate.hits(), candidate.length(), averageLength);
      SearchHit bare =
          Ranking.hit(
              candidate.chunk().meta(), relevance, query, new Snippets.Snippet("", List.of()));
      scored.add(new Scored(candidate.chunk(), bare));
    }
    scored.sort((a, b) -> Ranking.order(query.rank()).compare(a.hit(), b.hit()));
    List<SearchHit> out = new ArrayList<>(Math.min(query.limit(), scored.size()));
    for (Scored entry : scored.subList(0, Math.min(query.limit(), scored.size()))) {
      Snippets.Snippet snippet = Snippets.of(entry.chunk().body(), parsed);
      SearchHit hit = entry.hit();
      out.add(
          new SearchHit(
              hit.meta(),
              hit.score(),
              hit.relevance(),
              hit.recency(),
              snippet.text(),
              snippet.highlights()));
    }
    return List.copyOf(out);
  }

  private record Candidate(Chunk chunk, List<int[]> hits, long length) {}

  private record Scored(Chunk chunk, SearchHit hit) {}
}
