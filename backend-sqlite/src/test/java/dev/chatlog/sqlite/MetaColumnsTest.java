package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chatlog.engine.MetaFields;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.testing.TrickyMetas;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The metadata of a chunk in its row: columns and the JSON of the fields without one. */
class MetaColumnsTest {
  private final TempDatabase database = new TempDatabase();

  @AfterEach
  void cleanUp() {
    database.cleanUp();
  }

  @Test
  void trickyMetadataReadsBackEqualFromEveryRead() {
    List<ChunkMeta> saved;
    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      saved = store.append(TrickyMetas.drafts()).stream().map(SavedChunk::meta).toList();

      for (ChunkMeta meta : saved) {
        assertThat(store.read(meta.id()).orElseThrow().meta()).isEqualTo(meta);
      }
      assertThat(store.list(ChunkFilter.all(), 1_000)).containsExactlyInAnyOrderElementsOf(saved);
      assertThat(store.append(TrickyMetas.drafts()))
          .extracting(SavedChunk::meta)
          .containsExactlyElementsOf(saved);
    }
    try (SqliteChunkStore store =
        SqliteChunkStore.openReadOnly(database.file(), SqliteOptions.defaults())) {
      assertThat(store.list(ChunkFilter.all(), 1_000)).containsExactlyInAnyOrderElementsOf(saved);
    }
  }

  @Test
  void aFieldWithoutAColumnOfItsOwnIsKeptInTheMetaColumn() throws Exception {
    List<MetaFields.Field<?>> fewer = new ArrayList<>(MetaColumns.COLUMNS);
    fewer.removeAll(List.of(MetaFields.SOURCE, MetaFields.SUMMARY, MetaFields.LABELS));
    MetaColumns columns = new MetaColumns(fewer, true);
    ChunkMeta meta = TrickyMetas.metas().get(0);

    try (Connection connection = DriverManager.getConnection("jdbc:sqlite::memory:");
        Statement statement = connection.createStatement()) {
      statement.execute("CREATE TABLE chunks (" + columns.insert() + ", body)");
      try (PreparedStatement insert =
          connection.prepareStatement(
              "INSERT INTO chunks ("
                  + columns.insert()
                  + ", body) VALUES (?"
                  + ", ?".repeat(11)
                  + ")")) {
        insert.setString(columns.bind(insert, 1, meta), "body");
        insert.executeUpdate();
      }
      try (ResultSet rows =
          statement.executeQuery("SELECT " + columns.select() + ", c.meta FROM chunks c")) {
        rows.next();

        assertThat(columns.read(rows, 0, "sqlite:///x.db")).isEqualTo(meta);
        assertThat(rows.getString(columns.count() + 1))
            .startsWith("{\"source\":")
            .contains(",\"summary\":")
            .contains(",\"labels\":{");
      }
    }
  }

  @Test
  void everyFieldHasAColumnOrIsInTheMetaColumnAndTheirJsonIsEmpty() throws Exception {
    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      store.append(TrickyMetas.drafts().subList(0, 1));
    }

    assertThat(database.query("SELECT meta FROM chunks")).isEqualTo("{}\n");
    assertThat(database.query("SELECT actors FROM chunks")).isEqualTo("[\"user\",\"tool\"]\n");
  }

  @Test
  void badColumnsAreReportedNamingTheFieldNeverTheValue() throws Exception {
    ChunkMeta meta;
    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      meta = store.append(TrickyMetas.drafts().subList(0, 1)).get(0).meta();
    }
    String where = " WHERE id = '" + meta.id() + "'";

    assertThat(readFailure("UPDATE chunks SET tags = '[SECRET'" + where))
        .isEqualTo(
            "Cannot read chunk "
                + meta.id()
                + " from sqlite://"
                + database.file().toUri().getRawPath()
                + ": bad metadata: field 'tags' has an invalid value");
    assertThat(readFailure("UPDATE chunks SET tags = '[]', created = 'SECRET'" + where))
        .endsWith(": bad metadata: field 'created' has an invalid value");
    assertThat(readFailure("UPDATE chunks SET created = 1, meta = '{SECRET'" + where))
        .endsWith(": bad metadata: column meta: invalid syntax at line 1, column 2");
    assertThat(readFailure("UPDATE chunks SET meta = '{\"summary\": [\"SECRET\"]}'" + where))
        .endsWith(": bad metadata: field 'summary' has an invalid value");
    assertThat(readFailure("UPDATE chunks SET meta = '{}', id = 'SECRET'" + where))
        .startsWith("Cannot read a chunk from sqlite://")
        .endsWith(": bad metadata: field 'id' has an invalid value");
  }

  /** The message of the error a read of every chunk gives after {@code update}. */
  private String readFailure(String update) throws Exception {
    database.sql(update);
    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      Throwable thrown = catchThrowable(() -> store.list(ChunkFilter.all(), 10));
      assertThat(thrown).isInstanceOf(CorruptDataException.class);
      assertThat(thrown.getMessage()).doesNotContain("SECRET");
      return thrown.getMessage();
    }
  }
}
