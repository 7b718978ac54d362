package dev.chatlog.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/** Small JDBC helpers shared by the SQLite store and the local search index. */
final class Jdbc {
  private Jdbc() {}

  /** A unit of work inside one transaction. */
  @FunctionalInterface
  interface Work<T> {
    T run() throws SQLException;
  }

  /**
   * Runs work in one {@code BEGIN IMMEDIATE} transaction, rolled back on any failure.
   *
   * @param action what is done, for the error message, e.g. "save in sqlite:///x.db"
   */
  static <T> T inTransaction(Connection connection, String action, Work<T> work) {
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

  /**
   * Runs reads in one (deferred) transaction, so that they all see the database as it was at the
   * first of them, whatever other connections write meanwhile.
   *
   * @param action what is done, for the error message, e.g. "search sqlite:///x.db"
   */
  static <T> T inReadTransaction(Connection connection, String action, Work<T> work) {
    try (Statement statement = connection.createStatement()) {
      statement.execute("BEGIN");
      try {
        return work.run();
      } finally {
        statement.execute("COMMIT");
      }
    } catch (SQLException e) {
      throw SqliteErrors.translate(action, e);
    }
  }

  /** Closes each resource, even when an earlier one fails; throws the first failure. */
  static void closeAll(AutoCloseable... resources) throws SQLException {
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

  /** Closes a connection whose opening failed, keeping that failure the one reported. */
  static void closeQuietly(Connection connection) {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException e) {
        // the open already failed; that error is the one to report
      }
    }
  }

  /** The first column of every row of a query, as strings. */
  static Set<String> strings(Connection connection, String sql) throws SQLException {
    return firstColumn(connection, sql, new HashSet<>(), rows -> rows.getString(1));
  }

  /** The first column of every row of a query, as longs. */
  static List<Long> longs(Connection connection, String sql) throws SQLException {
    return firstColumn(connection, sql, new ArrayList<>(), rows -> rows.getLong(1));
  }

  /** Reads one value of each row. */
  @FunctionalInterface
  private interface Column<T> {
    T read(ResultSet rows) throws SQLException;
  }

  private static <T, C extends Collection<T>> C firstColumn(
      Connection connection, String sql, C out, Column<T> column) throws SQLException {
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        out.add(column.read(rows));
      }
    }
    return out;
  }
}
