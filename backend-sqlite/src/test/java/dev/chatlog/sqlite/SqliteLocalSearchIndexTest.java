package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.LocalSearchIndexes;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.spi.ChunkStore;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The local index: incremental updates, deletions, rebuilds. */
class SqliteLocalSearchIndexTest {
  private static final String LOCATION = "memory://local-index-test";

  private final TempDatabase folder = new TempDatabase();
  private final List<Integer> fetches = new ArrayList<>();
  private SqliteLocalSearchIndex index;
  private ChunkStore source;

  @BeforeEach
  void setUp() {
    index = new SqliteLocalSearchIndex(folder.file().getParent().resolve("cache"));
    source = folder.open();
  }

  @AfterEach
  void tearDown() {
    source.close();
    folder.cleanUp();
  }

  private ChunkMeta save(String body) {
    return UserChunks.save(source, "s", body);
  }

  private List<SearchHit> search(String text) {
    return index.search(
        LOCATION,
        SearchQuery.of(text),
        () -> source.list(ChunkFilter.all(), Integer.MAX_VALUE),
        metas -> {
          fetches.add(metas.size());
          return source.readAll(metas);
        });
  }

  @Test
  void readsOnlyChunksItHasNotSeenAndDropsDeletedOnes() {
    ChunkMeta first = save("alpha beta");
    save("alpha gamma");
    assertThat(search("alpha")).hasSize(2);
    assertThat(fetches).containsExactly(2);

    assertThat(search("beta")).extracting(hit -> hit.meta()).containsExactly(first);
    assertThat(fetches).as("nothing new, nothing read").containsExactly(2);

    ChunkMeta third = save("alpha delta");
    source.delete(List.of(first.id()));
    assertThat(search("alpha"))
        .extracting(hit -> hit.meta().id())
        .contains(third.id())
        .doesNotContain(first.id())
        .hasSize(2);
    assertThat(fetches).containsExactly(2, 1);
    assertThat(search("beta")).isEmpty();
  }

  @Test
  void chunksReplacedBySameContentUnderNewIdsAreFound() {
    save("alpha beta");
    assertThat(search("beta")).hasSize(1);
    source.close();
    TempDatabase other = new TempDatabase();
    try {
      source = other.open();
      ChunkMeta again = save("alpha beta");

      assertThat(search("beta")).extracting(hit -> hit.meta()).containsExactly(again);
    } finally {
      source.close();
      other.cleanUp();
      source = folder.open();
    }
  }

  @Test
  void theIndexOfAStoreIsNamedAfterItsLocation() {
    Path file = index.file("file:///home/me/chats/");

    assertThat(file.getParent()).isEqualTo(folder.file().getParent().resolve("cache"));
    assertThat(file.getFileName().toString()).isEqualTo("file_3a_2f_2f_2fhome_2fme_2fchats_2f.db");
  }

  @Test
  void locationsThatDifferOnlyInCaseOrAccentsGetNamesApartInLowerCase() {
    String upper = index.file("s3://bucket/Chats").getFileName().toString();
    String lower = index.file("s3://bucket/chats").getFileName().toString();
    String accented = index.file("s3://bucket/chäts").getFileName().toString();

    assertThat(List.of(upper, lower, accented)).doesNotHaveDuplicates();
    assertThat(upper).isEqualTo(upper.toLowerCase(Locale.ROOT));
    assertThat(accented).isEqualTo("s3_3a_2f_2fbucket_2fch_c3_a4ts.db");
  }

  @Test
  void aLocationTooLongToSpellOutIsNamedByItsHashAsBefore() {
    String location = "s3://bucket/" + "p".repeat(300);

    assertThat(index.file(location)).isEqualTo(index.hashedFile(location));
    assertThat(index.hashedFile("file:///home/me/chats/").getFileName().toString())
        .as("the first 16 bytes of its SHA-256, the name of earlier versions")
        .isEqualTo("38b16656da0bfd0172f059fb823cf3a1.db");
  }

  @Test
  void anIndexUnderItsFormerHashedNameIsKeptNotRebuilt() throws Exception {
    save("alpha beta");
    assertThat(search("beta")).hasSize(1);
    Files.move(index.file(LOCATION), index.hashedFile(LOCATION));

    assertThat(search("beta")).hasSize(1);
    assertThat(fetches).as("read once, not again").containsExactly(1);
    assertThat(index.file(LOCATION)).exists();
    assertThat(index.hashedFile(LOCATION)).doesNotExist();
  }

  @Test
  void droppingAnIndexDropsItUnderItsFormerNameToo() throws Exception {
    save("alpha beta");
    assertThat(search("beta")).hasSize(1);
    Files.move(index.file(LOCATION), index.hashedFile(LOCATION));

    index.drop(LOCATION);

    assertThat(search("beta")).hasSize(1);
    assertThat(fetches).as("rebuilt from the store").containsExactly(1, 1);
  }

  @Test
  void aCorruptIndexIsRebuilt() throws Exception {
    save("alpha beta");
    assertThat(search("beta")).hasSize(1);
    Path file = index.file(LOCATION);
    index.drop(LOCATION);
    Files.writeString(file, "garbage ".repeat(500));

    assertThat(search("beta")).hasSize(1);
    assertThat(fetches).containsExactly(1, 1);
  }

  @Test
  void anIndexOfANewerSchemaIsRebuilt() throws Exception {
    save("alpha beta");
    assertThat(search("beta")).hasSize(1);
    try (Connection connection =
            DriverManager.getConnection("jdbc:sqlite:" + index.file(LOCATION));
        Statement statement = connection.createStatement()) {
      statement.execute("PRAGMA user_version = 7");
    }

    assertThat(search("beta")).hasSize(1);
    assertThat(fetches).containsExactly(1, 1);
  }

  @Test
  void dropForcesAFullRebuild() {
    save("alpha beta");
    save("alpha gamma");
    search("alpha");
    index.drop(LOCATION);
    index.drop(LOCATION);

    assertThat(search("alpha")).hasSize(2);
    assertThat(fetches).containsExactly(2, 2);
  }

  @Test
  void aMalformedQueryFailsBeforeAnythingIsRead() {
    save("alpha");
    assertThatThrownBy(() -> search("alpha OR"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot search: 'OR' needs a term on both sides (position 7)");
    assertThat(fetches).isEmpty();
  }

  @Test
  void storesHaveAnIndexFileEachInTheCacheFolder() {
    assertThat(index.file("s3://bucket/a")).isNotEqualTo(index.file("s3://bucket/b"));
    assertThat(index.file("s3://bucket/a").getFileName().toString()).matches("[0-9a-z_.-]+\\.db");
    assertThat(SqliteLocalSearchIndex.defaultFolder())
        .isEqualTo(Path.of(System.getenv("XDG_CACHE_HOME"), "chatlog"));
  }

  @Test
  void theEngineFindsThisIndexOnTheClassPath() {
    assertThat(LocalSearchIndexes.find()).containsInstanceOf(SqliteLocalSearchIndex.class);
  }
}
