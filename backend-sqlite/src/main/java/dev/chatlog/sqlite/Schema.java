package dev.chatlog.sqlite;

import dev.chatlog.error.StorageException;
import dev.chatlog.search.SearchField;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The database schema, versioned with {@code PRAGMA user_version}. {@link #MIGRATIONS} holds the
 * steps from each version to the next; a database is brought forward in one transaction, and a
 * database newer than {@link #VERSION} is refused rather than misread.
 */
final class Schema {
  /** The schema version this code reads and writes. */
  static final int VERSION = 4;

  /**
   * The oldest version a read-only database is read at as it is: the steps since add indexes, which
   * make reads faster but are not needed to read, the {@code meta} column, which holds nothing in a
   * database of an older version ({@link MetaColumns}), and the lists of common words, which a
   * search does without ({@link WordLists}).
   */
  static final int OLDEST_READABLE = 1;

  /**
   * The columns of the search table {@code chunks_fts}, one per {@link SearchField} in its order:
   * its rows hold each field's folded tokens, and bm25() takes its weights in this order.
   */
  static final String SEARCH_COLUMNS =
      String.join(", ", Arrays.stream(SearchField.values()).map(SearchField::column).toList());

  /** The weights of {@code bm25()} over {@code chunks_fts}: one per column, in its order. */
  static final String BM25_WEIGHTS =
      Arrays.stream(SearchField.values())
          .map(field -> Double.toString(field.weight()))
          .collect(Collectors.joining(", "));

  /** Statements taking the schema from version {@code i} to {@code i + 1}. */
  private static final List<List<String>> MIGRATIONS =
      List.of(version1(), version2(), version3(), version4());

  private Schema() {}

  private static List<String> version1() {
    return List.of(
        "CREATE TABLE chunks ("
            + " id TEXT NOT NULL UNIQUE,"
            + " project TEXT NOT NULL,"
            + " topic TEXT NOT NULL,"
            + " session TEXT NOT NULL,"
            + " seq INTEGER NOT NULL,"
            + " created INTEGER NOT NULL," // nanoseconds since the epoch
            + " actors TEXT NOT NULL," // JSON array
            + " source TEXT NOT NULL,"
            + " tags TEXT NOT NULL," // JSON array
            + " summary TEXT NOT NULL,"
            + " labels TEXT NOT NULL," // JSON object
            + " sha256 TEXT NOT NULL,"
            + " size INTEGER NOT NULL,"
            + " body TEXT NOT NULL)",
        "CREATE UNIQUE INDEX chunks_content ON chunks (project, topic, session, sha256)",
        "CREATE INDEX chunks_session ON chunks (project, topic, session, seq)",
        "CREATE INDEX chunks_created ON chunks (created)",
        "CREATE VIRTUAL TABLE chunks_fts USING fts5("
            + SEARCH_COLUMNS
            + ", content='', contentless_delete=1, tokenize='unicode61 remove_diacritics 0')");
  }

  /**
   * Version 2: newest-first reads filtered by project ({@code WHERE project = ? ORDER BY id DESC
   * LIMIT n}) walk this index backwards and stop after n rows, instead of sorting every row of the
   * project (82 ms at 1M chunks, 1 in 4 of them in the project, before it).
   */
  private static List<String> version2() {
    return List.of("CREATE INDEX chunks_project_id ON chunks (project, id)");
  }

  /**
   * Version 3: the {@code meta} column, a JSON object of every field of the metadata without a
   * column of its own ({@link MetaColumns}); a field added to the metadata is kept there without a
   * migration. Rows of older versions hold no such field: {@code {}}.
   */
  private static List<String> version3() {
    return List.of("ALTER TABLE chunks ADD COLUMN meta TEXT NOT NULL DEFAULT '{}'");
  }

  /**
   * Version 4: per common word, the chunks where it weighs most ({@link WordLists}); empty until a
   * search needs one.
   */
  private static List<String> version4() {
    return List.of(
        "CREATE TABLE word_lists ("
            + " word TEXT PRIMARY KEY,"
            + " through INTEGER NOT NULL,"
            + " matching INTEGER NOT NULL,"
            + " average REAL NOT NULL,"
            + " floor REAL NOT NULL,"
            + " cut INTEGER NOT NULL," // nanoseconds since the epoch
            + " entries BLOB NOT NULL)" // (rowid int64, g float64, created int64), big-endian
            + " WITHOUT ROWID");
  }

  /** The version the database file says it has. */
  static int version(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery("PRAGMA user_version")) {
      rows.next();
      return rows.getInt(1);
    }
  }

  /**
   * Checks the version and applies missing migrations.
   *
   * @param writable whether migrations may be written
   * @return the version the database is read at: {@link #VERSION}, or an older one from {@link
   *     #OLDEST_READABLE} when it is read-only
   * @throws StorageException for a newer schema, or an old one that cannot be migrated read-only
   */
  static int migrate(Connection connection, String location, boolean writable) throws SQLException {
    int found = version(connection);
    checkNotNewer(found, location);
    if (found == VERSION || !writable && found >= OLDEST_READABLE) {
      return found;
    }
    if (!writable) {
      throw new StorageException(
          "Cannot open "
              + location
              + ": the database file is read-only and needs schema version "
              + VERSION
              + " (it has "
              + found
              + ")",
          false);
    }
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN IMMEDIATE");
      try {
        int current = version(connection); // another process may have migrated meanwhile
        checkNotNewer(current, location);
        if (current == 0 && hasTables(statement)) {
          throw new StorageException(
              "Cannot open " + location + ": an SQLite database that chatlog did not create",
              false);
        }
        for (int step = current; step < VERSION; step++) {
          for (String sql : MIGRATIONS.get(step)) {
            statement.execute(sql);
          }
        }
        statement.execute("PRAGMA user_version = " + VERSION);
        statement.execute("COMMIT");
        return VERSION;
      } catch (SQLException | RuntimeException e) {
        statement.execute("ROLLBACK");
        throw e;
      }
    }
  }

  private static boolean hasTables(Statement statement) throws SQLException {
    try (ResultSet rows = statement.executeQuery("SELECT count(*) FROM sqlite_schema")) {
      rows.next();
      return rows.getLong(1) > 0;
    }
  }

  private static void checkNotNewer(int found, String location) {
    if (found > VERSION) {
      throw new StorageException(
          "Cannot open "
              + location
              + ": database schema version "
              + found
              + " is newer than this chatlog supports ("
              + VERSION
              + ")",
          false);
    }
  }
}
