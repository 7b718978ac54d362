package dev.chatlog.sqlite;

import dev.chatlog.error.ChatLogException;
import dev.chatlog.error.ConflictException;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.error.ReadOnlyException;
import dev.chatlog.error.StorageException;
import java.sql.SQLException;
import org.sqlite.SQLiteErrorCode;
import org.sqlite.SQLiteException;

/** Translates SQLite's exceptions into chatlog's, in one place. */
final class SqliteErrors {
  private SqliteErrors() {}

  /**
   * The chatlog exception for a failed SQLite call.
   *
   * @param action what was being done, e.g. "save in sqlite:///x.db"
   */
  static ChatLogException translate(String action, SQLException e) {
    int code = code(e);
    if (isBusy(e)) {
      return new ConflictException(
          "Cannot " + action + ": the database stayed locked by another process", e);
    }
    if (code == SQLiteErrorCode.SQLITE_READONLY.code) {
      return new ReadOnlyException("Cannot " + action + ": the database file is read-only", e);
    }
    if (code == SQLiteErrorCode.SQLITE_NOTADB.code) {
      return new CorruptDataException("Cannot " + action + ": not an SQLite database", e);
    }
    if (code == SQLiteErrorCode.SQLITE_CORRUPT.code) {
      return new CorruptDataException("Cannot " + action + ": the database file is corrupt", e);
    }
    boolean retryable =
        code == SQLiteErrorCode.SQLITE_IOERR.code || code == SQLiteErrorCode.SQLITE_FULL.code;
    return new StorageException("Cannot " + action + ": " + e.getMessage(), retryable, e);
  }

  /** Whether a call failed because another connection holds a lock on the database. */
  static boolean isBusy(SQLException e) {
    int code = code(e);
    return code == SQLiteErrorCode.SQLITE_BUSY.code || code == SQLiteErrorCode.SQLITE_LOCKED.code;
  }

  /** SQLite's primary result code of a failure, -1 for a failure that is not SQLite's. */
  private static int code(SQLException e) {
    return e instanceof SQLiteException sqlite ? sqlite.getResultCode().code & 0xFF : -1;
  }
}
