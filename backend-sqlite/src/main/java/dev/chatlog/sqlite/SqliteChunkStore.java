package dev.chatlog.sqlite;

import static java.util.Objects.requireNonNull;

import dev.chatlog.engine.ChunkCodec;
import dev.chatlog.engine.ChunkIds;
import dev.chatlog.engine.RestoreChecks;
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
import dev.chatlog.model.RestoredChunk;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.model.StoreStats;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.StoreHealth;
import dev.chatlog.spi.VerifyReport;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ForkJoinPool;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * A whole chunk store in one SQLite file: metadata, bodies and an FTS5 index. WAL mode, a busy
 * timeout, and one {@code BEGIN IMMEDIATE} transaction per append or delete, so several processes
 * may write one file at once. Thread-safe: calls on one instance are serialised. Its rows and its
 * search are those of {@link ChunkRows} and {@link FtsSearch}, which the local search index of the
 * blob stores ({@link SqliteLocalSearchIndex}) shares.
 *
 * @since 0.1.0
 */
public final class SqliteChunkStore implements ChunkStore {
  /** Appends of at least this many drafts encode them on other threads ({@link #encode}). */
  private static final int ENCODE_AHEAD = 16;

  private final Connection connection;
  private final String location;
  private final boolean writable;
  private final ChunkIds ids;
  private final ChunkRows rows;

  private SqliteChunkStore(SqliteFile file, ChunkIds ids) {
    this.connection = file.connection();
    this.location = file.location();
    this.writable = file.writable();
    this.ids = ids;
    this.rows = new ChunkRows(file);
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
    return new SqliteChunkStore(SqliteFile.open(path, options), ids);
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
    return new SqliteChunkStore(SqliteFile.openReadOnly(path, options), ChunkIds.system());
  }

  // ---------------------------------------------------------------- writes

  @Override
  public synchronized List<SavedChunk> append(List<ChunkDraft> drafts) {
    requireNonNull(drafts, "drafts is null");
    requireWritable("save");
    drafts.forEach(SqliteChunkStore::checkDraft);
    List<Supplier<EncodedDraft>> encoded = encode(drafts);
    return inTransaction(
        "save in " + location,
        () -> {
          List<SavedChunk> out = new ArrayList<>(drafts.size());
          try (Appender appender = new Appender()) {
            for (Supplier<EncodedDraft> draft : encoded) {
              out.add(appender.append(draft.get()));
            }
          }
          return out;
        });
  }

  /**
   * The drafts encoded: those of a batch of {@value #ENCODE_AHEAD} or more by the common pool, so
   * that the transaction writes the rows of one while the next are encoded (an import's appends of
   * 256 chunks spent a tenth of their thread's time encoding and hashing); a save's few here.
   */
  private static List<Supplier<EncodedDraft>> encode(List<ChunkDraft> drafts) {
    if (drafts.size() < ENCODE_AHEAD) {
      return drafts.stream()
          .map(EncodedDraft::of)
          .<Supplier<EncodedDraft>>map(encoded -> () -> encoded)
          .toList();
    }
    return drafts.stream()
        .map(draft -> ForkJoinPool.commonPool().submit(() -> EncodedDraft.of(draft)))
        .<Supplier<EncodedDraft>>map(task -> task::join)
        .toList();
  }

  /** A draft with its text encoded and the SHA-256 of its body. */
  private record EncodedDraft(ChunkDraft draft, EncodedText text, String sha256) {
    static EncodedDraft of(ChunkDraft draft) {
      EncodedText text = EncodedText.of(draft);
      return new EncodedDraft(draft, text, ChunkCodec.sha256(text.body()));
    }
  }

  /**
   * Inserts chunks as they are, in one transaction: a chunk whose id is held is {@code PRESENT}
   * (same SHA-256) or a {@code CONFLICT}; so is one whose body its session holds under another id,
   * since this store keeps a body once per session (a blob store may hold it twice, when it was
   * saved again past the window a save deduplicates in).
   */
  @Override
  public synchronized List<RestoredChunk> restore(List<Chunk> chunks) {
    requireNonNull(chunks, "chunks is null");
    chunks.forEach(chunk -> requireNonNull(chunk, "chunk is null"));
    requireWritable("restore");
    RestoreChecks.check(chunks);
    if (chunks.isEmpty()) {
      return List.of();
    }
    return inTransaction(
        "restore into " + location,
        () -> {
          List<RestoredChunk> out = new ArrayList<>(chunks.size());
          try (PreparedStatement byId =
                  connection.prepareStatement("SELECT sha256 FROM chunks WHERE id = ?");
              PreparedStatement byBody =
                  connection.prepareStatement(
                      "SELECT id FROM chunks"
                          + " WHERE project = ? AND topic = ? AND session = ? AND sha256 = ?");
              ChunkRows.Inserter inserter = rows.inserter("INSERT")) {
            for (Chunk chunk : chunks) {
              out.add(restore(chunk, byId, byBody, inserter));
            }
            inserter.flush();
          }
          return out;
        });
  }

