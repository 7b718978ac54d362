package dev.chatlog.sqlite;

import dev.chatlog.engine.MetaFields;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.SearchField;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * The rows of a chunk in a database of chatlog's schema ({@link Schema}): one in {@code chunks},
 * with its metadata and body, and its search row in {@code chunks_fts}, under the same rowid. The
 * SQL that writes, reads and removes them, shared by the SQLite store and the local search index.
 * Not thread-safe: its owner serialises calls on the connection.
 */
final class ChunkRows {
  private final Connection connection;
  private final String location;
  private final MetaColumns metaColumns;
  private final boolean writable;
  private final int version;
  private final WordLists wordLists;

  /** The rows of an open database, read at the schema version it was opened at. */
  ChunkRows(SqliteFile file) {
    this(file, WordLists.DEFAULT);
  }

  /** The rows of an open database whose common words are listed with {@code wordLists}. */
  ChunkRows(SqliteFile file, WordLists wordLists) {
    this.connection = file.connection();
    this.location = file.location();
    this.metaColumns = MetaColumns.of(file.version());
    this.writable = file.writable();
    this.version = file.version();
    this.wordLists = wordLists;
  }

  Connection connection() {
    return connection;
  }

  String location() {
    return location;
  }

  /** Whether the database may be written. */
  boolean writable() {
    return writable;
  }

  /** The schema version the database is read at. */
  int version() {
    return version;
  }

  /** The sizes of the lists of common words ({@link WordLists}). */
  WordLists wordLists() {
    return wordLists;
  }

  /** The metadata columns of {@code chunks} (alias {@code c}), in the order {@link #meta} reads. */
  String metaColumns() {
    return metaColumns.select();
  }

  /** How many columns {@link #metaColumns} names. */
  int metaColumnCount() {
    return metaColumns.count();
  }

  /** Reads the {@link #metaColumns} starting after column {@code offset}. */
  ChunkMeta meta(ResultSet rows, int offset) throws SQLException {
    return metaColumns.read(rows, offset, location);
  }

  /** Runs a bound query whose columns start with the {@link #metaColumns}: every row's metadata. */
  List<ChunkMeta> metas(PreparedStatement query) throws SQLException {
    List<ChunkMeta> out = new ArrayList<>();
    try (ResultSet result = query.executeQuery()) {
      while (result.next()) {
        out.add(meta(result, 0));
      }
    }
    return out;
  }

  /** The rowid of a chunk, if the database holds it. */
  Optional<Long> rowid(ChunkId id) throws SQLException {
    try (PreparedStatement find =
        connection.prepareStatement("SELECT rowid FROM chunks WHERE id = ?")) {
      find.setString(1, id.toString());
      try (ResultSet rows = find.executeQuery()) {
        return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
      }
    }
  }

  /** The ids of every chunk held. */
  Set<String> ids() throws SQLException {
    return Jdbc.strings(connection, "SELECT id FROM chunks");
  }

  /** Removes a chunk's row and its search row. */
  void delete(long rowid) throws SQLException {
    try (PreparedStatement chunk =
            connection.prepareStatement("DELETE FROM chunks WHERE rowid = ?");
        PreparedStatement fts =
            connection.prepareStatement("DELETE FROM chunks_fts WHERE rowid = ?")) {
      chunk.setLong(1, rowid);
      chunk.executeUpdate();
      fts.setLong(1, rowid);
      fts.executeUpdate();
    }
    forgetWordLists();
  }

