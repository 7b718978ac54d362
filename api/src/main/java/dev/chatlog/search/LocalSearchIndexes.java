package dev.chatlog.search;

import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkMeta;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * Search for stores without an index of their own: through the {@link LocalSearchIndex} on the
 * class path when there is one, else by {@link ScanSearch scanning}.
 *
 * @since 0.1.0
 */
public final class LocalSearchIndexes {
  private LocalSearchIndexes() {}

  /** The local index found on the class path, looked up once. */
  private static final class Found {
    static final Optional<LocalSearchIndex> INDEX =
        ServiceLoader.load(LocalSearchIndex.class, LocalSearchIndexes.class.getClassLoader())
            .findFirst();
  }

  /** The local search index on the class path, if any. */
  public static Optional<LocalSearchIndex> find() {
    return Found.INDEX;
  }

  /**
   * Searches a store with the local index when there is one, else scans the chunks that pass the
   * query's filter. The index is the one in the query's {@link SearchQuery#indexFolder()}, if
   * given.
   *
   * @param location the store's location
   * @param live the metadata of every live chunk of the store
   * @param bodies reads the chunks of the given metadata
   */
  public static List<SearchHit> search(
      String location,
      SearchQuery query,
      Supplier<List<ChunkMeta>> live,
      Function<List<ChunkMeta>, List<Chunk>> bodies) {
    Optional<LocalSearchIndex> index = find();
    if (index.isPresent()) {
      LocalSearchIndex chosen = query.indexFolder().map(index.get()::in).orElse(index.get());
      return chosen.search(location, query, live, bodies);
    }
    QueryParser.parse(query.text()); // a malformed query fails before any chunk is read
    List<ChunkMeta> matching = live.get().stream().filter(query.filter()::matches).toList();
    return ScanSearch.search(bodies.apply(matching), query);
  }

  /**
   * Like {@link #search(String, SearchQuery, Supplier, Function)}, for a store that offers its
   * index source by source, so that the local index takes in only the sources it has not seen.
   *
   * @param location the store's location
   * @param feed the store's index
   * @param bodies reads the chunks of the given metadata
   */
  public static List<SearchHit> search(
      String location,
      SearchQuery query,
      IndexFeed feed,
      Function<List<ChunkMeta>, List<Chunk>> bodies) {
    Optional<LocalSearchIndex> index = find();
    if (index.isPresent()) {
      LocalSearchIndex chosen = query.indexFolder().map(index.get()::in).orElse(index.get());
      return chosen.search(location, query, feed, bodies);
    }
    return search(location, query, feed::live, bodies);
  }

  /**
   * Deletes the local index of a store so that the next search rebuilds it ({@code chatlog search
   * --reindex}); does nothing without a local index on the class path.
   */
  public static void drop(String location) {
    find().ifPresent(index -> index.drop(location));
  }

  /** Like {@link #drop(String)}, for the index kept in {@code folder}. */
  public static void drop(String location, Path folder) {
    find().ifPresent(index -> index.in(folder).drop(location));
  }
}
