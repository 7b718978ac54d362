package dev.chatlog.contract;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.RestoredChunk;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.model.StoreStats;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.testing.Drafts;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The contract of {@link ChunkStore}, run by every backend through a subclass that implements
 * {@link #newFixture()}. Every test uses a fresh, empty storage.
 */
public abstract class ChunkStoreContract {

  /** Fresh, empty storage on which stores are opened; each {@link #open()} is a new instance. */
  @FunctionalInterface
  public interface Fixture {
    /** Opens a store on this fixture's storage; a second call sees what the first wrote. */
    ChunkStore open();

    /** Removes the storage; called after every test. */
    default void cleanUp() {}
  }

  private final List<ChunkStore> opened = new ArrayList<>();
  private Fixture fixture;

  /** The store under test, opened on fresh storage before each test. */
  protected ChunkStore store;

  /** Makes fresh, empty storage for one test. */
  protected abstract Fixture newFixture();

  @BeforeEach
  void openStore() {
    fixture = newFixture();
    store = reopen();
  }

  @AfterEach
  void closeStores() {
    opened.forEach(ChunkStore::close);
    opened.clear();
    fixture.cleanUp();
  }

  /** A second store instance on the same storage, closed after the test. */
  protected ChunkStore reopen() {
    ChunkStore next = fixture.open();
    opened.add(next);
    return next;
  }

  protected static ChunkDraft draft(String session, String body) {
    return draft("chatlog", "storage", session, body);
  }

  protected static ChunkDraft draft(String project, String topic, String session, String body) {
    return Drafts.user(project, topic, session, body);
  }

  protected SavedChunk save(ChunkDraft draft) {
    List<SavedChunk> saved = store.append(List.of(draft));
    assertThat(saved).hasSize(1);
    return saved.get(0);
  }

  protected static String sha256(String body) throws Exception {
    return HexFormat.of()
        .formatHex(
            MessageDigest.getInstance("SHA-256").digest(body.getBytes(StandardCharsets.UTF_8)));
  }

  private List<ChunkId> ids(List<ChunkMeta> metas) {
    return metas.stream().map(ChunkMeta::id).toList();
  }

  @Test
  void roundTripsEveryField() throws Exception {
    Instant created = Instant.parse("2024-05-06T07:08:09.123Z");
    ChunkDraft full =
        new ChunkDraft(
            "chatlog",
            "storage",
            "s-1",
            created,
            List.of(Actor.USER, Actor.ASSISTANT, Actor.TOOL),
            "importer",
            List.of("pinned", "design"),
            "How the index works",
            Map.of("adr", List.of("0001", "0002"), "epic", List.of("storage")),
            "# Question\n\nHow is the index laid out?\n");

    SavedChunk saved = save(full);

    ChunkMeta meta = saved.meta();
    assertThat(saved.created()).isTrue();
    assertThat(meta.id().instant()).isEqualTo(Instant.parse("2024-05-06T07:08:09.123Z"));
    assertThat(meta.project()).isEqualTo("chatlog");
    assertThat(meta.topic()).isEqualTo("storage");
    assertThat(meta.session()).isEqualTo("s-1");
    assertThat(meta.seq()).isZero();
    assertThat(meta.created()).isEqualTo(created);
    assertThat(meta.actors()).containsExactly(Actor.USER, Actor.ASSISTANT, Actor.TOOL);
    assertThat(meta.source()).isEqualTo("importer");
    assertThat(meta.tags()).containsExactly("pinned", "design");
    assertThat(meta.summary()).isEqualTo("How the index works");
    assertThat(meta.labels())
        .containsExactly(
            Map.entry("adr", List.of("0001", "0002")), Map.entry("epic", List.of("storage")));
    assertThat(meta.sha256()).isEqualTo(sha256(full.body()));
    assertThat(meta.size()).isEqualTo(full.body().getBytes(StandardCharsets.UTF_8).length);

    assertThat(store.list(ChunkFilter.all(), 10)).containsExactly(meta);
    assertThat(store.read(meta.id())).contains(new Chunk(meta, full.body()));
    assertThat(reopen().read(meta.id())).contains(new Chunk(meta, full.body()));
  }

  @Test
  void listsNewestFirstAndHonoursTheLimit() {
    List<ChunkId> saved = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      saved.add(save(draft("s", "body " + i)).meta().id());
    }

    assertThat(ids(store.list(ChunkFilter.all(), 10)))
        .containsExactly(saved.get(4), saved.get(3), saved.get(2), saved.get(1), saved.get(0));
    assertThat(ids(store.list(ChunkFilter.all(), 2))).containsExactly(saved.get(4), saved.get(3));
    assertThat(saved).isSorted();
  }

  @Test
  void filtersByEveryField() {
    ChunkDraft base = draft("p1", "t1", "s1", "a");
    ChunkMeta a = save(base).meta();
    ChunkMeta b = save(draft("p2", "t1", "s1", "b")).meta();
    ChunkMeta c = save(draft("p1", "t2", "s2", "c")).meta();
    ChunkMeta d =
        save(new ChunkDraft(
                "p1",
                "t1",
                "s3",
                Instant.parse("2020-01-01T00:00:00Z"),
                List.of(Actor.ASSISTANT),
                "cli",
                List.of("x", "y"),
                "",
                Map.of(),
                "d"))
            .meta();

    assertThat(store.list(ChunkFilter.all().withProject("p1"), 10)).containsExactly(c, a, d);
    assertThat(store.list(ChunkFilter.all().withTopic("t2"), 10)).containsExactly(c);
    assertThat(store.list(ChunkFilter.all().withSession("s1"), 10)).containsExactly(b, a);
    assertThat(
            store.list(ChunkFilter.all().withProject("p1").withTopic("t1").withSession("s1"), 10))
        .containsExactly(a);
    assertThat(store.list(ChunkFilter.all().withActor(Actor.ASSISTANT), 10)).containsExactly(d);
    assertThat(store.list(ChunkFilter.all().withTags(Set.of("x", "y")), 10)).containsExactly(d);
    assertThat(store.list(ChunkFilter.all().withTags(Set.of("x", "z")), 10)).isEmpty();
    assertThat(store.list(ChunkFilter.all().withUntil(Instant.parse("2021-01-01T00:00:00Z")), 10))
        .containsExactly(d);
    assertThat(store.list(ChunkFilter.all().withSince(Instant.parse("2021-01-01T00:00:00Z")), 10))
        .containsExactly(c, b, a);
    assertThat(store.list(ChunkFilter.all().withSince(d.created()).withUntil(a.created()), 10))
        .containsExactly(d);
  }

  @Test
  void appendIsIdempotentPerSession() {
    SavedChunk first = save(draft("s1", "same text"));
    SavedChunk again = save(draft("s1", "same text"));
    SavedChunk elsewhere = save(draft("s2", "same text"));

    assertThat(again.created()).isFalse();
    assertThat(again.meta()).isEqualTo(first.meta());
    assertThat(elsewhere.created()).isTrue();
    assertThat(elsewhere.meta().id()).isNotEqualTo(first.meta().id());
    assertThat(store.list(ChunkFilter.all(), 10)).hasSize(2);
    assertThat(reopen().append(List.of(draft("s1", "same text"))).get(0).created()).isFalse();
  }

  @Test
  void oneAppendSavesABodyOncePerSessionWhetherTheSessionIsNewOrNot() {
    save(draft("old", "kept before"));

    List<SavedChunk> batch =
        store.append(
            List.of(
                draft("new", "twice"),
                draft("old", "twice"),
                draft("new", "twice"),
                draft("old", "kept before"),
                draft("old", "twice"),
                draft("new", "once")));

    assertThat(batch)
        .extracting(SavedChunk::created)
        .containsExactly(true, true, false, false, false, true);
    assertThat(batch.get(2).meta()).isEqualTo(batch.get(0).meta());
    assertThat(batch.get(4).meta()).isEqualTo(batch.get(1).meta());
    assertThat(batch).extracting(saved -> saved.meta().seq()).containsExactly(0, 1, 0, 0, 1, 1);
    assertThat(store.list(ChunkFilter.all(), 10)).hasSize(4);
  }

  @Test
  void numbersChunksOfASessionConsecutively() {
    List<SavedChunk> batch =
        store.append(List.of(draft("s1", "one"), draft("s2", "other"), draft("s1", "two")));
    SavedChunk third = save(draft("s1", "three"));
    SavedChunk fourth = reopen().append(List.of(draft("s1", "four"))).get(0);

    assertThat(batch).extracting(saved -> saved.meta().seq()).containsExactly(0, 0, 1);
    assertThat(third.meta().seq()).isEqualTo(2);
    assertThat(fourth.meta().seq()).isEqualTo(3);
  }

  @Test
  void deletesChunksAndSkipsUnknownIds() {
    ChunkMeta keep = save(draft("s", "keep")).meta();
    ChunkMeta gone = save(draft("s", "gone")).meta();
    ChunkId unknown = ChunkId.of(1_000L, 1, 2);

    List<ChunkId> deleted = store.delete(List.of(gone.id(), unknown));

    assertThat(deleted).containsExactly(gone.id());
    assertThat(store.list(ChunkFilter.all(), 10)).containsExactly(keep);
    assertThat(store.read(gone.id())).isEmpty();
    assertThat(store.delete(List.of(gone.id()))).isEmpty();
    assertThat(reopen().list(ChunkFilter.all(), 10)).containsExactly(keep);
    assertThat(save(draft("s", "gone")).created()).isTrue();
  }

  @Test
  void readOfUnknownIdIsEmpty() {
    save(draft("s", "something"));
    assertThat(store.read(ChunkId.of(1_000L, 1, 2))).isEmpty();
  }

  @Test
  void keepsUnicodeBodiesByteExact() {
    String body = "Ünïcödé — 日本語 🚀\r\nline two\ttab\n\n---\nnot front matter\n";
    ChunkMeta meta = save(draft("s", body)).meta();

    assertThat(store.read(meta.id()).orElseThrow().body()).isEqualTo(body);
    assertThat(meta.size()).isEqualTo(body.getBytes(StandardCharsets.UTF_8).length);
  }

  @Test
  void readAllKeepsTheOrderAsked() {
    ChunkMeta a = save(draft("s", "a")).meta();
    ChunkMeta b = save(draft("s", "b")).meta();
    ChunkMeta c = save(draft("s", "c")).meta();

    List<Chunk> chunks = store.readAll(List.of(b, c, a));

    assertThat(chunks).extracting(Chunk::body).containsExactly("b", "c", "a");
    assertThat(chunks).extracting(Chunk::meta).containsExactly(b, c, a);
  }

  @Test
  void countsInStats() {
    StoreStats empty = store.stats();
    assertThat(empty.chunks()).isZero();
    assertThat(empty.oldest()).isNull();

    ChunkMeta old =
        save(new ChunkDraft(
                "p1",
                "t",
                "s",
                Instant.parse("2020-01-01T00:00:00Z"),
                List.of(Actor.USER),
                "cli",
                List.of(),
                "",
                Map.of(),
                "12345"))
            .meta();
    save(draft("p1", "t", "s", "abc"));
    ChunkMeta newest = save(draft("p2", "t", "s", "xy")).meta();
    ChunkMeta gone = save(draft("p2", "t", "s", "deleted")).meta();
    store.delete(List.of(gone.id()));

    StoreStats stats = store.stats();
    assertThat(stats.chunks()).isEqualTo(3);
    assertThat(stats.bytes()).isEqualTo(10);
    assertThat(stats.oldest()).isEqualTo(old.created());
    assertThat(stats.newest()).isEqualTo(newest.created());
    assertThat(stats.perProject()).isEqualTo(Map.of("p1", 2L, "p2", 1L));
  }

  @Test
  void compactionKeepsEverything() {
    List<ChunkMeta> saved = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      saved.add(save(draft("s" + (i % 2), "body " + i)).meta());
    }
    store.delete(List.of(saved.get(2).id()));
    List<ChunkMeta> before = store.list(ChunkFilter.all(), 100);

    store.compact();
    store.compact();

    assertThat(before).hasSize(5).doesNotContain(saved.get(2));
    assertThat(store.list(ChunkFilter.all(), 100)).isEqualTo(before);
    assertThat(reopen().list(ChunkFilter.all(), 100)).isEqualTo(before);
    assertThat(save(draft("s0", "body 0")).created()).isFalse();
    assertThat(save(draft("s0", "body 6")).meta().seq()).isEqualTo(3);
  }

  @Test
  void aSecondInstanceSeesEverything() {
    ChunkMeta a = save(draft("s", "a")).meta();
    ChunkStore other = reopen();
    ChunkMeta b = other.append(List.of(draft("s", "b"))).get(0).meta();
    other.delete(List.of(a.id()));

    assertThat(store.list(ChunkFilter.all(), 10)).containsExactly(b);
    assertThat(store.read(b.id()).orElseThrow().body()).isEqualTo("b");
    assertThat(store.read(a.id())).isEmpty();
    assertThat(b.seq()).isEqualTo(1);
  }

  // ---------------------------------------------------------------- restore and paging

  /**
   * Whether the store keeps a deleted id deleted, so that a restore of it is a conflict (the blob
   * stores, whose tombstones stay in the index); SQLite forgets deleted rows and restores the id.
   */
  protected boolean keepsDeletedIdsDeleted() {
    return true;
  }

  /** A chunk as another store or a backup holds it: its own id, seq, time and metadata. */
  protected static Chunk chunk(long millis, String session, int seq, String body) throws Exception {
    ChunkMeta meta =
        new ChunkMeta(
            ChunkId.of(millis, 0x1234, millis * 31 + seq),
            "restored",
            "backup",
            session,
            seq,
            Instant.ofEpochMilli(millis).plusNanos(123_456),
            List.of(Actor.USER, Actor.ASSISTANT),
            "chatgpt",
            List.of("pinned", "from-backup"),
            "A summary",
            Map.of("adr", List.of("0024"), "messages", List.of("2")),
            sha256(body),
            body.getBytes(StandardCharsets.UTF_8).length);
    return new Chunk(meta, body);
  }

  private static List<RestoredChunk.Outcome> outcomes(List<RestoredChunk> restored) {
    return restored.stream().map(RestoredChunk::outcome).toList();
  }

  @Test
  void restoreKeepsIdsTimesSequenceMetadataAndBodies() throws Exception {
    Chunk first = chunk(1_700_000_000_000L, "s-old", 7, "# old\n\nüñí 数据 \r\n\ttab");
    Chunk second = chunk(1_700_000_100_000L, "s-old", 8, "second");

    List<RestoredChunk> restored = store.restore(List.of(first, second));

    assertThat(restored)
        .extracting(RestoredChunk::meta)
        .containsExactly(first.meta(), second.meta());
    assertThat(outcomes(restored))
        .containsExactly(RestoredChunk.Outcome.RESTORED, RestoredChunk.Outcome.RESTORED);
    assertThat(store.list(ChunkFilter.all(), 10)).containsExactly(second.meta(), first.meta());
    assertThat(reopen().read(first.id())).contains(first);
    assertThat(reopen().readAll(List.of(second.meta(), first.meta())))
        .containsExactly(second, first);
  }

  @Test
  void restoreIsIdempotentAndReportsWhatIsPresent() throws Exception {
    List<Chunk> chunks = List.of(chunk(1_000, "s", 0, "a"), chunk(2_000, "s", 1, "b"));
    store.restore(chunks);

    List<RestoredChunk> again = reopen().restore(chunks);

    assertThat(outcomes(again))
        .containsExactly(RestoredChunk.Outcome.PRESENT, RestoredChunk.Outcome.PRESENT);
    assertThat(store.list(ChunkFilter.all(), 10)).hasSize(2);
  }

  @Test
  void restoreOfAnIdHeldWithOtherContentIsAConflictAndChangesNothing() throws Exception {
    Chunk held = chunk(5_000, "s", 0, "the original");
    store.restore(List.of(held));
    Chunk other = chunk(5_000, "s", 0, "something else");
    Chunk fresh = chunk(6_000, "s", 1, "fresh");

    List<RestoredChunk> restored = store.restore(List.of(other, fresh, other));

    assertThat(outcomes(restored))
        .containsExactly(
            RestoredChunk.Outcome.CONFLICT,
            RestoredChunk.Outcome.RESTORED,
            RestoredChunk.Outcome.CONFLICT);
    assertThat(restored.get(0).detail()).contains("another chunk of this id");
    assertThat(store.read(held.id())).contains(held);
    assertThat(store.read(fresh.id())).contains(fresh);
  }

  @Test
  void restoreRefusesABodyThatDoesNotMatchItsChecksumBeforeWritingAnything() throws Exception {
    Chunk good = chunk(7_000, "s", 0, "good");
    Chunk bad = new Chunk(chunk(8_000, "s", 1, "original").meta(), "tampered");

    assertThatThrownBy(() -> store.restore(List.of(good, bad)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot restore chunk " + bad.id() + ": its body does not match its sha256 and size");
    assertThat(store.list(ChunkFilter.all(), 10)).isEmpty();
  }

  @Test
  void savesAfterARestoreContinueItsSessions() throws Exception {
    store.restore(
        List.of(chunk(10_000, "s", 0, "zero"), chunk(11_000, "s", 1, "one")).stream()
            .map(
                chunk ->
                    new Chunk(
                        new ChunkMeta(
                            chunk.id(),
                            "chatlog",
                            "storage",
                            chunk.meta().session(),
                            chunk.meta().seq(),
                            chunk.meta().created(),
                            chunk.meta().actors(),
                            "cli",
                            List.of(),
                            "",
                            Map.of(),
                            chunk.meta().sha256(),
                            chunk.meta().size()),
                        chunk.body()))
            .toList());

    assertThat(save(draft("s", "one")).created()).isFalse();
    assertThat(save(draft("s", "two")).meta().seq()).isEqualTo(2);
  }

  @Test
  void restoresALargeBatch() throws Exception {
    List<Chunk> chunks = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      chunks.add(chunk(20_000 + i * 1_000L, "s" + i % 3, i / 3, "body " + i));
    }

    assertThat(outcomes(store.restore(chunks))).containsOnly(RestoredChunk.Outcome.RESTORED);
    List<ChunkMeta> newestFirst = new ArrayList<>(chunks.stream().map(Chunk::meta).toList());
    Collections.reverse(newestFirst);
    assertThat(reopen().list(ChunkFilter.all(), 100)).isEqualTo(newestFirst);
    assertThat(outcomes(reopen().restore(chunks))).containsOnly(RestoredChunk.Outcome.PRESENT);
  }

  @Test
  void aDeletedIdIsRestoredOnlyWhereTheStoreForgetsDeletes() throws Exception {
    Chunk chunk = chunk(30_000, "s", 0, "deleted, then restored");
    store.restore(List.of(chunk));
    store.delete(List.of(chunk.id()));

    RestoredChunk restored = store.restore(List.of(chunk)).get(0);

    if (keepsDeletedIdsDeleted()) {
      assertThat(restored.outcome()).isEqualTo(RestoredChunk.Outcome.CONFLICT);
      assertThat(restored.detail()).contains("deleted");
      assertThat(store.read(chunk.id())).isEmpty();
    } else {
      assertThat(restored.outcome()).isEqualTo(RestoredChunk.Outcome.RESTORED);
      assertThat(store.read(chunk.id())).contains(chunk);
    }
  }

  /**
   * Saves 22 chunks of project {@code even} among 15 of {@code odd}, compacted in part; returns the
   * filter on {@code even}.
   */
  private ChunkFilter saveEvensInSegmentsAndInbox() {
    for (int i = 0; i < 30; i++) {
      save(draft(i % 2 == 0 ? "even" : "odd", "t", "s" + i % 4, "body " + i));
    }
    store.compact();
    for (int i = 30; i < 37; i++) {
      save(draft("even", "t", "s" + i % 4, "body " + i));
    }
    return ChunkFilter.all().withProject("even");
  }

  @Test
  void forEachIdGivesTheIdOfEveryMatchOnce() {
    ChunkFilter evens = saveEvensInSegmentsAndInbox();

    List<ChunkId> ids = new ArrayList<>();
    store.forEachId(evens, ids::add);

    assertThat(ids)
        .hasSize(22)
        .containsExactlyInAnyOrderElementsOf(
            store.list(evens, 100).stream().map(ChunkMeta::id).toList());
  }

  @Test
  void listBeforePagesThroughEveryMatchOnce() {
    ChunkFilter evens = saveEvensInSegmentsAndInbox();

    List<ChunkMeta> paged = new ArrayList<>(store.list(evens, 4));
    while (true) {
      List<ChunkMeta> page = store.listBefore(evens, paged.get(paged.size() - 1).id(), 4);
      if (page.isEmpty()) {
        break;
      }
      assertThat(page.size()).isLessThanOrEqualTo(4);
      paged.addAll(page);
    }

    assertThat(paged).isEqualTo(store.list(evens, 100)).hasSize(22);
    assertThat(store.listBefore(ChunkFilter.all(), paged.get(0).id(), 0)).isEmpty();
  }
}