  /** Removes a search row whose chunk is gone. */
  void deleteSearchRow(long rowid) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM chunks_fts WHERE rowid = ?")) {
      delete.setLong(1, rowid);
      delete.executeUpdate();
    }
    forgetWordLists();
  }

  /** Empties the search index, to fill it again. */
  void deleteAllSearchRows() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO chunks_fts (chunks_fts) VALUES ('delete-all')");
    }
    forgetWordLists();
  }

  /** Forgets the lists of common words, which no longer speak for every search row. */
  private void forgetWordLists() throws SQLException {
    if (version >= WordLists.SINCE_VERSION) {
      WordLists.forgetAll(connection);
    }
  }

  /** The rowids the search index holds rows for. */
  Set<Long> searchRowids() throws SQLException {
    return new HashSet<>(Jdbc.longs(connection, "SELECT id FROM chunks_fts_docsize"));
  }

  /**
   * An inserter of chunk rows with statements prepared once.
   *
   * @param verb {@code INSERT}, or {@code INSERT OR IGNORE} to skip chunks already present
   */
  Inserter inserter(String verb) throws SQLException {
    return new Inserter(verb);
  }

  /**
   * Inserts chunk rows and their search rows with statements prepared once; the search rows are
   * sent as JDBC batches of {@value #SEARCH_BATCH}, the rest by {@link #flush}, which must run
   * before the index is read again in the same transaction. A reindex of the whole store so holds a
   * batch of rows in memory, not every row.
   */
  final class Inserter implements AutoCloseable {
    /** Search rows sent with one JDBC batch, at most. */
    private static final int SEARCH_BATCH = 256;

    private final PreparedStatement insert;
    private final PreparedStatement lastRowid =
        connection.prepareStatement("SELECT last_insert_rowid()");
    private final PreparedStatement index =
        connection.prepareStatement(
            "INSERT INTO chunks_fts (rowid, "
                + Schema.SEARCH_COLUMNS
                + ") VALUES (?"
                + ", CAST(? AS TEXT)".repeat(SearchField.values().length)
                + ")");
    private int pending;
    private boolean reindexed;

    private Inserter(String verb) throws SQLException {
      insert =
          connection.prepareStatement(
              verb
                  + " INTO chunks ("
                  + metaColumns.insert()
                  + ", body) VALUES ("
                  + "?, ".repeat(metaColumns.count())
                  + "CAST(? AS TEXT))");
    }

    /** Inserts a chunk row and queues its search row; returns whether a row was inserted. */
    boolean insert(ChunkMeta meta, String body) throws SQLException {
      return insert(meta, EncodedText.of(meta, body));
    }

    /** Inserts a chunk row of an encoded text and queues its search row, as {@link #insert}. */
    boolean insert(ChunkMeta meta, EncodedText text) throws SQLException {
      insert.setBytes(metaColumns.bind(insert, 1, meta), text.body());
      if (insert.executeUpdate() == 0) {
        return false;
      }
      long rowid;
      try (ResultSet rows = lastRowid.executeQuery()) {
        rows.next();
        rowid = rows.getLong(1);
      }
      queue(rowid, text);
      return true;
    }

    /**
     * Queues the search row of a chunk already held, sending the queue once it is full: indexing it
     * again, which the lists of common words cannot follow ({@link WordLists}).
     */
    void index(long rowid, ChunkMeta meta, String body) throws SQLException {
      if (!reindexed) {
        forgetWordLists();
        reindexed = true;
      }
      queue(rowid, EncodedText.of(meta, body));
    }

    private void queue(long rowid, EncodedText text) throws SQLException {
      index.setLong(1, rowid);
      int column = 2;
      for (byte[] searchColumn : text.searchColumns()) {
        index.setBytes(column++, searchColumn);
      }
      index.addBatch();
      pending++;
      if (pending >= SEARCH_BATCH) {
        flush();
      }
    }

    /** Writes the queued search rows. */
    void flush() throws SQLException {
      if (pending > 0) {
        index.executeBatch();
        pending = 0;
      }
    }

    @Override
    public void close() throws SQLException {
      Jdbc.closeAll(insert, lastRowid, index);
    }
  }

  /** Nanoseconds since the epoch, saturated to the range of a long, as the created column holds. */
  static long nanos(Instant instant) {
    return MetaFields.nanos(instant);
  }

  /** The time a created column holds. */
  static Instant instant(long nanos) {
    return MetaFields.ofNanos(nanos);
  }
}
