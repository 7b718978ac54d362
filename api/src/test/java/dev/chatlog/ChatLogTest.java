package dev.chatlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.NotFoundException;
import dev.chatlog.error.ReadOnlyException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.RestoredChunk;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.search.RankMode;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.ThrowingConsumer;

class ChatLogTest {
  private static final ChatLogConfig CONFIG = ChatLogConfig.forStore(URI.create("memory:test"));

  private final RecordingChunkStore store = new RecordingChunkStore();

  private ChatLog chatLog(int chunkMaxChars) {
    return ChatLog.over(store, CONFIG.withChunkMaxChars(chunkMaxChars));
  }

  private static String bodies(List<SavedChunk> saved, ChatLog log) {
    StringBuilder joined = new StringBuilder();
    for (SavedChunk chunk : saved) {
      joined.append(log.show(chunk.meta().id()).orElseThrow().body());
    }
    return joined.toString();
  }

  @Test
  void saveReturnsTheStoredChunk() {
    ChatLog log = chatLog(100);
    SaveResult result = log.save(SaveRequest.of("We chose S3.").withProject("chatlog"));
    assertThat(result.chunks()).hasSize(1);
    assertThat(result.createdAny()).isTrue();
    ChunkMeta meta = result.chunks().get(0).meta();
    assertThat(meta.project()).isEqualTo("chatlog");
    assertThat(meta.session()).isEqualTo(java.time.LocalDate.now().toString());
    assertThat(log.show(meta.id()).orElseThrow().body()).isEqualTo("We chose S3.");
    assertThat(store.appendCalls).isEqualTo(1);
  }

  @Test
  void longContentIsSplitIntoConsecutiveChunksOfOneSession() {
    ChatLog log = chatLog(50);
    String content = "word ".repeat(30) + "\n\n" + "line\n".repeat(20) + "x".repeat(120);
    SaveResult result = log.save(SaveRequest.of(content).withSession("s"));
    assertThat(result.chunks()).hasSizeGreaterThan(1).allMatch(SavedChunk::created);
    assertThat(result.chunks())
        .extracting(c -> c.meta().seq())
        .containsExactlyElementsOf(
            java.util.stream.IntStream.range(0, result.chunks().size()).boxed().toList());
    assertThat(result.chunks()).allMatch(c -> c.meta().session().equals("s"));
    assertThat(bodies(result.chunks(), log)).isEqualTo(content);
    assertThat(store.appendCalls).isEqualTo(1);
  }

  @Test
  void splitSavesKeepEveryCharacterOfRandomContent() {
    Random random = new Random(7);
    String[] pieces = {"a", "bc", " ", "\n", "\n\n", "\uD83D\uDE80", "ü"};
    for (int round = 0; round < 200; round++) {
      StringBuilder text = new StringBuilder("start");
      for (int i = random.nextInt(300); i > 0; i--) {
        text.append(pieces[random.nextInt(pieces.length)]);
      }
      String content = text.toString();
      ChatLog log = chatLog(8 + random.nextInt(60));
      String session = "round-" + round;
      SaveResult result = log.save(SaveRequest.of(content).withSession(session));
      assertThat(bodies(result.chunks(), log)).isEqualTo(content);
      assertThat(result.chunks())
          .allMatch(c -> c.meta().size() > 0 && c.meta().session().equals(session));
    }
  }

