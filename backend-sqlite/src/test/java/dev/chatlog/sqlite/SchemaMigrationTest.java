package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.SearchQuery;
import java.nio.file.Files;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A database of schema version 1 (before the project index and the meta column) opened by this
 * version.
 */
class SchemaMigrationTest {
  private final TempDatabase database = new TempDatabase();
  private final List<ChunkMeta> saved = new ArrayList<>();

  @BeforeEach
  void makeAVersionOneDatabase() throws Exception {
    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      for (int i = 0; i < 6; i++) {
        String project = i % 2 == 0 ? "even" : "odd";
        saved.addAll(
            store.append(List.of(draft(project, "note " + i))).stream()
                .map(s -> s.meta())
                .toList());
      }
    }
    database.sql(
        "DROP TABLE word_lists",
        "DROP INDEX chunks_project_id",
        "ALTER TABLE chunks DROP COLUMN meta",
        "PRAGMA user_version = 1");
  }

  @AfterEach
  void cleanUp() throws Exception {
    Files.setPosixFilePermissions(database.file(), PosixFilePermissions.fromString("rw-------"));
    database.cleanUp();
  }

  private static ChunkDraft draft(String project, String body) {
    return new ChunkDraft(
        project, "t", "s", null, List.of(Actor.USER), "test", List.of(), "", Map.of(), body);
  }

  private List<ChunkMeta> newest(String project) {
    return saved.stream()
        .filter(meta -> meta.project().equals(project))
        .sorted((a, b) -> b.id().compareTo(a.id()))
        .toList();
  }

  @Test
  void aWritableOpenAddsTheProjectIndexThatNewestFirstReadsOfAProjectWalk() throws Exception {
    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      assertThat(store.list(ChunkFilter.all().withProject("odd"), 2))
          .isEqualTo(newest("odd").subList(0, 2));
    }

    assertThat(database.query("PRAGMA user_version")).isEqualTo(Schema.VERSION + "\n");
    assertThat(database.query("SELECT count(*) FROM word_lists")).isEqualTo("0\n");
    assertThat(
            database.query(
                "EXPLAIN QUERY PLAN SELECT id FROM chunks c WHERE project = 'odd'"
                    + " ORDER BY c.id DESC LIMIT 10"))
        .contains("chunks_project_id")
        .doesNotContain("TEMP B-TREE");
  }

  @Test
  void aWritableOpenAddsTheMetaColumnAndKeepsEveryChunkAsItWas() throws Exception {
    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      assertThat(store.list(ChunkFilter.all(), 10)).containsExactlyInAnyOrderElementsOf(saved);
      store.append(List.of(draft("even", "after the migration")));
      assertThat(store.list(ChunkFilter.all(), 10)).hasSize(saved.size() + 1);
    }

    assertThat(database.query("SELECT DISTINCT meta FROM chunks")).isEqualTo("{}\n");
  }

  @Test
  void aReadOnlyVersionOneFileIsReadAsItIs() throws Exception {
    Files.setPosixFilePermissions(database.file(), PosixFilePermissions.fromString("r--r--r--"));

    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      assertThat(store.list(ChunkFilter.all().withProject("even"), 10)).isEqualTo(newest("even"));
      assertThat(store.search(SearchQuery.of("note")))
          .extracting(hit -> hit.meta().id())
          .containsExactlyInAnyOrderElementsOf(saved.stream().map(ChunkMeta::id).toList());
    }
    assertThat(database.query("PRAGMA user_version")).isEqualTo("1\n");
  }
}
