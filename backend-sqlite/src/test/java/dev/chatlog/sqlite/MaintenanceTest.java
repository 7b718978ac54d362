package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.engine.ChunkCodec;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.error.NotFoundException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.spi.StoreHealth;
import dev.chatlog.spi.VerifyReport;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** verify, repair, reindex and compact on a SQLite store. */
class MaintenanceTest {
  private final TempDatabase database = new TempDatabase();
  private SqliteChunkStore store;
  private ChunkMeta first;
  private ChunkMeta second;

  @BeforeEach
  void fill() {
    store = (SqliteChunkStore) database.open();
    List<ChunkMeta> saved =
        store
            .append(List.of(draft("first note about gradle"), draft("second note about maven")))
            .stream()
            .map(s -> s.meta())
            .toList();
    first = saved.get(0);
    second = saved.get(1);
  }

  @AfterEach
  void close() {
    store.close();
    database.cleanUp();
  }

  private static ChunkDraft draft(String body) {
    return new ChunkDraft(
        "p", "t", "s", null, List.of(Actor.USER), "cli", List.of("x"), "", Map.of(), body);
  }

  @Test
  void aCleanStoreVerifiesClean() {
    VerifyReport report = store.verify(false);
    assertThat(report.checked()).isEqualTo(2);
    assertThat(report.problems()).isEmpty();
  }

  @Test
  void verifyFindsAnEditedBodyThatReadsStillReturnMarkedModified() throws Exception {
    database.sql("UPDATE chunks SET body = 'edited' WHERE id = '" + first.id() + "'");

    VerifyReport report = store.verify(true);

    assertThat(report.clean()).isFalse();
    assertThat(report.problems())
        .containsExactly(VerifyReport.Problem.modified(first.id().toString(), 23, 6, false));
    Chunk read = store.read(first.id()).orElseThrow();
    assertThat(read.body()).isEqualTo("edited");
    assertThat(read.modified()).isTrue();
    assertThat(store.read(second.id()).orElseThrow().modified()).isFalse();
  }

  @Test
  void aRepairThatAcceptsEditsMakesTheNewBodyTheSavedOneAndSearchable() throws Exception {
    database.sql("UPDATE chunks SET body = 'edited about ant' WHERE id = '" + first.id() + "'");

    VerifyReport report = store.verify(true, true);

    assertThat(report.problems())
        .containsExactly(VerifyReport.Problem.modified(first.id().toString(), 23, 16, true));
    assertThat(report.clean()).isTrue();
    Chunk read = store.read(first.id()).orElseThrow();
    assertThat(read.modified()).isFalse();
    assertThat(read.meta().sha256()).isEqualTo(ChunkCodec.sha256("edited about ant"));
    assertThat(store.verify(false).clean()).isTrue();
    assertThat(store.search(SearchQuery.of("ant"))).hasSize(1);
    assertThat(store.search(SearchQuery.of("gradle"))).isEmpty();
  }

  @Test
  void anEditThatRepeatsAnotherChunkOfItsSessionIsNotAccepted() throws Exception {
    database.sql(
        "UPDATE chunks SET body = 'second note about maven' WHERE id = '" + first.id() + "'");

    VerifyReport report = store.verify(true, true);

    assertThat(report.problems())
        .containsExactly(VerifyReport.Problem.modified(first.id().toString(), 23, 23, false));
    assertThat(store.read(first.id()).orElseThrow().modified()).isTrue();
  }

  @Test
  void chunksAreFoundByTheStartOfTheirId() {
    String id = second.id().toString();

    assertThat(store.withIdPrefix(id, 5)).containsExactly(second);
    assertThat(store.withIdPrefix(id.substring(0, 3), 5)).containsExactly(second, first);
    assertThat(store.withIdPrefix(id.substring(0, 3), 1)).containsExactly(second);
    assertThat(store.withIdPrefix("7Z", 5)).isEmpty();
  }