  @Test
  void savingTheSameContentAgainCreatesNothing() {
    ChatLog log = chatLog(100);
    SaveResult first = log.save(SaveRequest.of("same"));
    SaveResult second = log.save(SaveRequest.of("same"));
    assertThat(second.createdAny()).isFalse();
    assertThat(second.chunks().get(0).meta().id()).isEqualTo(first.chunks().get(0).meta().id());
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void saveAllAppendsOnceAndReturnsOneResultPerRequest() {
    ChatLog log = chatLog(10);
    List<SaveResult> results =
        log.saveAll(
            List.of(
                SaveRequest.of("short").withSession("a"),
                SaveRequest.of("0123456789abcdefghij").withSession("b"),
                SaveRequest.of("tiny").withSession("c")));
    assertThat(store.appendCalls).isEqualTo(1);
    assertThat(results).extracting(r -> r.chunks().size()).containsExactly(1, 2, 1);
    assertThat(results.get(1).chunks()).extracting(c -> c.meta().session()).containsOnly("b");
    assertThat(log.saveAll(List.of())).isEmpty();
    assertThat(store.appendCalls).as("nothing to save, nothing appended").isEqualTo(1);
  }

  @Test
  void planShowsTheDraftsAndWritesNothing() {
    ChatLog log = chatLog(5);
    List<ChunkDraft> drafts = log.plan(SaveRequest.of("abc defgh").withTopic("t"));
    assertThat(drafts).extracting(ChunkDraft::body).containsExactly("abc ", "defgh");
    assertThat(drafts).allMatch(d -> d.topic().equals("t") && d.source().equals("cli"));
    assertThat(store.appendCalls).isZero();
    assertThat(store.size()).isZero();
  }

  @Test
  void retrieveIsNewestFirstAndHonoursTheLimit() {
    ChatLog log = chatLog(100);
    for (int i = 0; i < 5; i++) {
      log.save(SaveRequest.of("note " + i).withProject(i % 2 == 0 ? "even" : "odd"));
    }
    assertThat(log.retrieve(ChunkFilter.all(), 3))
        .extracting(Chunk::body)
        .containsExactly("note 4", "note 3", "note 2");
    assertThat(log.retrieve(ChunkFilter.all().withProject("odd"), 10))
        .extracting(Chunk::body)
        .containsExactly("note 3", "note 1");
    assertThat(log.list(ChunkFilter.all().withProject("even"), 2))
        .extracting(ChunkMeta::project)
        .containsExactly("even", "even");
  }

  @Test
  void limitsBelowOneAreRejected() {
    ChatLog log = chatLog(100);
    assertThatThrownBy(() -> log.retrieve(ChunkFilter.all(), 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot retrieve: --limit must be at least 1");
    assertThatThrownBy(() -> log.list(ChunkFilter.all(), -1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot list: --limit must be at least 1");
    assertThatThrownBy(() -> log.retrieveWithin(ChunkFilter.all(), 0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot retrieve: --max-chars must be at least 1");
  }

  @Test
  void retrieveWithinTakesTheNewestChunksThatFit() {
    ChatLog log = chatLog(1000);
    log.save(SaveRequest.of("a".repeat(10)));
    log.save(SaveRequest.of("b".repeat(30)));
    log.save(SaveRequest.of("c".repeat(20)));
    log.save(SaveRequest.of("d".repeat(20)));
    assertThat(log.retrieveWithin(ChunkFilter.all(), 40))
        .extracting(Chunk::body)
        .containsExactly("d".repeat(20), "c".repeat(20));
    assertThat(log.retrieveWithin(ChunkFilter.all(), 69))
        .as("stops at the first chunk that does not fit, even if an older one would")
        .extracting(Chunk::body)
        .containsExactly("d".repeat(20), "c".repeat(20));
    assertThat(log.retrieveWithin(ChunkFilter.all(), 1000)).hasSize(4);
    assertThat(log.retrieveWithin(ChunkFilter.all(), 19)).isEmpty();
  }

  @Test
  void retrieveWithinCountsCodePointsAndReadsPastOneBatch() {
    ChatLog log = chatLog(1000);
    for (int i = 0; i < 40; i++) {
      log.save(SaveRequest.of("\uD83D\uDE80" + i % 10).withSession("s" + i));
    }
    // every body is 2 code points (3 Java chars): 80 code points hold all 40
    assertThat(log.retrieveWithin(ChunkFilter.all(), 80)).hasSize(40);
    assertThat(log.retrieveWithin(ChunkFilter.all(), 79)).hasSize(39);
    assertThat(log.retrieveWithin(ChunkFilter.all().withSession("s0"), 80)).hasSize(1);
  }

  @Test
  void showIsEmptyForAnUnknownId() {
    assertThat(chatLog(100).show(ChunkId.of(1, 2, 3))).isEmpty();
  }

  @Test
  void deleteRemovesEveryGivenChunk() {
    ChatLog log = chatLog(100);
    ChunkId a = log.save(SaveRequest.of("a")).chunks().get(0).meta().id();
    ChunkId b = log.save(SaveRequest.of("b")).chunks().get(0).meta().id();
    ChunkId c = log.save(SaveRequest.of("c")).chunks().get(0).meta().id();
    assertThat(log.planDelete(List.of(a, c, a))).extracting(ChunkMeta::id).containsExactly(a, c);
    assertThat(store.size()).as("planDelete deletes nothing").isEqualTo(3);
    assertThat(log.delete(List.of(a, c))).containsExactlyInAnyOrder(a, c);
    assertThat(log.list(ChunkFilter.all(), 10)).extracting(ChunkMeta::id).containsExactly(b);
    assertThat(log.delete(List.of())).isEmpty();
  }

  @Test
  void deleteOfAnUnknownIdDeletesNothing() {
    ChatLog log = chatLog(100);
    ChunkId a = log.save(SaveRequest.of("a")).chunks().get(0).meta().id();
    ChunkId unknown = ChunkId.of(5, 0, 5);
    assertThatThrownBy(() -> log.delete(List.of(a, unknown)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Cannot delete chunk " + unknown + ": no such chunk in memory:test");
    assertThatThrownBy(() -> log.planDelete(List.of(unknown, a)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage("Cannot delete chunk " + unknown + ": no such chunk in memory:test");
    assertThat(store.deleteCalls).isZero();
    assertThat(store.size()).isEqualTo(1);
  }

  @Test
  void passesTheRestThroughToTheStore() {
    ChatLog log = chatLog(100);
    log.save(SaveRequest.of("the S3 decision"));
    log.save(SaveRequest.of("lunch"));
    SearchQuery query =
        new SearchQuery(
            "S3", ChunkFilter.all(), 10, RankMode.BALANCED, Duration.ofDays(30), Instant.now());
    assertThat(log.search(query))
        .extracting(SearchHit::meta)
        .extracting(ChunkMeta::size)
        .containsExactly(15L);
    log.compact();
    assertThat(store.compactCalls).isEqualTo(1);
    assertThat(log.stats().chunks()).isEqualTo(2);
    assertThat(log.verify(true).checked()).isEqualTo(2);
    assertThat(log.reindex()).isEqualTo(2);
    assertThat(log.location()).isEqualTo("memory:test");
    assertThat(log.config().chunkMaxChars()).isEqualTo(100);
    log.close();
    assertThat(store.closed).isTrue();
  }

  @Test
  void readOnlyRefusesEveryWriteAndChangesNothing() {
    ChunkId id = chatLog(100).save(SaveRequest.of("kept")).chunks().get(0).meta().id();
    ChatLog log = ChatLog.over(store, CONFIG.withReadOnly(true));
    List<ThrowingConsumer<ChatLog>> writes =
        List.of(
            l -> l.save(SaveRequest.of("new")),
            l -> l.saveAll(List.of(SaveRequest.of("new"))),
            l -> l.delete(List.of(id)),
            l -> l.delete(List.of(ChunkId.of(9, 9, 9))),
            ChatLog::compact,
            ChatLog::reindex,
            l -> l.verify(true),
            l -> l.restore(List.of(new Chunk(l.show(id).orElseThrow().meta(), "kept"))));
    for (ThrowingConsumer<ChatLog> write : writes) {
      assertThatThrownBy(() -> write.accept(log))
          .isInstanceOf(ReadOnlyException.class)
          .hasMessageStartingWith("Cannot ")
          .hasMessageEndingWith(" in memory:test: the store is read-only (CHM_READ_ONLY)");
    }
    assertThat(store.appendCalls).isEqualTo(1);
    assertThat(store.deleteCalls + store.compactCalls + store.reindexCalls + store.restoreCalls)
        .isZero();
    assertThat(store.size()).isEqualTo(1);
    assertThat(log.verify(false).checked()).isEqualTo(1);
    assertThat(log.retrieve(ChunkFilter.all(), 5)).extracting(Chunk::body).containsExactly("kept");
    assertThat(log.plan(SaveRequest.of("x"))).hasSize(1);
    assertThat(log.planDelete(List.of(id))).hasSize(1);
    List<ChunkId> ids = new ArrayList<>();
    log.forEachId(ChunkFilter.all(), ids::add);
    assertThat(ids).containsExactly(id);
  }

  @Test
  void listPagesReadsEveryMatchOncePageByPage() {
    ChatLog log = chatLog(100);
    for (int i = 0; i < 7; i++) {
      log.save(SaveRequest.of("body " + i));
    }

    List<List<ChunkMeta>> pages = new ArrayList<>();
    log.listPages(ChunkFilter.all(), 3).forEachRemaining(pages::add);

    assertThat(pages).extracting(List::size).containsExactly(3, 3, 1);
    assertThat(pages.stream().flatMap(List::stream).toList())
        .isEqualTo(log.list(ChunkFilter.all(), 100));
    assertThat(log.listPages(ChunkFilter.all().withProject("none"), 3).hasNext()).isFalse();
    assertThatThrownBy(() -> log.listPages(ChunkFilter.all(), 0))
        .isInstanceOf(InvalidInputException.class);
  }

  @Test
  void restorePutsChunksAsTheyAreAndTellsWhatWasPresent() {
    ChatLog from = chatLog(100);
    Chunk saved =
        from.show(from.save(SaveRequest.of("moved")).chunks().get(0).meta().id()).orElseThrow();
    RecordingChunkStore other = new RecordingChunkStore();
    ChatLog to = ChatLog.over(other, CONFIG);

    assertThat(to.restore(List.of(saved)))
        .extracting(RestoredChunk::outcome)
        .containsExactly(RestoredChunk.Outcome.RESTORED);
    assertThat(to.restore(List.of(saved)))
        .extracting(RestoredChunk::outcome)
        .containsExactly(RestoredChunk.Outcome.PRESENT);
    assertThat(to.show(saved.id())).contains(saved);
  }
}
