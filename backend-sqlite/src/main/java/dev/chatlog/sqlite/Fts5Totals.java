package dev.chatlog.sqlite;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;

/**
 * How many rows the search table {@code chunks_fts} holds and how many tokens they hold together:
 * the totals FTS5 keeps for its own {@code bm25()}, read from its "averages" record (row 1 of
 * {@code chunks_fts_data}: SQLite varints, the row count then the tokens of each column). Counting
 * them with SQL instead would read every row (about 100 ms at a million chunks).
 *
 * @param rows the rows, one per chunk
 * @param tokens the tokens of every column of every row
 */
record Fts5Totals(long rows, long tokens) {
  private static final long AVERAGES_ROWID = 1;

  /** The totals now; both 0 for a table that holds no row (an empty record, or none). */
  static Fts5Totals read(Connection connection) throws SQLException {
    try (PreparedStatement statement =
        connection.prepareStatement("SELECT block FROM chunks_fts_data WHERE id = ?")) {
      statement.setLong(1, AVERAGES_ROWID);
      try (ResultSet result = statement.executeQuery()) {
        byte[] record = result.next() ? result.getBytes(1) : null;
        if (record == null || record.length == 0) {
          return new Fts5Totals(0, 0);
        }
        int[] at = {0};
        long rows = varint(record, at);
        long tokens = 0;
        while (at[0] < record.length) {
          tokens += varint(record, at);
        }
        return new Fts5Totals(rows, tokens);
      }
    }
  }

  /** Tokens per row, as {@code bm25()} averages them; 0 for an empty table. */
  double averageLength() {
    return rows == 0 ? 0 : (double) tokens / rows;
  }

  /**
   * Reads an SQLite varint at {@code at[0]} and moves past it: big-endian groups of 7 bits, the
   * high bit set on every byte but the last, the ninth byte (if any) all 8 bits.
   */
  private static long varint(byte[] bytes, int[] at) {
    long value = 0;
    for (int i = 0; i < 8; i++) {
      int b = bytes[at[0]++] & 0xFF;
      value = (value << 7) | (b & 0x7F);
      if ((b & 0x80) == 0) {
        return value;
      }
    }
    return (value << 8) | (bytes[at[0]++] & 0xFF);
  }
}
