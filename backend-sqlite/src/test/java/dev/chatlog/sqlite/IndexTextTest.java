package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.search.TextFold;
import dev.chatlog.spi.ChunkStore;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * What FTS5 indexes of a chunk's body is exactly the words chatlog's tokenizer finds in it, in
 * order: the index text leaves ASCII to FTS5's tokenizer and folds the rest ({@link
 * TextFold#indexText}).
 */
class IndexTextTest {
  private static final String[] PIECES = {
    "Retry", "the", "CHECKOUT", "42", "x", ",", ".", " ", "\n", "_", "-", "'", "é", "É", "\u0301",
    "²", "ﬁ", "Ｆ", "—", "“", "’", "数据", "カタカナ", "한", "😀", "α", "Ж", "\u00a0", "٠", "naïve",
    "café", "Crème", "BRÛLÉE"
  };

  private final TempDatabase database = new TempDatabase();
  private final ChunkStore store = database.open();

  @AfterEach
  void tearDown() {
    store.close();
    database.cleanUp();
  }

  @Test
  void fts5IndexesTheWordsOfEveryBodyInTheirOrder() throws SQLException {
    SplittableRandom random = new SplittableRandom(11);
    List<String> bodies = new ArrayList<>(List.of("all ASCII, Upper and lower: 3 words", "Wörld"));
    for (int i = 0; i < 300; i++) {
      StringBuilder body = new StringBuilder();
      // every tenth body as long as a full chunk of a long conversation
      for (int piece = i % 10 == 0 ? 3_000 : random.nextInt(1, 30); piece > 0; piece--) {
        body.append(PIECES[random.nextInt(PIECES.length)]);
      }
      bodies.add(body.toString());
    }
    List<SavedChunk> saved =
        store.append(
            bodies.stream()
                .map(
                    body ->
                        new ChunkDraft(
                            "p",
                            "t",
                            "s",
                            Instant.parse("2026-06-01T12:00:00Z"),
                            List.of(Actor.USER),
                            "cli",
                            List.of(),
                            "",
                            Map.of(),
                            body))
                .toList());

    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database.file());
        Statement statement = connection.createStatement()) {
      statement.execute(
          "CREATE VIRTUAL TABLE temp.words USING fts5vocab(main, chunks_fts, instance)");
      PreparedStatement terms =
          connection.prepareStatement(
              "SELECT term FROM temp.words WHERE doc = (SELECT rowid FROM chunks WHERE id = ?)"
                  + " AND col = 'body' ORDER BY offset");
      for (int i = 0; i < saved.size(); i++) {
        terms.setString(1, saved.get(i).meta().id().toString());
        List<String> indexed = new ArrayList<>();
        try (ResultSet rows = terms.executeQuery()) {
          while (rows.next()) {
            indexed.add(rows.getString(1));
          }
        }
        assertThat(indexed).as(bodies.get(i)).isEqualTo(TextFold.words(bodies.get(i)));
      }
    }
  }
}
