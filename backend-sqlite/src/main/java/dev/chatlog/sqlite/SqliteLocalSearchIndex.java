package dev.chatlog.sqlite;

import static java.util.Objects.requireNonNull;

import dev.chatlog.config.Settings;
import dev.chatlog.engine.ChunkCodec;
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
import java.nio.file.StandardCopyOption;
import java.sql.SQLException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The local search index of the blob stores: one SQLite file per store in {@code
 * ${XDG_CACHE_HOME:-~/.cache}/chatlog/}, named after the store's location, with the same tables and
 * search as the SQLite store ({@link Schema}, {@link FtsSearch}). Before each search it takes in
 * the segments and inbox entries of the store it has not seen, and with them new chunks and
 * deletions ({@link LocalIndexSync}); a file that is missing is created, and one that cannot be
 * read (corrupt, not SQLite, another schema) is deleted and rebuilt.
 *
 * @since 0.1.0
 */
public final class SqliteLocalSearchIndex implements LocalSearchIndex {
  /** The longest file name {@link #file} spells out (file systems allow 255 bytes). */
  private static final int MAX_NAME = 200;

  private static final char[] HEX = "0123456789abcdef".toCharArray();

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

  /**
   * The index file of the store at {@code location}: the location spelled out in lower-case
   * letters, digits, {@code .} and {@code -}, every other character as {@code _} and the hex of its
   * UTF-8 bytes, so that two locations never share a file, not even on a file system that ignores
   * case. A location longer than that allows is named as before this naming: by the first 16 bytes
   * of its SHA-256. Naming a file by hash started the JDK's security providers on every search,
   * several milliseconds of a command that takes about 130.
   */
  Path file(String location) {
    StringBuilder name = new StringBuilder(location.length() + 16);
    for (byte b : location.getBytes(StandardCharsets.UTF_8)) {
      char c = (char) (b & 0xFF);
      if ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '.' || c == '-') {
        name.append(c);
      } else {
        name.append('_').append(HEX[(b >> 4) & 0xF]).append(HEX[b & 0xF]);
      }
      if (name.length() > MAX_NAME) {
        return hashedFile(location);
      }
    }
    return folder.resolve(name.append(".db").toString());
  }

  /** The name of index files before {@link #file} spelled locations out: a hash of the location. */
  Path hashedFile(String location) {
    String hash = ChunkCodec.sha256(location.getBytes(StandardCharsets.UTF_8));
    return folder.resolve(hash.substring(0, 32) + ".db");
  }

  /**
   * The index file of the store, after renaming an index kept under its former, hashed name (with
   * its journal files), so that an upgrade keeps every index rather than rebuilding it. A rename
   * that fails (another search made the same move) leaves the index to be found or rebuilt.
   */
  private Path adoptedFile(String location) {
    Path file = file(location);
    if (Files.exists(file)) {
      return file;
    }
    Path former = hashedFile(location);
    if (!former.equals(file) && Files.exists(former)) {
      try {
        for (String suffix : List.of("-wal", "-shm", "")) {
          Path from = Path.of(former + suffix);
          if (Files.exists(from)) {
            Files.move(from, Path.of(file + suffix), StandardCopyOption.ATOMIC_MOVE);
          }
        }
      } catch (IOException e) {
        // another run moved it first, or it stays behind: the index is a cache
      }
    }
    return file;
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
   * LocalIndexSync#syncAndSearch(SearchQuery, IndexFeed, Function)}), then searches.
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
      String location, Function<LocalIndexSync, List<SearchHit>> work) {
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

  private List<SearchHit> open(String location, Function<LocalIndexSync, List<SearchHit>> work) {
    Path file = adoptedFile(location);
    SqliteFile database;
    try {
      database = SqliteFile.open(file, SqliteOptions.defaults());
    } catch (CorruptDataException | StorageException e) {
      drop(location); // not SQLite, or a schema this code cannot use: it is only a cache
      database = SqliteFile.open(file, SqliteOptions.defaults());
    }
    try (LocalIndexSync index = new LocalIndexSync(database)) {
      return work.apply(index);
    }
  }

  @Override
  public LocalSearchIndex in(Path folder) {
    return new SqliteLocalSearchIndex(folder);
  }

  @Override
  public void drop(String location) {
    for (Path file : List.of(file(location), hashedFile(location))) {
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
}
