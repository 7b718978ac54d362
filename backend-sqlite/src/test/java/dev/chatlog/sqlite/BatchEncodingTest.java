package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.engine.ChunkCodec;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * An append encodes its drafts before it writes them, those of a large batch on other threads, and
 * binds the encoded bytes as text: the rows hold text, in the drafts' order, with sizes and
 * checksums of their UTF-8, and search finds words of every field, accents and scripts included.
 */
class BatchEncodingTest {
  private final TempDatabase database = new TempDatabase();

  @AfterEach
  void cleanUp() {
    database.cleanUp();
  }

  private static ChunkDraft draft(String session, String summary, List<String> tags, String body) {
    return new ChunkDraft(
        "p", "t", session, null, List.of(Actor.USER), "test", tags, summary, Map.of(), body);
  }

  /** The i-th draft of a batch: its own words, non-ASCII text, an empty summary every third. */
  private static ChunkDraft numbered(int i) {
    String summary = i % 3 == 0 ? "" : "résumé numéro" + i;
    return draft(
        "batch", summary, List.of("étiquette" + i), "corps " + i + " naïve 日本語 🙂 mot" + i);
  }

  @Test
  void aLargeBatchIsWrittenInItsOrderAsTextWithTheSizesAndChecksumsOfItsUtf8() throws Exception {
    List<ChunkDraft> drafts = IntStream.range(0, 40).mapToObj(BatchEncodingTest::numbered).toList();
    List<SavedChunk> saved;
    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      saved = store.append(drafts);
      store.append(List.of(draft("single", "", List.of(), "un seul brouillon, déjà")));

      for (int i = 0; i < drafts.size(); i++) {
        byte[] utf8 = drafts.get(i).body().getBytes(StandardCharsets.UTF_8);
        assertThat(saved.get(i).meta().seq()).isEqualTo(i);
        assertThat(saved.get(i).meta().size()).isEqualTo(utf8.length);
        assertThat(saved.get(i).meta().sha256()).isEqualTo(ChunkCodec.sha256(utf8));
        assertThat(store.read(saved.get(i).meta().id()).orElseThrow().body())
            .isEqualTo(drafts.get(i).body());
      }
    }

    assertThat(database.query("SELECT DISTINCT typeof(body) FROM chunks")).isEqualTo("text\n");
    assertThat(database.query("SELECT count(*) FROM chunks WHERE summary = ''")).isEqualTo("15\n");
  }

  @Test
  void searchFindsTheWordsOfEveryFieldOfABatch() {
    try (SqliteChunkStore store =
        SqliteChunkStore.open(database.file(), SqliteOptions.defaults())) {
      List<SavedChunk> saved =
          store.append(IntStream.range(0, 40).mapToObj(BatchEncodingTest::numbered).toList());
      store.append(List.of(draft("single", "", List.of(), "un seul brouillon, déjà")));

      assertThat(ids(store.search(SearchQuery.of("mot17")))).containsExactly(idOf(saved, 17));
      assertThat(ids(store.search(SearchQuery.of("numéro29")))).containsExactly(idOf(saved, 29));
      assertThat(ids(store.search(SearchQuery.of("étiquette5")))).containsExactly(idOf(saved, 5));
      assertThat(store.search(SearchQuery.of("日本語").withLimit(100))).hasSize(40);
      assertThat(store.search(SearchQuery.of("déjà"))).hasSize(1);
    }
  }

  private static String idOf(List<SavedChunk> saved, int i) {
    return saved.get(i).meta().id().toString();
  }

  private static List<String> ids(List<SearchHit> hits) {
    return hits.stream().map(hit -> hit.meta().id().toString()).toList();
  }
}
