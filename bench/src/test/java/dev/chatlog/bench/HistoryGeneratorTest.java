package dev.chatlog.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.ChatLog;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.SearchQuery;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class HistoryGeneratorTest {
  @TempDir Path folder;

  @ParameterizedTest
  @ValueSource(strings = {"fs", "sqlite"})
  void buildsAHistorySpreadOverProjectsAndSessionsOnce(String kind) throws Exception {
    URI uri = HistoryGenerator.ensure(folder, kind, 1_000);

    assertThat(Files.readString(folder.resolve(kind + "-1000.done"))).startsWith("1000 chunks in ");
    try (ChatLog chatlog = HistoryGenerator.open(uri)) {
      assertThat(chatlog.stats().chunks()).isEqualTo(1_000);
      assertThat(chatlog.stats().perProject())
          .containsOnlyKeys("proj-0", "proj-1", "proj-2", "proj-3", "proj-4");
      List<ChunkMeta> newest = chatlog.list(ChunkFilter.all(), 1);
      assertThat(newest.get(0).session()).isEqualTo("s-19");
      assertThat(newest.get(0).seq()).isEqualTo(HistoryGenerator.SESSION_CHUNKS - 1);
      assertThat(newest.get(0).created()).isEqualTo(HistoryGenerator.START.plusSeconds(30L * 999));
      assertThat(chatlog.retrieve(HistoryGenerator.commonFilter(), 10))
          .hasSize(10)
          .allMatch(chunk -> chunk.meta().project().equals("proj-2"));
      assertThat(chatlog.search(SearchQuery.of("needle"))).hasSize(2);
      for (String word : HistoryGenerator.COMMON_WORDS.split(" ")) {
        assertThat(chatlog.search(SearchQuery.of(word).withLimit(1_000)))
            .as("'%s' is in more than half the chunks", word)
            .hasSizeGreaterThan(500);
      }
    }

    long modified = Files.getLastModifiedTime(folder.resolve(kind + "-1000.done")).toMillis();
    assertThat(HistoryGenerator.ensure(folder, kind, 1_000)).isEqualTo(uri);
    assertThat(Files.getLastModifiedTime(folder.resolve(kind + "-1000.done")).toMillis())
        .isEqualTo(modified);
  }

  @ParameterizedTest
  @ValueSource(strings = {"fs", "sqlite"})
  void aHistoryWithALongSessionHoldsItAfterTheOthers(String kind) throws Exception {
    int length = HistoryGenerator.BATCH + 1;
    URI uri = HistoryGenerator.ensure(folder, kind, 100, length);

    assertThat(folder.resolve(kind + "-100-session-" + length + ".done")).exists();
    try (ChatLog chatlog = HistoryGenerator.open(uri)) {
      assertThat(chatlog.stats().chunks()).isEqualTo(100 + length);
      ChunkFilter session =
          ChunkFilter.all()
              .withProject(HistoryGenerator.LONG_SESSION_PROJECT)
              .withTopic(HistoryGenerator.LONG_SESSION_TOPIC)
              .withSession(HistoryGenerator.longSession(length));
      List<ChunkMeta> newest = chatlog.list(ChunkFilter.all(), 1);
      assertThat(newest.get(0).session()).isEqualTo("long-" + length);
      assertThat(newest.get(0).seq()).isEqualTo(length - 1);
      assertThat(chatlog.list(session, Integer.MAX_VALUE)).hasSize(length);
    }
  }

  @Test
  void aWorkCopySharesNothingThatTheStoreRewrites() throws Exception {
    URI uri = HistoryGenerator.ensure(folder, "fs", 1_000);
    Path copy = HistoryGenerator.linkCopy(folder.resolve("fs-1000"), folder.resolve("work/fs"));
    try (ChatLog chatlog = HistoryGenerator.open(HistoryGenerator.storeUri(copy, "fs"))) {
      chatlog.save(dev.chatlog.SaveRequest.of("only in the copy").withSession("s-19"));
      chatlog.compact();
      assertThat(chatlog.stats().chunks()).isEqualTo(1_001);
    }
    try (ChatLog chatlog = HistoryGenerator.open(uri)) {
      assertThat(chatlog.stats().chunks()).isEqualTo(1_000);
      assertThat(chatlog.verify(false).problems()).isEmpty();
    }
  }

  @Test
  void rejectsAnUnknownStoreKind() {
    assertThatThrownBy(() -> HistoryGenerator.storeUri(folder, "tape"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot generate history: store kind 'tape' is not one of fs, sqlite");
  }
}
