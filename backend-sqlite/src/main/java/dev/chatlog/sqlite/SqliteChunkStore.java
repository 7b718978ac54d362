package dev.chatlog.sqlite;

import static java.util.Objects.requireNonNull;

import dev.chatlog.config.OwnerOnly;
import dev.chatlog.engine.ChunkCodec;
import dev.chatlog.engine.ChunkIds;
import dev.chatlog.engine.MetaFields;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.NotFoundException;
import dev.chatlog.error.ReadOnlyException;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.model.StoreStats;
import dev.chatlog.search.IndexFeed;
import dev.chatlog.search.QueryNode;
import dev.chatlog.search.QueryParser;
import dev.chatlog.search.RankMode;
import dev.chatlog.search.Ranking;
import dev.chatlog.search.SearchField;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.search.Snippets;
import dev.chatlog.search.TextFold;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.VerifyReport;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;
import java.util.function.Supplier;
import org.sqlite.SQLiteConfig;

/**
 * A whole chunk store in one SQLite file: metadata, bodies and an FTS5 index. WAL mode, a busy
 * timeout, and one {@code BEGIN IMMEDIATE} transaction per append or delete, so several processes
 * may write one file at once. Thread-safe: calls on one instance are serialised.
 */
public final class SqliteChunkStore implements ChunkStore {
  private static final String FIELDS = "summary, tags, topic, body";

  private final Connection connection;
  private final String location;
  private final boolean writable;
  private final ChunkIds ids;
  private final MetaColumns metaColumns;

  /**
   * @param version the schema version the database is read at
   */
  private SqliteChunkStore(
      Connection connection, String location, boolean writable, ChunkIds ids, int version) {
    this.connection = connection;
    this.location = location;
    this.writable = writable;
    this.ids = ids;
    this.metaColumns = MetaColumns.of(version);
  }

  /**
   * Opens (creating when missing, with its folders) the database at {@code path}. A file without
   * write permission is opened read-only: reads work, writes throw {@link ReadOnlyException}.
   *
   * @throws CorruptDataException when the file is not an SQLite database
   * @throws StorageException when its schema is newer than this code, or it cannot be opened
   */
  public static SqliteChunkStore open(Path path, SqliteOptions options) {
    return open(path, options, ChunkIds.system());
  }

