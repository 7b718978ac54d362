package dev.chatlog.sqlite;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.ReadOnlyException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.IndexFeed;
import dev.chatlog.search.QueryParser;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * One open local search index of a blob store, and how it follows the store: before each search it
 * takes in what changed in the store's index, in one transaction, then searches with {@link
 * FtsSearch}. The file holds the tables of the SQLite store ({@link Schema}) and two of its own,
 * {@code index_sources} and {@code index_records}, which note what it has applied (adr/0008).
 */
final class LocalIndexSync implements AutoCloseable {
  /** Above this many new entries, the held ids are read in one pass rather than one by one. */
  private static final int POINT_LOOKUPS = 1_000;

  private final SqliteFile file;
  private final ChunkRows rows;
  private final Connection connection;
  private final String action;

  LocalIndexSync(SqliteFile file) {
    this.file = file;
    this.rows = new ChunkRows(file);
    this.connection = file.connection();
    this.action = "update the search index " + file.location();
  }

  /**
   * Makes this index hold exactly the given live chunks, then searches it. Bodies are read only for
   * chunks not yet held; chunks no longer live are removed. A chunk whose content duplicates one
   * already held in its session is skipped.
   */
  List<SearchHit> syncAndSearch(
      SearchQuery query,
      Supplier<List<ChunkMeta>> live,
      Function<List<ChunkMeta>, List<Chunk>> bodies) {
    requireNonNull(query, "query is null");
    QueryParser.parse(query.text());
    requireWritable();
    List<ChunkMeta> liveMetas = live.get();
    Set<String> liveIds = new HashSet<>();
    liveMetas.forEach(meta -> liveIds.add(meta.id().toString()));
    Set<String> held;
    try {
      held = rows.ids();
    } catch (SQLException e) {
      throw SqliteErrors.translate("read the search index " + file.location(), e);
    }
    List<ChunkMeta> missing =
        liveMetas.stream().filter(meta -> !held.contains(meta.id().toString())).toList();
    List<Chunk> fetched = missing.isEmpty() ? List.of() : bodies.apply(missing);
    Jdbc.inTransaction(
        connection,
        action,
        () -> {
          Set<String> gone = rows.ids();
          gone.removeAll(liveIds);
          for (String id : gone) {
            rows.delete(rows.rowid(ChunkId.of(id)).orElseThrow());
          }
          insert(fetched);
          return null;
        });
    return search(query);
  }

  /**
   * Brings this index up to date with a store's index, source by source, then searches it. Table
   * {@code index_sources} names the sources applied; {@code index_records} holds, for each chunk
   * id, the last applied source with a record of it and whether that record is a tombstone. Only
   * new sources are read, and bodies only for new entries. Sources gone from the store (merged,
   * rewritten by {@code reindex}) take their records along unless a new source holds them again;
   * then, as on the first build, every chunk without a live record is removed. A source that
   * vanished while it was read is not marked applied, and removals wait for the next search. When
   * another process updated the index between this one's first look and its transaction, this one
   * only searches.
   */
  List<SearchHit> syncAndSearch(
      SearchQuery query, IndexFeed feed, Function<List<ChunkMeta>, List<Chunk>> bodies) {
    requireNonNull(query, "query is null");
    QueryParser.parse(query.text());
    requireWritable();
    Set<String> applied;
    try {
      createSyncTables();
      applied = Jdbc.strings(connection, "SELECT source FROM index_sources");
    } catch (SQLException e) {
      throw SqliteErrors.translate(action, e);
    }
    List<String> current = feed.sources(); // listed after the note of what was applied: see below
    List<String> fresh = current.stream().filter(source -> !applied.contains(source)).toList();
    Set<String> gone = new HashSet<>(applied);
    gone.removeAll(current);
    if (fresh.isEmpty() && gone.isEmpty() && !applied.isEmpty()) {
      return search(query); // nothing new since the last sync: no write transaction at all
    }
    Map<String, IndexFeed.Records> read = fresh.isEmpty() ? Map.of() : feed.records(fresh);
    boolean complete = read.size() == fresh.size();
    Set<String> deleted = new HashSet<>();
    Map<String, ChunkMeta> entries = new LinkedHashMap<>();
    for (IndexFeed.Records records : read.values()) {
      records.deleted().forEach(id -> deleted.add(id.toString()));
      records.entries().forEach(meta -> entries.putIfAbsent(meta.id().toString(), meta));
    }
    Set<String> known;
    try {
      known = known(entries.keySet());
    } catch (SQLException e) {
      throw SqliteErrors.translate(action, e);
    }
    List<ChunkMeta> missing =
        entries.values().stream()
            .filter(meta -> !deleted.contains(meta.id().toString()))
            .filter(meta -> !known.contains(meta.id().toString()))
            .toList();
    List<Chunk> fetched = missing.isEmpty() ? List.of() : bodies.apply(missing);
    Jdbc.inTransaction(
        connection,
        action,
        () -> {
          if (!Jdbc.strings(connection, "SELECT source FROM index_sources").equals(applied)) {
            // Another process synced since this one noted what was applied, from a listing that
            // may be newer than this one's: applying this one over it could bring back records
            // of sources it retired. Its state is consistent; search it as it is.
            return null;
          }
          applyRecords(fresh, read);
          for (String id : deleted) {
            Optional<Long> rowid = rows.rowid(ChunkId.of(id));
            if (rowid.isPresent()) {
              rows.delete(rowid.get());
            }
          }
          if (complete && (applied.isEmpty() || !gone.isEmpty())) {
            forget(gone);
            for (long rowid :
                Jdbc.longs(
                    connection,
                    "SELECT c.rowid FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM index_records r"
                        + " WHERE r.id = c.id AND r.tombstone = 0)")) {
              rows.delete(rowid);
            }
          }
          // Last: a new chunk may repeat the content of one just removed in its session.
          insert(fetched);
          return null;
        });
    return search(query);
  }