  @Test
  void theProbeWritesInATransactionItRollsBack() throws Exception {
    StoreHealth health = store.probe();

    assertThat(health.writable()).isEqualTo(StoreHealth.Check.ok());
    assertThat(health.conditionalWrites()).isEqualTo(StoreHealth.Check.ok());
    assertThat(database.query("SELECT count(*) FROM sqlite_master WHERE name = 'chatlog_probe'"))
        .as("nothing left behind")
        .isEqualTo("0\n");
  }

  @Test
  void theProbeOfAReadOnlyFileSaysItIsNotWritable() throws Exception {
    store.close();
    assertThat(database.file().toFile().setWritable(false)).isTrue();
    try (SqliteChunkStore readOnly =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      StoreHealth health = readOnly.probe();
      assertThat(health.reachable()).isEqualTo(StoreHealth.Check.ok());
      assertThat(health.writable().status()).isEqualTo(StoreHealth.Status.FAIL);
      assertThat(health.writable().detail()).contains("read-only");
    } finally {
      database.file().toFile().setWritable(true);
      store = (SqliteChunkStore) database.open();
    }
  }

  @Test
  void verifyRepairsTheSearchIndexAndReindexRebuildsIt() throws Exception {
    database.sql(
        "DELETE FROM chunks_fts WHERE rowid = (SELECT rowid FROM chunks WHERE id = '"
            + first.id()
            + "')",
        "INSERT INTO chunks_fts (rowid, summary, tags, topic, body) VALUES (999, '', '', '', 'ghost')");
    assertThat(store.search(SearchQuery.of("gradle"))).isEmpty();

    VerifyReport found = store.verify(false);
    assertThat(found.problems())
        .extracting(VerifyReport.Problem::kind)
        .containsExactly(VerifyReport.Kind.NOT_INDEXED, VerifyReport.Kind.MISSING_CHUNK);
    assertThat(found.clean()).isFalse();

    VerifyReport repaired = store.verify(true);
    assertThat(repaired.clean()).isTrue();
    assertThat(store.verify(false).problems()).isEmpty();
    assertThat(store.search(SearchQuery.of("gradle")))
        .extracting(hit -> hit.meta().id())
        .containsExactly(first.id());

    database.sql("INSERT INTO chunks_fts (chunks_fts) VALUES ('delete-all')");
    assertThat(store.search(SearchQuery.of("maven"))).isEmpty();
    assertThat(store.reindex()).isEqualTo(2);
    assertThat(store.search(SearchQuery.of("maven")))
        .extracting(hit -> hit.meta().id())
        .containsExactly(second.id());
  }

  @Test
  void aReindexOfMoreChunksThanOneBatchFindsEveryOne() throws Exception {
    List<ChunkDraft> many = new ArrayList<>();
    for (int n = 0; n < 600; n++) {
      many.add(draft("bulk note number w" + n));
    }
    store.append(many);
    database.sql("INSERT INTO chunks_fts (chunks_fts) VALUES ('delete-all')");

    assertThat(store.reindex()).isEqualTo(602);
    for (int n : List.of(0, 255, 256, 511, 599)) {
      assertThat(store.search(SearchQuery.of("w" + n))).as("chunk %d", n).hasSize(1);
    }
    assertThat(store.verify(false).problems()).isEmpty();
  }

  @Test
  void compactKeepsSearchWorking() {
    store.compact();
    assertThat(store.search(SearchQuery.of("note"))).hasSize(2);
  }

  @Test
  void readAllNamesAChunkThatIsGone() {
    store.delete(List.of(second.id()));
    assertThatThrownBy(() -> store.readAll(List.of(first, second)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "Cannot read chunk " + second.id() + " from " + store.location() + ": it is gone");
  }

  @Test
  void badMetadataIsReportedAsCorrupt() throws Exception {
    database.sql("UPDATE chunks SET tags = 'not json' WHERE id = '" + first.id() + "'");
    assertThatThrownBy(() -> store.read(first.id()))
        .isInstanceOf(CorruptDataException.class)
        .hasMessageStartingWith(
            "Cannot read chunk " + first.id() + " from " + store.location() + ": bad metadata");
  }
}