  private static RestoredChunk restore(
      Chunk chunk, PreparedStatement byId, PreparedStatement byBody, ChunkRows.Inserter inserter)
      throws SQLException {
    ChunkMeta meta = chunk.meta();
    byId.setString(1, meta.id().toString());
    try (ResultSet found = byId.executeQuery()) {
      if (found.next()) {
        return found.getString(1).equals(meta.sha256())
            ? RestoredChunk.present(meta)
            : RestoredChunk.conflict(
                meta, "the store holds another chunk of this id (another sha256)");
      }
    }
    byBody.setString(1, meta.project());
    byBody.setString(2, meta.topic());
    byBody.setString(3, meta.session());
    byBody.setString(4, meta.sha256());
    try (ResultSet found = byBody.executeQuery()) {
      if (found.next()) {
        return RestoredChunk.conflict(
            meta,
            "its session holds the same body as chunk "
                + found.getString(1)
                + ", and an SQLite store keeps a body once per session");
      }
    }
    inserter.insert(meta, chunk.body());
    return RestoredChunk.restored(meta);
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
                + rows.metaColumns()
                + " FROM chunks c WHERE project = ? AND topic = ? AND session = ? AND sha256 = ?");
    private final PreparedStatement next =
        connection.prepareStatement(
            "SELECT coalesce(max(seq) + 1, 0) FROM chunks"
                + " WHERE project = ? AND topic = ? AND session = ?");
    private final ChunkRows.Inserter inserter = rows.inserter("INSERT");
    private final Map<List<String>, Integer> nextSeq = new HashMap<>();

    /**
     * The bodies (sha256 to metadata) saved by this append into sessions that held no chunk before
     * it: those sessions are deduplicated here, without a query per draft (a batch import fills
     * many new sessions). The transaction keeps other writers out meanwhile.
     */
    private final Map<List<String>, Map<String, ChunkMeta>> newSessions = new HashMap<>();

    Appender() throws SQLException {}

