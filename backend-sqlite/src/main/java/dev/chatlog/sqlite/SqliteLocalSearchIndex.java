package dev.chatlog.sqlite;

import static java.util.Objects.requireNonNull;

import dev.chatlog.config.Settings;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.IndexFeed;
import dev.chatlog.search.LocalSearchIndex;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.SQLException;
import java.util.HexFormat;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The local search index of the blob stores: one SQLite file per store in {@code
 * ${XDG_CACHE_HOME:-~/.cache}/chatlog/}, named by a hash of the store's location, with the same
 * tables and FTS5 code as the SQLite store. Before each search it takes in the segments and inbox
 * entries of the store it has not seen, and with them new chunks and deletions; a file that is
 * missing is created, and one that cannot be read (corrupt, not SQLite, another schema) is deleted
 * and rebuilt.
 */
public final class SqliteLocalSearchIndex implements LocalSearchIndex {
  private final Path folder;

  /** The index in the user's cache folder, as {@link java.util.ServiceLoader} creates it. */
  public SqliteLocalSearchIndex() {
    this(defaultFolder());
  }

  /** An index kept in the given folder. */
  public SqliteLocalSearchIndex(Path folder) {
    this.folder = requireNonNull(folder, "folder is null");
  }

  /** chatlog's folder in the user's cache ({@link Settings#cacheFolder}). */
  static Path defaultFolder() {
    return Settings.cacheFolder(System.getenv());
  }

  /** The index file of the store at {@code location}. */
  Path file(String location) {
    try {
      byte[] hash =
          MessageDigest.getInstance("SHA-256").digest(location.getBytes(StandardCharsets.UTF_8));
      return folder.resolve(HexFormat.of().formatHex(hash, 0, 16) + ".db");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  @Override
  public List<SearchHit> search(
      String location,
      SearchQuery query,
      Supplier<List<ChunkMeta>> live,
      Function<List<ChunkMeta>, List<Chunk>> bodies) {
    return withIndex(location, index -> index.syncAndSearch(query, live, bodies));
  }

  /**
   * Takes in only the sources of the store's index that this index has not applied yet (see {@link
   * SqliteChunkStore#syncAndSearch(SearchQuery, IndexFeed, Function)}), then searches.
   */
  @Override
  public List<SearchHit> search(
      String location,
      SearchQuery query,
      IndexFeed feed,
      Function<List<ChunkMeta>, List<Chunk>> bodies) {
    return withIndex(location, index -> index.syncAndSearch(query, feed, bodies));
  }

  /** Runs work on the open index of a store, rebuilding an index that turns out unreadable. */
  private List<SearchHit> withIndex(
      String location, Function<SqliteChunkStore, List<SearchHit>> work) {
    try {
      return open(location, work);
    } catch (CorruptDataException e) {
      if (!(e.getCause() instanceof SQLException)) {
        throw e; // the store's data, not the index, is at fault
      }
      drop(location);
      return open(location, work);
    }
  }

  private List<SearchHit> open(String location, Function<SqliteChunkStore, List<SearchHit>> work) {
    Path file = file(location);
    SqliteChunkStore index;
    try {
      index = SqliteChunkStore.open(file, SqliteOptions.defaults());
    } catch (CorruptDataException | StorageException e) {
      drop(location); // not SQLite, or a schema this code cannot use: it is only a cache
      index = SqliteChunkStore.open(file, SqliteOptions.defaults());
    }
    try (SqliteChunkStore open = index) {
      return work.apply(open);
    }
  }

  @Override
  public LocalSearchIndex in(Path folder) {
    return new SqliteLocalSearchIndex(folder);
  }

  @Override
  public void drop(String location) {
    Path file = file(location);
    try {
      for (String suffix : List.of("", "-wal", "-shm")) {
        Files.deleteIfExists(Path.of(file + suffix));
      }
    } catch (IOException e) {
      throw new StorageException(
          "Cannot delete the search index " + file + " of " + location + ": " + e, false, e);
    }
  }
}
