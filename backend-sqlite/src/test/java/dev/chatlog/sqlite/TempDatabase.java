package dev.chatlog.sqlite;

import dev.chatlog.contract.ChunkStoreContract;
import dev.chatlog.spi.ChunkStore;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.stream.Stream;

/** A database file in a fresh temporary folder, removed by {@link #cleanUp()}. */
final class TempDatabase implements ChunkStoreContract.Fixture {
  private final Path folder;

  TempDatabase() {
    try {
      folder = Files.createTempDirectory("chatlog-sqlite-");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path file() {
    return folder.resolve("chatlog.db");
  }

  /** Runs statements on the file with a connection of its own. */
  void sql(String... statements) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement()) {
      for (String sql : statements) {
        statement.execute(sql);
      }
    }
  }

  /** The last column of every row of a query, one line each. */
  String query(String sql) throws SQLException {
    StringBuilder out = new StringBuilder();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + file());
        Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        out.append(rows.getString(rows.getMetaData().getColumnCount())).append('\n');
      }
    }
    return out.toString();
  }

  @Override
  public ChunkStore open() {
    return SqliteChunkStore.open(file(), SqliteOptions.defaults());
  }

  @Override
  public void cleanUp() {
    try (Stream<Path> paths = Files.walk(folder)) {
      paths.sorted(Comparator.reverseOrder()).forEach(TempDatabase::delete);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path path) {
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
