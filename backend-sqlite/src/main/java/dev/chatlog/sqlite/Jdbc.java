package dev.chatlog.sqlite;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
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
    Set<String> out = new HashSet<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        out.add(rows.getString(1));
      }
    }
    return out;
  }

  /** The first column of every row of a query, as longs. */
  static List<Long> longs(Connection connection, String sql) throws SQLException {
    List<Long> out = new ArrayList<>();
    try (Statement statement = connection.createStatement();
        ResultSet rows = statement.executeQuery(sql)) {
      while (rows.next()) {
        out.add(rows.getLong(1));
      }
    }
    return out;
  }
}
