package dev.chatlog.sqlite;

import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.SearchField;
import dev.chatlog.search.TextFold;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
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
  /** The metadata columns of {@code chunks} (alias {@code c}), in the order {@link #meta} reads. */
  static final String META_COLUMNS =
      "c.id, c.project, c.topic, c.session, c.seq, c.created, c.actors, c.source, c.tags,"
          + " c.summary, c.labels, c.sha256, c.size";

  private final Connection connection;
  private final String location;

  ChunkRows(Connection connection, String location) {
    this.connection = connection;
    this.location = location;
  }

  Connection connection() {
    return connection;
  }

  String location() {
    return location;
  }

  /** Reads the {@link #META_COLUMNS} starting after column {@code offset}. */
  ChunkMeta meta(ResultSet rows, int offset) throws SQLException {
    String id = rows.getString(offset + 1);
    try {
      List<String> actorNames = JsonColumns.readList(rows.getString(offset + 7));
      return new ChunkMeta(
          ChunkId.of(id),
          rows.getString(offset + 2),
          rows.getString(offset + 3),
          rows.getString(offset + 4),
          rows.getInt(offset + 5),
          instant(rows.getLong(offset + 6)),
          actorNames.stream().map(Actor::of).toList(),
          rows.getString(offset + 8),
          JsonColumns.readList(rows.getString(offset + 9)),
          rows.getString(offset + 10),
          JsonColumns.readLabels(rows.getString(offset + 11)),
          rows.getString(offset + 12),
          rows.getLong(offset + 13));
    } catch (RuntimeException e) {
      throw new CorruptDataException(
          "Cannot read chunk " + id + " from " + location + ": bad metadata: " + e.getMessage(), e);
    }
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
  }

  /** Removes a search row whose chunk is gone. */
  void deleteSearchRow(long rowid) throws SQLException {
    try (PreparedStatement delete =
        connection.prepareStatement("DELETE FROM chunks_fts WHERE rowid = ?")) {
      delete.setLong(1, rowid);
      delete.executeUpdate();
    }
  }

  /** Empties the search index, to fill it again. */
  void deleteAllSearchRows() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO chunks_fts (chunks_fts) VALUES ('delete-all')");
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
   * sent as one JDBC batch by {@link #flush}, which must run before the index is read again in the
   * same transaction.
   */
  final class Inserter implements AutoCloseable {
    private final PreparedStatement insert;
    private final PreparedStatement lastRowid =
        connection.prepareStatement("SELECT last_insert_rowid()");
    private final PreparedStatement index =
        connection.prepareStatement(
            "INSERT INTO chunks_fts (rowid, " + Schema.SEARCH_COLUMNS + ") VALUES (?, ?, ?, ?, ?)");
    private int pending;

    private Inserter(String verb) throws SQLException {
      insert =
          connection.prepareStatement(
              verb
                  + " INTO chunks (id, project, topic, session, seq, created, actors, source, tags,"
                  + " summary, labels, sha256, size, body)"
                  + " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");
    }

    /** Inserts a chunk row and queues its search row; returns whether a row was inserted. */
    boolean insert(ChunkMeta meta, String body) throws SQLException {
      insert.setString(1, meta.id().toString());
      insert.setString(2, meta.project());
      insert.setString(3, meta.topic());
      insert.setString(4, meta.session());
      insert.setInt(5, meta.seq());
      insert.setLong(6, nanos(meta.created()));
      insert.setString(7, JsonColumns.list(meta.actors().stream().map(Actor::id).toList()));
      insert.setString(8, meta.source());
      insert.setString(9, JsonColumns.list(meta.tags()));
      insert.setString(10, meta.summary());
      insert.setString(11, JsonColumns.labels(meta.labels()));
      insert.setString(12, meta.sha256());
      insert.setLong(13, meta.size());
      insert.setString(14, body);
      if (insert.executeUpdate() == 0) {
        return false;
      }
      long rowid;
      try (ResultSet rows = lastRowid.executeQuery()) {
        rows.next();
        rowid = rows.getLong(1);
      }
      index(rowid, meta, body);
      return true;
    }

    /** Queues the search row of a chunk. */
    void index(long rowid, ChunkMeta meta, String body) throws SQLException {
      index.setLong(1, rowid);
      int column = 2;
      for (SearchField field : SearchField.values()) {
        index.setString(column++, TextFold.indexText(field.text(meta, body)));
      }
      index.addBatch();
      pending++;
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

  /** Nanoseconds since the epoch, saturated to the range of a long. */
  static long nanos(Instant instant) {
    try {
      return Math.addExact(
          Math.multiplyExact(instant.getEpochSecond(), 1_000_000_000L), instant.getNano());
    } catch (ArithmeticException e) {
      return instant.getEpochSecond() < 0 ? Long.MIN_VALUE : Long.MAX_VALUE;
    }
  }

  static Instant instant(long nanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(nanos, 1_000_000_000L), Math.floorMod(nanos, 1_000_000_000L));
  }
}
