package dev.chatlog.search;

import dev.chatlog.model.Chunk;
import java.util.ArrayList;
import java.util.List;

/**
 * Search without an index: parses the query, scores every given chunk and returns the best hits.
 * The fallback of the blob stores when no local search index is on the class path. It matches and
 * scores as the SQLite index does ({@link ChunkMatch}, {@link Ranking}), counting the {@link
 * CollectionStatistics} over every chunk given, filtered or not.
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
    long tokens = 0;
    long[] matching = new long[leaves.size()];
    List<Candidate> candidates = new ArrayList<>();
    for (Chunk chunk : chunks) {
      ChunkMatch match = ChunkMatch.of(parsed, leaves, chunk.meta(), chunk.body());
      documents++;
      tokens += match.length();
      for (int leaf = 0; leaf < leaves.size(); leaf++) {
        if (match.holds(leaf)) {
          matching[leaf]++;
        }
      }
      if (match.matches() && query.filter().matches(chunk.meta())) {
        candidates.add(new Candidate(chunk, match));
      }
    }
    CollectionStatistics statistics = new CollectionStatistics(documents, tokens, matching);
    List<Scored> scored = new ArrayList<>(candidates.size());
    for (Candidate candidate : candidates) {
      SearchHit bare =
          Ranking.hit(
              candidate.chunk().meta(),
              statistics.relevance(candidate.match()),
              query,
              new Snippets.Snippet("", List.of()));
      scored.add(new Scored(candidate.chunk(), bare));
    }
    scored.sort((a, b) -> Ranking.order(query.rank()).compare(a.hit(), b.hit()));
    List<SearchHit> out = new ArrayList<>(Math.min(query.limit(), scored.size()));
    for (Scored entry : scored.subList(0, Math.min(query.limit(), scored.size()))) {
      out.add(entry.hit().withSnippet(Snippets.of(entry.chunk().body(), parsed)));
    }
    return List.copyOf(out);
  }

  private record Candidate(Chunk chunk, ChunkMatch match) {}

  private record Scored(Chunk chunk, SearchHit hit) {}
}
