package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.CorruptDataException;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.ReadOnlyException;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.SearchQuery;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Files that are not a usable chatlog database, and a read-only one. */
class BadInputTest {
  private final TempDatabase database = new TempDatabase();

  @AfterEach
  void cleanUp() throws Exception {
    for (Path path : List.of(database.file(), database.file().getParent())) {
      if (Files.exists(path)) {
        path.toFile().setWritable(true);
      }
    }
    database.cleanUp();
  }

  private String location() {
    return "sqlite://" + database.file().toAbsolutePath();
  }

  private static ChunkDraft draft(String body) {
    return new ChunkDraft(
        "p", "t", "s", null, List.of(Actor.USER), "cli", List.of(), "", Map.of(), body);
  }

  @Test
  void aFileThatIsNotSqliteIsRefused() throws Exception {
    Files.writeString(database.file(), "# notes\n".repeat(200));

    assertThatThrownBy(() -> SqliteChunkStore.open(database.file(), SqliteOptions.defaults()))
        .isInstanceOf(CorruptDataException.class)
        .hasMessage("Cannot open " + location() + ": not an SQLite database");
    assertThat(Files.readString(database.file())).isEqualTo("# notes\n".repeat(200));
  }

  @Test
  void aNewerSchemaIsRefusedNamingBothVersions() throws Exception {
    database.open().close();
    database.sql("PRAGMA user_version = 9");

    assertThatThrownBy(() -> database.open())
        .isInstanceOf(StorageException.class)
        .hasMessage(
            "Cannot open "
                + location()
                + ": database schema version 9 is newer than this chatlog supports ("
                + Schema.VERSION
                + ")");
  }

  @Test
  void anotherApplicationsDatabaseIsLeftAlone() throws Exception {
    database.sql("CREATE TABLE accounts (id INTEGER PRIMARY KEY)");

    assertThatThrownBy(() -> database.open())
        .isInstanceOf(StorageException.class)
        .hasMessage(
            "Cannot open " + location() + ": an SQLite database that chatlog did not create");
  }

  @Test
  void aReadOnlyFileServesReadsAndRefusesWrites() throws Exception {
    ChunkMeta saved;
    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      saved = store.append(List.of(draft("kept in a read-only file"))).get(0).meta();
    }
    Files.setPosixFilePermissions(database.file(), PosixFilePermissions.fromString("r--r--r--"));

    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      assertThat(store.list(ChunkFilter.all(), 10)).containsExactly(saved);
      assertThat(store.search(SearchQuery.of("read-only"))).hasSize(1);
      assertThat(store.verify(false).clean()).isTrue();
      assertThatThrownBy(() -> store.append(List.of(draft("more"))))
          .isInstanceOf(ReadOnlyException.class)
          .hasMessage("Cannot save in " + location() + ": the database file is read-only");
      assertThatThrownBy(() -> store.delete(List.of(saved.id())))
          .isInstanceOf(ReadOnlyException.class)
          .hasMessage("Cannot delete in " + location() + ": the database file is read-only");
      assertThatThrownBy(store::compact).isInstanceOf(ReadOnlyException.class);
      assertThatThrownBy(store::reindex).isInstanceOf(ReadOnlyException.class);
      assertThatThrownBy(() -> store.verify(true)).isInstanceOf(ReadOnlyException.class);
      assertThat(store.list(ChunkFilter.all(), 10)).containsExactly(saved);
    }
  }

  @Test
  void aReadOnlyEmptyFileCannotBeGivenASchema() throws Exception {
    Files.createFile(database.file());
    Files.setPosixFilePermissions(database.file(), PosixFilePermissions.fromString("r--r--r--"));

    assertThatThrownBy(() -> database.open())
        .isInstanceOf(StorageException.class)
        .hasMessage(
            "Cannot open "
                + location()
                + ": the database file is read-only and needs schema version "
                + Schema.VERSION
                + " (it has 0)");
  }

  @Test
  void aDatabaseLeftWithoutItsSchemaReadsAsEmptyWhenOpenedReadOnly() throws Exception {
    // what a writer killed after SQLite wrote the file's header, before the schema, leaves
    Files.createDirectories(database.file().getParent());
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.file());
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA journal_mode=WAL");
    }
    assertThat(Files.size(database.file())).isPositive();

    try (SqliteChunkStore store =
        SqliteChunkStore.openReadOnly(database.file(), SqliteOptions.defaults())) {
      assertThat(store.list(ChunkFilter.all(), 10)).isEmpty();
    }
    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      assertThat(store.list(ChunkFilter.all(), 10)).isEmpty();
    }
  }

  @Test
  void createdTimesOutOfRangeAreRefusedBeforeWriting() {
    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      ChunkDraft ancient =
          new ChunkDraft(
              "p",
              "t",
              "s",
              Instant.parse("1960-01-01T00:00:00Z"),
              List.of(Actor.USER),
              "cli",
              List.of(),
              "",
              Map.of(),
              "old");
      assertThatThrownBy(() -> store.append(List.of(draft("fine"), ancient)))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("Cannot append chunk: created time 1960-01-01T00:00:00Z is out of range");
      assertThat(store.list(ChunkFilter.all(), 10)).isEmpty();
    }
  }

  @Test
  void theDatabaseIsCreatedOwnerOnly() throws Exception {
    Path nested = database.file().getParent().resolve("a/b/chatlog.db");
    SqliteChunkStore.open(nested, SqliteOptions.defaults()).close();

    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested)))
        .isEqualTo("rw-------");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(nested.getParent())))
        .isEqualTo("rwx------");
  }
}
