package dev.chatlog.sqlite;

import dev.chatlog.config.OwnerOnly;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.error.StorageException;
import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import org.sqlite.SQLiteConfig;

/**
 * An open database file of chatlog's schema: how the SQLite store and the local search index open
 * theirs.
 *
 * @param connection the open connection, schema migrated
 * @param location {@code sqlite://} and the file's absolute path
 * @param writable whether it may be written (else reads only)
 * @param version the schema version it is read at ({@link Schema#migrate})
 */
record SqliteFile(Connection connection, String location, boolean writable, int version) {

  /**
   * The page size of a new database: chunks of up to 16,000 characters mostly fit on one page, and
   * an import of a 1 GB export makes a quarter of the reads and writes of 4 KiB pages (adr/0030). A
   * database keeps the page size it was made with.
   */
  static final int PAGE_SIZE = 16_384;

  /**
   * Pages of write-ahead log after which a writing connection copies it into the database: 64 MiB
   * of 16 KiB pages, against SQLite's 1,000. An import of 1 GB syncs about a quarter as often, 4–6%
   * faster in 14 pairs of runs taken in turn (adr/0030, decision 29).
   */
  static final int CHECKPOINT_PAGES = 4_096;

  /** The location of a database file: {@code sqlite://} and its absolute path. */
  static String location(Path file) {
    return "sqlite://" + file.toUri().getRawPath();
  }

  /**
   * Opens (creating when missing, with its folders) the database at {@code path} and brings its
   * schema forward. A file without write permission is opened read-only.
   *
   * @throws CorruptDataException when the file is not an SQLite database
   * @throws StorageException when its schema is newer than this code, or it cannot be opened
   */
  static SqliteFile open(Path path, SqliteOptions options) {
    Path file = path.toAbsolutePath().normalize();
    String location = location(file);
    createIfMissing(file, location);
    boolean writable = isWritable(file);
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) options.busyTimeout().toMillis());
    config.setReadOnly(!writable);
    if (writable) {
      config.setSynchronous(
          options.synchronous().equals("full")
              ? SQLiteConfig.SynchronousMode.FULL
              : SQLiteConfig.SynchronousMode.NORMAL);
    }
    return connect(
        location,
        writable,
        writable,
        () -> {
          Connection connection = config.createConnection("jdbc:sqlite:" + file);
          if (writable) {
            useWriteAheadLog(connection);
          }
          return connection;
        });
  }

  /**
   * Puts the database in write-ahead-log mode, giving a new one its page size first: a database in
   * that mode keeps the page size it has; and sets how often this connection checkpoints.
   */
  private static void useWriteAheadLog(Connection connection) throws SQLException {
    try (Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA page_size = " + PAGE_SIZE);
      statement.execute("PRAGMA journal_mode = WAL");
      statement.execute("PRAGMA wal_autocheckpoint = " + CHECKPOINT_PAGES);
    } catch (SQLException e) {
      Jdbc.closeQuietly(connection);
      throw e;
    }
  }

  /**
   * Opens the database at {@code path} for reading only: nothing is created, migrated or written. A
   * missing or empty file, or a database without a schema, reads as an empty database (in memory).
   *
   * @throws CorruptDataException when the file is not an SQLite database
   * @throws StorageException when its schema is newer than this code, or it cannot be opened
   */
  static SqliteFile openReadOnly(Path path, SqliteOptions options) {
    Path file = path.toAbsolutePath().normalize();
    String location = location(file);
    boolean empty;
    try {
      empty = !Files.isRegularFile(file) || Files.size(file) == 0;
    } catch (IOException e) {
      throw new StorageException("Cannot open " + location + ": " + e, false, e);
    }
    if (empty) {
      return connect(
          location, false, true, () -> new SQLiteConfig().createConnection("jdbc:sqlite::memory:"));
    }
    SQLiteConfig config = new SQLiteConfig();
    config.setBusyTimeout((int) options.busyTimeout().toMillis());
    config.setReadOnly(true);
    Connection connection = null;
    try {
      connection = config.createConnection(readOnlyUrl(file));
      if (holdsNothing(connection)) {
        connection.close();
        return connect(
            location,
            false,
            true,
            () -> new SQLiteConfig().createConnection("jdbc:sqlite::memory:"));
      }
    } catch (SQLException e) {
      Jdbc.closeQuietly(connection);
      throw SqliteErrors.translate("open " + location, e);
    }
    Connection opened = connection;
    return connect(location, false, false, () -> opened);
  }

  /**
   * Whether a database holds no table and no schema version: one a writer created and stopped
   * before giving it its schema (killed, say). It reads as empty, as a missing file does.
   */
  private static boolean holdsNothing(Connection connection) throws SQLException {
    return Schema.version(connection) == 0
        && Jdbc.longs(connection, "SELECT count(*) FROM sqlite_master").get(0) == 0;
  }

  /**
   * Makes a connection and brings its schema forward, closing it again when that fails.
   *
   * @param writable whether the file may be written
   * @param migrate whether missing migrations may be written (an empty database in memory may)
   */
  private static SqliteFile connect(
      String location, boolean writable, boolean migrate, Jdbc.Work<Connection> connect) {
    Connection connection = null;
    try {
      connection = connect.run();
      int version = Schema.migrate(connection, location, migrate);
      return new SqliteFile(connection, location, writable, version);
    } catch (SQLException e) {
      Jdbc.closeQuietly(connection);
      throw SqliteErrors.translate("open " + location, e);
    } catch (RuntimeException e) {
      Jdbc.closeQuietly(connection);
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
}
