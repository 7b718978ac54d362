package dev.chatlog.search;

import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkMeta;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * A search index kept on this machine for a store that has none of its own (the blob stores). Found
 * with {@link java.util.ServiceLoader} through {@code
 * META-INF/services/dev.chatlog.search.LocalSearchIndex}; the sqlite module provides one. Without
 * one, {@link LocalSearchIndexes#search} scans.
 *
 * @since 0.1.0
 */
public interface LocalSearchIndex {

  /**
   * Brings the index of one store up to date, then searches it. Bodies are read only for chunks the
   * index has not seen; chunks no longer live are dropped from it.
   *
   * @param location the store's location; it names the index
   * @param query the search
   * @param live the metadata of every live chunk of the store
   * @param bodies reads the chunks of the given metadata (missing ones may be left out)
   */
  List<SearchHit> search(
      String location,
      SearchQuery query,
      Supplier<List<ChunkMeta>> live,
      Function<List<ChunkMeta>, List<Chunk>> bodies);

  /**
   * Brings the index of one store up to date from its {@link IndexFeed}, then searches it. An index
   * that remembers which sources it has applied takes in only the new ones; this default compares
   * the whole live list, as {@link #search(String, SearchQuery, Supplier, Function)} does.
   *
   * @param location the store's location; it names the index
   * @param query the search
   * @param feed the store's index, source by source
   * @param bodies reads the chunks of the given metadata (missing ones may be left out)
   */
  default List<SearchHit> search(
      String location,
      SearchQuery query,
      IndexFeed feed,
      Function<List<ChunkMeta>, List<Chunk>> bodies) {
    return search(location, query, feed::live, bodies);
  }

  /** Deletes the index of the store at {@code location}; the next search rebuilds it. */
  void drop(String location);

  /**
   * This kind of index kept in {@code folder} instead of its default folder (see {@link
   * SearchQuery#indexFolder()}).
   */
  LocalSearchIndex in(Path folder);
}