  /** As {@link #open(Path, SqliteOptions)}, with the given id generator. */
  public static SqliteChunkStore open(Path path, SqliteOptions options, ChunkIds ids) {
    requireNonNull(options, "options is null");
    requireNonNull(ids, "ids is null");
    Path file = path.toAbsolutePath().normalize();
    String location = "sqlite://" + file.toUri().getRawPath();
    createIfMissing(file, location);
    boolean writable = isWritable(file);
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) options.busyTimeout().toMillis());
    config.setReadOnly(!writable);
    if (writable) {
      config.setJournalMode(SQLiteConfig.JournalMode.WAL);
      config.setSynchronous(
          options.synchronous().equals("full")
              ? SQLiteConfig.SynchronousMode.FULL
              : SQLiteConfig.SynchronousMode.NORMAL);
    }
    Connection connection = null;
    try {
      connection = config.createConnection("jdbc:sqlite:" + file);
      int version = Schema.migrate(connection, location, writable);
      return new SqliteChunkStore(connection, location, writable, ids, version);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw SqliteErrors.translate("open " + location, e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /**
   * Opens the database at {@code path} for reading only: nothing is created, migrated or written,
   * and every write throws {@link ReadOnlyException}. A missing or empty file reads as an empty
   * store (an empty database in memory).
   *
   * @throws CorruptDataException when the file is not an SQLite database
   * @throws StorageException when its schema is newer than this code, or it cannot be opened
   */
  public static SqliteChunkStore openReadOnly(Path path, SqliteOptions options) {
    requireNonNull(options, "options is null");
    Path file = path.toAbsolutePath().normalize();
    String location = "sqlite://" + file.toUri().getRawPath();
    Connection connection = null;
    try {
      int version;
      if (!Files.isRegularFile(file) || Files.size(file) == 0) {
        connection = new SQLiteConfig().createConnection("jdbc:sqlite::memory:");
        version = Schema.migrate(connection, location, true);
      } else {
        SQLiteConfig config = new SQLiteConfig();
        config.setBusyTimeout((int) options.busyTimeout().toMillis());
        config.setReadOnly(true);
        connection = config.createConnection(readOnlyUrl(file));
        version = Schema.migrate(connection, location, false);
      }
      return new SqliteChunkStore(connection, location, false, ChunkIds.system(), version);
    } catch (SQLException e) {
      closeQuietly(connection);
      throw SqliteErrors.translate("open " + location, e);
    } catch (IOException e) {
      throw new StorageException("Cannot open " + location + ": " + e, false, e);
    } catch (RuntimeException e) {
      closeQuietly(connection);
      throw e;
    }
  }

  /**
   * The JDBC URL of a read-only connection that leaves no file behind. A WAL database opened
   * read-only gets new {@code -wal} and {@code -shm} files, which it cannot remove; so where no
   * writer has the database open (it has no {@code -wal} file) it is opened {@code immutable},
   * which reads the file alone. A writer that starts meanwhile may make such a read fail (SQLite
   * reports it as corrupt); the command then fails and may be run again. Where a writer has it
   * open, its WAL files exist already and are read as usual.
   */
  private static String readOnlyUrl(Path file) {
    Path wal = file.resolveSibling(file.getFileName() + "-wal");
    return Files.exists(wal)
        ? "jdbc:sqlite:" + file
        : "jdbc:sqlite:file:" + file.toUri().getRawPath() + "?immutable=1";
  }

  private static void createIfMissing(Path file, String location) {
    try {
      OwnerOnly.createFolders(file.getParent());
      if (!Files.exists(file)) {
        Files.createFile(file, OwnerOnly.fileAttributes(file));
      }
    } catch (FileAlreadyExistsException e) {
      // another process created it first: fine
    } catch (IOException e) {
      throw new StorageException("Cannot open " + location + ": " + e, false, e);
    }
  }

  /** Whether the file may be written: the OS allows it and the owner's write bit is set. */
  private static boolean isWritable(Path file) {
    if (!Files.isWritable(file)) {
      return false;
    }
    try {
      PosixFileAttributeView view = Files.getFileAttributeView(file, PosixFileAttributeView.class);
      return view == null
          || view.readAttributes().permissions().contains(PosixFilePermission.OWNER_WRITE);
    } catch (IOException e) {
      return true;
    }
  }

  private static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // the open already failed; that error is the one to report
      }
    }
  }

  // ---------------------------------------------------------------- writes

  @Override
  public synchronized List<SavedChunk> append(List<ChunkDraft> drafts) {
    requireNonNull(drafts, "drafts is null");
    requireWritable("save");
    drafts.forEach(SqliteChunkStore::checkDraft);
    return inTransaction(
        "save in " + location,
        () -> {
          List<SavedChunk> out = new ArrayList<>(drafts.size());
          try (Appender appender = new Appender()) {
            for (ChunkDraft draft : drafts) {
              out.add(appender.append(draft));
            }
          }
          return out;
        });
  }

  private static void checkDraft(ChunkDraft draft) {
    if (draft.created() != null
        && (draft.created().toEpochMilli() < 0 || draft.created().toEpochMilli() >= (1L << 48))) {
      throw new InvalidInputException(
          "Cannot append chunk: created time " + draft.created() + " is out of range");
    }
  }

  /**
   * The statements of one append, prepared once and used for each of its drafts: a batch costs one
   * statement compile per kind, not per chunk. The next seq of each session is looked up once and
   * then counted on; search rows are written with one JDBC batch when the appender closes.
   */
  private final class Appender implements AutoCloseable {
    private final PreparedStatement find =
        connection.prepareStatement(
            "SELECT "
                + metaColumns.select()
                + " FROM chunks c WHERE project = ? AND topic = ? AND session = ? AND sha256 = ?");
    private final PreparedStatement next =
        connection.prepareStatement(
            "SELECT coalesce(max(seq) + 1, 0) FROM chunks"
                + " WHERE project = ? AND topic = ? AND session = ?");
    private final Inserter inserter = new Inserter("INSERT");
    private final Map<List<String>, Integer> nextSeq = new HashMap<>();

    /**
     * The bodies (sha256 to metadata) saved by this append into sessions that held no chunk before
     * it: those sessions are deduplicated here, without a query per draft (a batch import fills
     * many new sessions). The transaction keeps other writers out meanwhile.
     */
    private final Map<List<String>, Map<String, ChunkMeta>> newSessions = new HashMap<>();

    Appender() throws SQLException {}

    SavedChunk append(ChunkDraft draft) throws SQLException {
      byte[] bytes = draft.body().getBytes(StandardCharsets.UTF_8);
      String sha256 = ChunkCodec.sha256(bytes);
      List<String> session = List.of(draft.project(), draft.topic(), draft.session());
      Integer known = nextSeq.get(session);
      if (known == null) {
        known = firstFreeSeq(draft);
        if (known == 0) {
          newSessions.put(session, new HashMap<>());
        }
      }
      Map<String, ChunkMeta> savedHere = newSessions.get(session);
      if (savedHere != null) {
        ChunkMeta same = savedHere.get(sha256);
        if (same != null) {
          return new SavedChunk(same, false);
        }
      } else {
        find.setString(1, draft.project());
        find.setString(2, draft.topic());
        find.setString(3, draft.session());
        find.setString(4, sha256);
        try (ResultSet rows = find.executeQuery()) {
          if (rows.next()) {
            return new SavedChunk(meta(rows), false);
          }
        }
      }
      int seq = known;
      nextSeq.put(session, seq + 1);
      ChunkMeta meta = ChunkMeta.of(draft, ids.forDraft(draft), seq, sha256, bytes.length);
      inserter.insert(meta, draft.body());
      if (savedHere != null) {
        savedHere.put(sha256, meta);
      }
      return new SavedChunk(meta, true);
    }

    private int firstFreeSeq(ChunkDraft draft) throws SQLException {
      next.setString(1, draft.project());
      next.setString(2, draft.topic());
      next.setString(3, draft.session());
      try (ResultSet rows = next.executeQuery()) {
        rows.next();
        return rows.getInt(1);
      }
    }

    @Override
    public void close() throws SQLException {
      try {
        inserter.flush();
      } finally {
        closeAll(find, next, inserter);
      }
    }
  }

  /**
   * Inserts chunk rows and their search rows with statements prepared once; the search rows are
   * sent as one JDBC batch by {@link #flush}, which must run before the index is read again in the
   * same transaction.
   */
  private final class Inserter implements AutoCloseable {
    private final PreparedStatement insert;
    private final PreparedStatement lastRowid =
        connection.prepareStatement("SELECT last_insert_rowid()");
    private final PreparedStatement index =
        connection.prepareStatement(
            "INSERT INTO chunks_fts (rowid, " + FIELDS + ") VALUES (?, ?, ?, ?, ?)");
    private int pending;

    /**
     * @param verb {@code INSERT}, or {@code INSERT OR IGNORE} to skip chunks already present
     */
    Inserter(String verb) throws SQLException {
      insert =
          connection.prepareStatement(
              verb
                  + " INTO chunks ("
                  + metaColumns.insert()
                  + ", body) VALUES (?"
                  + ", ?".repeat(metaColumns.count())
                  + ")");
    }

    /** Inserts a chunk row and queues its search row; returns whether a row was inserted. */
    boolean insert(ChunkMeta meta, String body) throws SQLException {
      insert.setString(metaColumns.bind(insert, 1, meta), body);
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
      closeAll(insert, lastRowid, index);
    }
  }

  @Override
  public synchronized List<ChunkId> delete(Collection<ChunkId> idsToDelete) {
    requireNonNull(idsToDelete, "ids is null");
    requireWritable("delete");
    Set<ChunkId> unique = new LinkedHashSet<>(idsToDelete);
    return inTransaction(
        "delete from " + location,
        () -> {
          List<ChunkId> deleted = new ArrayList<>();
          for (ChunkId id : unique) {
            Optional<Long> rowid = rowid(id);
            if (rowid.isEmpty()) {
              continue;
            }
            deleteRow(rowid.get());
            deleted.add(id);
          }
          return deleted;
        });
  }

  private void deleteRow(long rowid) throws SQLException {
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

  private Optional<Long> rowid(ChunkId id) throws SQLException {
    try (PreparedStatement find =
        connection.prepareStatement("SELECT rowid FROM chunks WHERE id = ?")) {
      find.setString(1, id.toString());
      try (ResultSet rows = find.executeQuery()) {
        return rows.next() ? Optional.of(rows.getLong(1)) : Optional.empty();
      }
    }
  }

  /** Optimises the FTS index and checkpoints the write-ahead log. */
  @Override
  public synchronized void compact() {
    requireWritable("compact");
    try (Statement statement = connection.createStatement()) {
      statement.execute("INSERT INTO chunks_fts (chunks_fts) VALUES ('optimize')");
      statement.execute("PRAGMA wal_checkpoint(PASSIVE)");
    } catch (SQLException e) {
      throw SqliteErrors.translate("compact " + location, e);
    }
  }

  @Override
  public synchronized long reindex() {
    requireWritable("reindex");
    return inTransaction(
        "reindex " + location,
        () -> {
          try (Statement statement = connection.createStatement()) {
            statement.execute("INSERT INTO chunks_fts (chunks_fts) VALUES ('delete-all')");
          }
          long count = 0;
          try (Inserter inserter = new Inserter("INSERT");
              Statement statement = connection.createStatement();
              ResultSet rows =
                  statement.executeQuery(
                      "SELECT c.rowid, " + metaColumns.select() + ", c.body FROM chunks c")) {
            while (rows.next()) {
              inserter.index(
                  rows.getLong(1), meta(rows, 1), rows.getString(metaColumns.count() + 2));
              count++;
            }
            inserter.flush();
          }
          return count;
        });
  }

  @Override
  public synchronized VerifyReport verify(boolean repair) {
    if (repair) {
      requireWritable("repair");
    }
    return inTransaction(
        "verify " + location,
        () -> {
          List<VerifyReport.Problem> problems = new ArrayList<>();
          Set<Long> indexed = new HashSet<>();
          try (Statement statement = connection.createStatement();
              ResultSet rows = statement.executeQuery("SELECT id FROM chunks_fts_docsize")) {
            while (rows.next()) {
              indexed.add(rows.getLong(1));
            }
          }
          long checked = 0;
          try (Inserter inserter = new Inserter("INSERT");
              Statement statement = connection.createStatement();
              ResultSet rows =
                  statement.executeQuery(
                      "SELECT c.rowid, " + metaColumns.select() + ", c.body FROM chunks c")) {
            while (rows.next()) {
              checked++;
              long rowid = rows.getLong(1);
              ChunkMeta meta = meta(rows, 1);
              String text = rows.getString(metaColumns.count() + 2);
              byte[] body = text.getBytes(StandardCharsets.UTF_8);
              if (!ChunkCodec.sha256(body).equals(meta.sha256()) || body.length != meta.size()) {
                problems.add(
                    new VerifyReport.Problem(
                        VerifyReport.Kind.CHECKSUM,
                        meta.id().toString(),
                        "the body does not match its sha256 and size",
                        false));
              }
              if (!indexed.remove(rowid)) {
                if (repair) {
                  inserter.index(rowid, meta, text);
                }
                problems.add(
                    new VerifyReport.Problem(
                        VerifyReport.Kind.NOT_INDEXED,
                        meta.id().toString(),
                        "the chunk is missing from the search index",
                        repair));
              }
            }
            inserter.flush();
          }
          for (long orphan : indexed) {
            if (repair) {
              try (PreparedStatement delete =
                  connection.prepareStatement("DELETE FROM chunks_fts WHERE rowid = ?")) {
                delete.setLong(1, orphan);
                delete.executeUpdate();
              }
            }
            problems.add(
                new VerifyReport.Problem(
                    VerifyReport.Kind.MISSING_CHUNK,
                    "rowid " + orphan,
                    "the search index holds a row whose chunk is gone",
                    repair));
          }
          return new VerifyReport(checked, problems);
        });
  }

  /**
   * Makes this database hold exactly the given live chunks, then searches it: the local search
   * index of a blob store. Bodies are read only for chunks not yet held; chunks no longer live are
   * removed. A chunk whose content duplicates one already held in its session is skipped.
   */
  synchronized List<SearchHit> syncAndSearch(
      SearchQuery query,
      Supplier<List<ChunkMeta>> live,
      Function<List<ChunkMeta>, List<Chunk>> bodies) {
    requireNonNull(query, "query is null");
    QueryParser.parse(query.text());
    requireWritable("update the search index");
    List<ChunkMeta> liveMetas = live.get();
    Set<String> liveIds = new HashSet<>();
    liveMetas.forEach(meta -> liveIds.add(meta.id().toString()));
    Set<String> held;
    try {
      held = heldIds();
    } catch (SQLException e) {
      throw SqliteErrors.translate("read the search index " + location, e);
    }
    List<ChunkMeta> missing =
        liveMetas.stream().filter(meta -> !held.contains(meta.id().toString())).toList();
    List<Chunk> fetched = missing.isEmpty() ? List.of() : bodies.apply(missing);
    return inTransaction(
        "update the search index " + location,
        () -> {
          Set<String> gone = heldIds();
          gone.removeAll(liveIds);
          for (String id : gone) {
            deleteRow(rowid(ChunkId.of(id)).orElseThrow());
          }
          try (Inserter inserter = new Inserter("INSERT OR IGNORE")) {
            for (Chunk chunk : fetched) {
              inserter.insert(chunk.meta(), chunk.body());
            }
            inserter.flush();
          }
          return search(query);
        });
  }

  private Set<String> heldIds() throws SQLException {
    Set<String> out = new HashSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("SELECT id FROM chunks")) {
      while (rows.next()) {
        out.add(rows.getString(1));
      }
    }
    return out;
  }

  /** Above this many new entries, the held ids are read in one pass rather than one by one. */
  private static final int POINT_LOOKUPS = 1_000;

  /**
   * Brings this database up to date with a store's index, source by source, then searches it: the
   * local search index of a blob store, kept incrementally. Table {@code index_sources} names the
   * sources applied; {@code index_records} holds, for each chunk id, the last applied source with a
   * record of it and whether that record is a tombstone. Only new sources are read, and bodies only
   * for new entries. Sources gone from the store (merged, rewritten by {@code reindex}) take their
   * records along unless a new source holds them again; then, as on the first build, every chunk
   * without a live record is removed. A source that vanished while it was read is not marked
   * applied, and removals wait for the next search. When another process updated the index between
   * this one's first look and its transaction, this one only searches.
   */
  synchronized List<SearchHit> syncAndSearch(
      SearchQuery query, IndexFeed feed, Function<List<ChunkMeta>, List<Chunk>> bodies) {
    requireNonNull(query, "query is null");
    QueryParser.parse(query.text());
    requireWritable("update the search index");
    String action = "update the search index " + location;
    Set<String> applied;
    try {
      createSyncTables();
      applied = strings("SELECT source FROM index_sources");
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
    return inTransaction(
        action,
        () -> {
          if (!strings("SELECT source FROM index_sources").equals(applied)) {
            // Another process synced since this one noted what was applied, from a listing that
            // may be newer than this one's: applying this one over it could bring back records
            // of sources it retired. Its state is consistent; search it as it is.
            return search(query);
          }
          applyRecords(fresh, read);
          for (String id : deleted) {
            Optional<Long> rowid = rowid(ChunkId.of(id));
            if (rowid.isPresent()) {
              deleteRow(rowid.get());
            }
          }
          if (complete && (applied.isEmpty() || !gone.isEmpty())) {
            forget(gone);
            for (long rowid :
                longs(
                    "SELECT c.rowid FROM chunks c WHERE NOT EXISTS (SELECT 1 FROM index_records r"
                        + " WHERE r.id = c.id AND r.tombstone = 0)")) {
              deleteRow(rowid);
            }
          }
          // Last: a new chunk may repeat the content of one just removed in its session.
          try (Inserter inserter = new Inserter("INSERT OR IGNORE")) {
            for (Chunk chunk : fetched) {
              inserter.insert(chunk.meta(), chunk.body());
            }
            inserter.flush();
          }
          return search(query);
        });
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
      Set<String> all = heldIds();
      all.addAll(strings("SELECT id FROM index_records WHERE tombstone = 1"));
      return all;
    }
    Set<String> out = new HashSet<>();
    try (PreparedStatement find =
        connection.prepareStatement(
            "SELECT 1 FROM chunks WHERE id = ?1 UNION ALL"
                + " SELECT 1 FROM index_records WHERE id = ?1 AND tombstone = 1")) {
      for (String id : ids) {
        find.setString(1, id);
        try (ResultSet rows = find.executeQuery()) {
          if (rows.next()) {
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

  private Set<String> strings(String sql) throws SQLException {
    Set<String> out = new HashSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        out.add(rows.getString(1));
      }
    }
    return out;
  }

  private List<Long> longs(String sql) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        out.add(rows.getLong(1));
      }
    }
    return out;
  }

  // ---------------------------------------------------------------- reads

  @Override
  public synchronized List<ChunkMeta> list(ChunkFilter filter, int limit) {
    requireNonNull(filter, "filter is null");
    if (limit < 1) {
      return List.of();
    }
    SqlFilter where = SqlFilter.of(filter);
    String sql =
        "SELECT "
            + metaColumns.select()
            + " FROM chunks c WHERE "
            + where.sql()
            + " ORDER BY c.id DESC LIMIT ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int next = where.bind(statement, 1);
      statement.setInt(next, limit);
      List<ChunkMeta> out = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          out.add(meta(rows));
        }
      }
      return out;
    } catch (SQLException e) {
      throw SqliteErrors.translate("list " + location, e);
    }
  }

  @Override
  public synchronized Optional<Chunk> read(ChunkId id) {
    requireNonNull(id, "id is null");
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT " + metaColumns.select() + ", c.body FROM chunks c WHERE c.id = ?")) {
      statement.setString(1, id.toString());
      try (ResultSet rows = statement.executeQuery()) {
        return rows.next()
            ? Optional.of(new Chunk(meta(rows), rows.getString(metaColumns.count() + 1)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqliteErrors.translate("read chunk " + id + " from " + location, e);
    }
  }

  /**
   * {@inheritDoc}
   *
   * @throws NotFoundException naming the first chunk that no longer exists
   */
  @Override
  public synchronized List<Chunk> readAll(List<ChunkMeta> metas) {
    requireNonNull(metas, "metas is null");
    List<Chunk> out = new ArrayList<>(metas.size());
    for (ChunkMeta meta : metas) {
      out.add(
          read(meta.id())
              .orElseThrow(
                  () ->
                      new NotFoundException(
                          "Cannot read chunk "
                              + meta.id()
                              + " from "
                              + location
                              + ": it is gone")));
    }
    return out;
  }

  @Override
  public synchronized List<SearchHit> search(SearchQuery query) {
    requireNonNull(query, "query is null");
    QueryNode parsed = QueryParser.parse(query.text());
    SqlFilter where = SqlFilter.of(query.filter());
    String score =
        switch (query.rank()) {
          case RELEVANCE -> "m.relevance";
          case RECENT -> "c.created";
          case BALANCED ->
              "m.relevance * ("
                  + Ranking.RECENCY_FLOOR
                  + " + "
                  + (1 - Ranking.RECENCY_FLOOR)
                  + " * pow(0.5, max(0, ? - c.created) / 1e9 / ?))";
        };
    String sql =
        "WITH m AS (SELECT rowid AS rid, -bm25(chunks_fts, "
            + weights()
            + ") AS relevance FROM chunks_fts WHERE chunks_fts MATCH ?),"
            + " top AS (SELECT c.rowid AS rid, m.relevance AS relevance, "
            + score
            + " AS score, c.created AS created, c.id AS id"
            + " FROM m JOIN chunks c ON c.rowid = m.rid WHERE "
            + where.sql()
            + " ORDER BY score DESC, created DESC, id DESC LIMIT ?)"
            + " SELECT "
            + metaColumns.select()
            + ", c.body, top.relevance FROM top JOIN chunks c ON c.rowid = top.rid";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int next = 1;
      statement.setString(next++, FtsQuery.of(parsed));
      if (query.rank() == RankMode.BALANCED) {
        statement.setLong(next++, nanos(query.now()));
        statement.setDouble(
            next++, query.halfLife().getSeconds() + query.halfLife().getNano() / 1e9);
      }
      next = where.bind(statement, next);
      statement.setInt(next, query.limit());
      List<SearchHit> hits = new ArrayList<>();
      try (ResultSet rows = statement.executeQuery()) {
        while (rows.next()) {
          ChunkMeta meta = meta(rows);
          Snippets.Snippet snippet = Snippets.of(rows.getString(metaColumns.count() + 1), parsed);
          hits.add(Ranking.hit(meta, rows.getDouble(metaColumns.count() + 2), query, snippet));
        }
      }
      hits.sort(Ranking.order(query.rank()));
      return List.copyOf(hits);
    } catch (SQLException e) {
      throw SqliteErrors.translate("search " + location, e);
    }
  }

  private static String weights() {
    List<String> weights = new ArrayList<>();
    for (SearchField field : SearchField.values()) {
      weights.add(Double.toString(field.weight()));
    }
    return String.join(", ", weights);
  }

  @Override
  public synchronized StoreStats stats() {
    try (Statement statement = connection.createStatement()) {
      long chunks;
      long bytes;
      Instant oldest = null;
      Instant newest = null;
      try (ResultSet rows =
          statement.executeQuery(
              "SELECT count(*), coalesce(sum(size), 0), min(created), max(created) FROM chunks")) {
        rows.next();
        chunks = rows.getLong(1);
        bytes = rows.getLong(2);
        if (chunks > 0) {
          oldest = MetaFields.ofNanos(rows.getLong(3));
          newest = MetaFields.ofNanos(rows.getLong(4));
        }
      }
      Map<String, Long> perProject = new TreeMap<>();
      try (ResultSet rows =
          statement.executeQuery("SELECT project, count(*) FROM chunks GROUP BY project")) {
        while (rows.next()) {
          perProject.put(rows.getString(1), rows.getLong(2));
        }
      }
      return new StoreStats(chunks, bytes, oldest, newest, perProject);
    } catch (SQLException e) {
      throw SqliteErrors.translate("read stats of " + location, e);
    }
  }

  @Override
  public String location() {
    return location;
  }

  @Override
  public synchronized void close() {
    try {
      connection.close();
    } catch (SQLException e) {
      throw SqliteErrors.translate("close " + location, e);
    }
  }

  // ---------------------------------------------------------------- helpers

  private void requireWritable(String what) {
    if (!writable) {
      throw new ReadOnlyException(
          "Cannot " + what + " in " + location + ": the database file is read-only");
    }
  }

  /** Closes each resource, even when an earlier one fails; throws the first failure. */
  private static void closeAll(AutoCloseable... resources) throws SQLException {
    SQLException failure = null;
    for (AutoCloseable resource : resources) {
      try {
        resource.close();
      } catch (SQLException e) {
        failure = failure == null ? e : failure;
      } catch (Exception e) {
        SQLException wrapped = new SQLException(e.getMessage(), e);
        failure = failure == null ? wrapped : failure;
      }
    }
    if (failure != null) {
      throw failure;
    }
  }

  /** A unit of work inside one transaction. */
  @FunctionalInterface
  private interface Work<T> {
    T run() throws SQLException;
  }

  /** Runs work in one {@code BEGIN IMMEDIATE} transaction, rolled back on any failure. */
  private <T> T inTransaction(String action, Work<T> work) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      try {
        T result = work.run();
        statement.execute("COMMIT");
        return result;
      } catch (SQLException | RuntimeException e) {
        statement.execute("ROLLBACK");
        throw e;
      }
    } catch (SQLException e) {
      throw SqliteErrors.translate(action, e);
    }
  }

  private ChunkMeta meta(ResultSet rows) throws SQLException {
    return meta(rows, 0);
  }

  /** Reads the {@link MetaColumns#select} starting after column {@code offset}. */
  private ChunkMeta meta(ResultSet rows, int offset) throws SQLException {
    return metaColumns.read(rows, offset, location);
  }

  /** Nanoseconds since the epoch, saturated to the range of a long, as the created column holds. */
  static long nanos(Instant instant) {
    return MetaFields.nanos(instant);
  }
}