    SavedChunk append(EncodedDraft encoded) throws SQLException {
      ChunkDraft draft = encoded.draft();
      String sha256 = encoded.sha256();
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
        try (ResultSet result = find.executeQuery()) {
          if (result.next()) {
            return new SavedChunk(rows.meta(result, 0), false);
          }
        }
      }
      int seq = known;
      nextSeq.put(session, seq + 1);
      ChunkMeta meta =
          ChunkMeta.of(draft, ids.forDraft(draft), seq, sha256, encoded.text().body().length);
      inserter.insert(meta, encoded.text());
      if (savedHere != null) {
        savedHere.put(sha256, meta);
      }
      return new SavedChunk(meta, true);
    }

    private int firstFreeSeq(ChunkDraft draft) throws SQLException {
      next.setString(1, draft.project());
      next.setString(2, draft.topic());
      next.setString(3, draft.session());
      try (ResultSet result = next.executeQuery()) {
        result.next();
        return result.getInt(1);
      }
    }

    @Override
    public void close() throws SQLException {
      try {
        inserter.flush();
      } finally {
        Jdbc.closeAll(find, next, inserter);
      }
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
            Optional<Long> rowid = rows.rowid(id);
            if (rowid.isEmpty()) {
              continue;
            }
            rows.delete(rowid.get());
            deleted.add(id);
          }
          return deleted;
        });
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
          rows.deleteAllSearchRows();
          long count = 0;
          try (ChunkRows.Inserter inserter = rows.inserter("INSERT");
              Statement statement = connection.createStatement();
              ResultSet result =
                  statement.executeQuery(
                      "SELECT c.rowid, " + rows.metaColumns() + ", c.body FROM chunks c")) {
            while (result.next()) {
              inserter.index(
                  result.getLong(1),
                  rows.meta(result, 1),
                  result.getString(rows.metaColumnCount() + 2));
              count++;
            }
            inserter.flush();
          }
          return count;
        });
  }

  @Override
  public synchronized VerifyReport verify(boolean repair) {
    return verify(repair, false);
  }

  /**
   * {@inheritDoc} Accepting an edit sets the row's checksum and size to those of its body and
   * indexes that body for search; an edit that makes the body equal to another chunk of its session
   * cannot be accepted (two chunks of a session never share a body) and stays reported.
   */
  @Override
  public synchronized VerifyReport verify(boolean repair, boolean acceptEdits) {
    if (repair) {
      requireWritable("repair");
    }
    return inTransaction(
        "verify " + location,
        () -> {
          List<VerifyReport.Problem> problems = new ArrayList<>();
          Set<Long> indexed = rows.searchRowids();
          long checked = 0;
          Map<Long, Chunk> edited = new LinkedHashMap<>();
          try (ChunkRows.Inserter inserter = rows.inserter("INSERT");
              Statement statement = connection.createStatement();
              ResultSet result =
                  statement.executeQuery(
                      "SELECT c.rowid, " + rows.metaColumns() + ", c.body FROM chunks c")) {
            while (result.next()) {
              checked++;
              long rowid = result.getLong(1);
              ChunkMeta meta = rows.meta(result, 1);
              Chunk now = ChunkCodec.withBody(meta, result.getString(rows.metaColumnCount() + 2));
              if (now.modified()) {
                edited.put(rowid, now);
              }
              if (!indexed.remove(rowid)) {
                if (repair) {
                  inserter.index(rowid, meta, result.getString(rows.metaColumnCount() + 2));
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
              rows.deleteSearchRow(orphan);
            }
            problems.add(
                new VerifyReport.Problem(
                    VerifyReport.Kind.MISSING_CHUNK,
                    "rowid " + orphan,
                    "the search index holds a row whose chunk is gone",
                    repair));
          }
          for (Map.Entry<Long, Chunk> entry : edited.entrySet()) {
            Chunk chunk = entry.getValue();
            long size = chunk.body().getBytes(StandardCharsets.UTF_8).length;
            boolean accepted = repair && acceptEdits && acceptEdit(entry.getKey(), chunk, size);
            problems.add(
                VerifyReport.Problem.modified(
                    chunk.id().toString(), chunk.meta().size(), size, accepted));
          }
          return new VerifyReport(checked, problems);
        });
  }

  /**
   * Makes a row's body its saved one: its checksum and size from the body, and the body indexed for
   * search again; false when another chunk of its session has that body.
   */
  private boolean acceptEdit(long rowid, Chunk chunk, long size) throws SQLException {
    try (PreparedStatement update =
        connection.prepareStatement(
            "UPDATE OR IGNORE chunks SET sha256 = ?, size = ? WHERE rowid = ?")) {
      update.setString(1, ChunkCodec.sha256(chunk.body()));
      update.setLong(2, size);
      update.setLong(3, rowid);
      if (update.executeUpdate() == 0) {
        return false;
      }
    }
    rows.deleteSearchRow(rowid);
    try (ChunkRows.Inserter inserter = rows.inserter("INSERT")) {
      inserter.index(rowid, chunk.meta(), chunk.body());
      inserter.flush();
    }
    return true;
  }

  // ---------------------------------------------------------------- reads

  @Override
  public synchronized List<ChunkMeta> list(ChunkFilter filter, int limit) {
    requireNonNull(filter, "filter is null");
    return newest(filter, null, limit);
  }

  @Override
  public synchronized List<ChunkMeta> listBefore(ChunkFilter filter, ChunkId before, int limit) {
    requireNonNull(filter, "filter is null");
    requireNonNull(before, "before is null");
    return newest(filter, before, limit);
  }

  /** The ids alone, in the table's order: no metadata is decoded, nothing is sorted. */
  @Override
  public synchronized void forEachId(ChunkFilter filter, Consumer<ChunkId> action) {
    requireNonNull(filter, "filter is null");
    SqlFilter where = SqlFilter.of(filter);
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT c.id FROM chunks c WHERE " + where.sql())) {
      where.bind(statement, 1);
      try (ResultSet result = statement.executeQuery()) {
        while (result.next()) {
          action.accept(ChunkId.of(result.getString(1)));
        }
      }
    } catch (SQLException e) {
      throw SqliteErrors.translate("list " + location, e);
    }
  }

  /**
   * At most {@code limit} matching chunks with ids below {@code before} (if given), newest first.
   */
  private List<ChunkMeta> newest(ChunkFilter filter, ChunkId before, int limit) {
    if (limit < 1) {
      return List.of();
    }
    SqlFilter where = SqlFilter.of(filter);
    String sql =
        "SELECT "
            + rows.metaColumns()
            + " FROM chunks c WHERE "
            + (before == null ? "" : "c.id < ? AND ")
            + where.sql()
            + " ORDER BY c.id DESC LIMIT ?";
    try (PreparedStatement statement = connection.prepareStatement(sql)) {
      int next = 1;
      if (before != null) {
        statement.setString(next++, before.toString());
      }
      next = where.bind(statement, next);
      statement.setInt(next, limit);
      return rows.metas(statement);
    } catch (SQLException e) {
      throw SqliteErrors.translate("list " + location, e);
    }
  }

  @Override
  public synchronized Optional<Chunk> read(ChunkId id) {
    requireNonNull(id, "id is null");
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT " + rows.metaColumns() + ", c.body FROM chunks c WHERE c.id = ?")) {
      statement.setString(1, id.toString());
      try (ResultSet result = statement.executeQuery()) {
        return result.next()
            ? Optional.of(
                ChunkCodec.withBody(
                    rows.meta(result, 0), result.getString(rows.metaColumnCount() + 1)))
            : Optional.empty();
      }
    } catch (SQLException e) {
      throw SqliteErrors.translate("read chunk " + id + " from " + location, e);
    }
  }

  /** Live chunks by the start of their id: a range of the unique index on {@code id}. */
  @Override
  public synchronized List<ChunkMeta> withIdPrefix(String prefix, int limit) {
    requireNonNull(prefix, "prefix is null");
    try (PreparedStatement statement =
        connection.prepareStatement(
            "SELECT "
                + rows.metaColumns()
                + " FROM chunks c WHERE c.id >= ? AND c.id <= ? ORDER BY c.id DESC LIMIT ?")) {
      statement.setString(1, ChunkId.firstWithPrefix(prefix));
      statement.setString(2, ChunkId.lastWithPrefix(prefix));
      statement.setInt(3, limit);
      return rows.metas(statement);
    } catch (SQLException e) {
      throw SqliteErrors.translate("find chunks by id in " + location, e);
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
    return FtsSearch.search(rows, query);
  }

  @Override
  public synchronized StoreStats stats() {
    try (Statement statement = connection.createStatement()) {
      long chunks;
      long bytes;
      Instant oldest = null;
      Instant newest = null;
      try (ResultSet result =
          statement.executeQuery(
              "SELECT count(*), coalesce(sum(size), 0), min(created), max(created) FROM chunks")) {
        result.next();
        chunks = result.getLong(1);
        bytes = result.getLong(2);
        if (chunks > 0) {
          oldest = ChunkRows.instant(result.getLong(3));
          newest = ChunkRows.instant(result.getLong(4));
        }
      }
      Map<String, Long> perProject = new TreeMap<>();
      try (ResultSet result =
          statement.executeQuery("SELECT project, count(*) FROM chunks GROUP BY project")) {
        while (result.next()) {
          perProject.put(result.getString(1), result.getLong(2));
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

  /**
   * What {@code chatlog doctor} reports of this database, read and written by probes that leave
   * nothing behind: a count of the chunks (reachable), then, in one transaction that is rolled
   * back, a probe table and a row in it (writable) and a second row of the same key, which its
   * primary key must refuse (conditional writes).
   */
  synchronized StoreHealth probe() {
    try {
      stats();
    } catch (RuntimeException e) {
      return StoreHealth.unreachable(location, e.getMessage());
    }
    StoreHealth.Check ok = StoreHealth.Check.ok();
    if (!writable) {
      return new StoreHealth(
          location,
          ok,
          StoreHealth.Check.fail("Cannot write " + location + ": the database file is read-only"),
          StoreHealth.Check.unknown("the probe could not be written"));
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      try {
        statement.execute("CREATE TABLE chatlog_probe (id TEXT PRIMARY KEY)");
        statement.execute("INSERT INTO chatlog_probe VALUES ('probe')");
      } catch (SQLException e) {
        statement.execute("ROLLBACK");
        return notWritable(e);
      }
      StoreHealth.Check conditional;
      try {
        statement.execute("INSERT INTO chatlog_probe VALUES ('probe')");
        conditional =
            StoreHealth.Check.fail(
                "Cannot trust " + location + ": a second row of one key was not refused");
      } catch (SQLException e) {
        conditional = ok;
      }
      statement.execute("ROLLBACK");
      return new StoreHealth(location, ok, ok, conditional);
    } catch (SQLException e) {
      return notWritable(e);
    }
  }

  private StoreHealth notWritable(SQLException e) {
    return new StoreHealth(
        location,
        StoreHealth.Check.ok(),
        StoreHealth.Check.fail(SqliteErrors.translate("write " + location, e).getMessage()),
        StoreHealth.Check.unknown("the probe could not be written"));
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

  /** Runs work in one {@code BEGIN IMMEDIATE} transaction, rolled back on any failure. */
  private <T> T inTransaction(String action, Jdbc.Work<T> work) {
    return Jdbc.inTransaction(connection, action, work);
  }
}
