package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A new database gets pages of 16 KiB; one made with other pages keeps them and works as before. A
 * writing connection checkpoints its write-ahead log every 64 MiB.
 */
class PageSizeTest {
  private final TempDatabase database = new TempDatabase();

  @AfterEach
  void cleanUp() {
    database.cleanUp();
  }

  private static ChunkDraft draft(String body) {
    return new ChunkDraft(
        "p", "t", "s", null, List.of(Actor.USER), "test", List.of(), "", Map.of(), body);
  }

  @Test
  void aNewDatabaseHasPagesOf16KiBAndAWriteAheadLog() throws Exception {
    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      store.append(List.of(draft("x".repeat(15_000))));
    }

    assertThat(database.query("PRAGMA page_size")).isEqualTo(SqliteFile.PAGE_SIZE + "\n");
    assertThat(database.query("PRAGMA journal_mode")).isEqualTo("wal\n");
  }

  @Test
  void aWritingConnectionCheckpointsEvery64MiBOfLog() throws Exception {
    SqliteFile file = SqliteFile.open(database.file(), SqliteOptions.defaults());
    try (Connection connection = file.connection();
        Statement statement = connection.createStatement();
        ResultSet result = statement.executeQuery("PRAGMA wal_autocheckpoint")) {
      result.next();
      assertThat(result.getLong(1) * SqliteFile.PAGE_SIZE).isEqualTo(64L << 20);
    }
  }

  @Test
  void aDatabaseMadeWithPagesOf4KiBKeepsThem() throws Exception {
    database.sql("PRAGMA page_size = 4096", "PRAGMA journal_mode = WAL");
    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      store.append(List.of(draft("kept")));
      assertThat(store.list(ChunkFilter.all(), 10)).hasSize(1);
    }

    assertThat(database.query("PRAGMA page_size")).isEqualTo("4096\n");
    assertThat(database.query("PRAGMA journal_mode")).isEqualTo("wal\n");
  }
}