  /**
   * Searches the index as it is, once the update is committed: FTS5 writes the totals {@link
   * FtsSearch} reads when a transaction ends.
   */
  private List<SearchHit> search(SearchQuery query) {
    return FtsSearch.search(rows, query);
  }

  /** Inserts fetched chunks, skipping those whose content their session already holds. */
  private void insert(List<Chunk> fetched) throws SQLException {
    try (ChunkRows.Inserter inserter = rows.inserter("INSERT OR IGNORE")) {
      for (Chunk chunk : fetched) {
        inserter.insert(chunk.meta(), chunk.body());
      }
      inserter.flush();
    }
  }

  private void requireWritable() {
    if (!file.writable()) {
      throw new ReadOnlyException(
          "Cannot update the search index in "
              + file.location()
              + ": the database file is read-only");
    }
  }

  private void createSyncTables() throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE TABLE IF NOT EXISTS index_sources (source TEXT PRIMARY KEY) WITHOUT ROWID");
      statement.execute(
          "CREATE TABLE IF NOT EXISTS index_records (id TEXT PRIMARY KEY, source TEXT NOT NULL,"
              + " tombstone INTEGER NOT NULL) WITHOUT ROWID");
      statement.execute(
          "CREATE INDEX IF NOT EXISTS index_records_source ON index_records (source)");
    }
  }

  /** Which of {@code ids} this index holds, as a chunk or as a tombstone. */
  private Set<String> known(Set<String> ids) throws SQLException {
    if (ids.size() > POINT_LOOKUPS) {
      Set<String> all = rows.ids();
      all.addAll(Jdbc.strings(connection, "SELECT id FROM index_records WHERE tombstone = 1"));
      return all;
    }
    Set<String> out = new HashSet<>();
    try (PreparedStatement find =
        connection.prepareStatement(
            "SELECT 1 FROM chunks WHERE id = ?1 UNION ALL"
                + " SELECT 1 FROM index_records WHERE id = ?1 AND tombstone = 1")) {
      for (String id : ids) {
        find.setString(1, id);
        try (ResultSet result = find.executeQuery()) {
          if (result.next()) {
            out.add(id);
          }
        }
      }
    }
    return out;
  }

  /** Records, in order, which source last held each chunk's record, and marks them applied. */
  private void applyRecords(List<String> fresh, Map<String, IndexFeed.Records> read)
      throws SQLException {
    try (PreparedStatement record =
            connection.prepareStatement(
                "INSERT INTO index_records (id, source, tombstone) VALUES (?, ?, ?)"
                    + " ON CONFLICT (id) DO UPDATE SET source = excluded.source,"
                    + " tombstone = max(index_records.tombstone, excluded.tombstone)");
        PreparedStatement source =
            connection.prepareStatement("INSERT OR IGNORE INTO index_sources VALUES (?)")) {
      for (String name : fresh) {
        IndexFeed.Records records = read.get(name);
        if (records == null) {
          continue; // gone while it was read: the next search sees where its records went
        }
        for (ChunkMeta meta : records.entries()) {
          addRecord(record, meta.id().toString(), name, 0);
        }
        for (ChunkId id : records.deleted()) {
          addRecord(record, id.toString(), name, 1);
        }
        source.setString(1, name);
        source.executeUpdate();
      }
      record.executeBatch();
    }
  }

  private static void addRecord(PreparedStatement record, String id, String source, int tombstone)
      throws SQLException {
    record.setString(1, id);
    record.setString(2, source);
    record.setInt(3, tombstone);
    record.addBatch();
  }

  /** Drops the records of sources that are gone, and the sources themselves. */
  private void forget(Set<String> gone) throws SQLException {
    try (PreparedStatement records =
            connection.prepareStatement("DELETE FROM index_records WHERE source = ?");
        PreparedStatement sources =
            connection.prepareStatement("DELETE FROM index_sources WHERE source = ?")) {
      for (String source : gone) {
        records.setString(1, source);
        records.executeUpdate();
        sources.setString(1, source);
        sources.executeUpdate();
      }
    }
  }

  @Override
  public void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw SqliteErrors.translate("close " + file.location(), e);
    }
  }
}
