package dev.chatlog.capture.watch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.chatlog.ChatLog;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportProblem;
import dev.chatlog.capture.LogImporter;
import dev.chatlog.capture.format.claudecode.ClaudeCodeImporter;
import dev.chatlog.capture.format.codex.CodexImporter;
import dev.chatlog.capture.redact.Redactor;
import dev.chatlog.capture.store.ConversationWriter;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.RankMode;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.testing.MemoryBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The watcher driven scan by scan ({@link LogWatcher#scan}), with a clock far past every log's last
 * change so that every log counts as idle: what a scan imports does not depend on time. One test
 * runs the watcher's own loop, waiting on conditions with a generous timeout.
 */
class LogWatcherTest {
  private static final Clock LATER =
      Clock.fixed(Instant.parse("2100-01-01T00:00:00Z"), ZoneOffset.UTC);
  private static final Duration PATIENCE = Duration.ofSeconds(60);
  private static final String KEY = "AKIA" + "Z7XQ2MLK4PQRSTUV";

  @TempDir Path tmp;

  private final ChatLog chatLog = MemoryBlobStore.newChatLog();
  private final LogImporter importer = new ClaudeCodeImporter();
  private final List<ImportProblem> skipped = new CopyOnWriteArrayList<>();
  private final List<String> restarts = new CopyOnWriteArrayList<>();
  private final List<ConversationWriter.Outcome> updates = new CopyOnWriteArrayList<>();
  private final List<WatchState> states = new ArrayList<>();
  private final ClaudeLines shop = new ClaudeLines("s1", "/work/shop");

  private final WatchListener listener =
      new WatchListener() {
        @Override
        public void updated(Path log, ConversationWriter.Outcome outcome) {
          updates.add(outcome);
        }

        @Override
        public void skipped(ImportProblem problem) {
          skipped.add(problem);
        }

        @Override
        public void restarted(Path log, String why) {
          restarts.add(log.getFileName() + " " + why);
        }
      };

  @AfterEach
  void close() {
    states.forEach(WatchState::close);
    chatLog.close();
  }

  private Path projects() {
    return tmp.resolve("projects");
  }

  private Path log(String project, String session) {
    return projects().resolve(project).resolve(session + ".jsonl");
  }

  private WatchState openState() {
    WatchState state = WatchState.open(tmp.resolve("state").resolve("watch.json"));
    states.add(state);
    return state;
  }

  private LogWatcher watcher(WatchState state, Clock clock, Duration poll) {
    return watcher(importer, projects(), state, clock, poll);
  }

  private LogWatcher watcher(
      LogImporter format, Path folder, WatchState state, Clock clock, Duration poll) {
    return new LogWatcher(
        format,
        folder,
        new ConversationWriter(chatLog, null, false, Redactor.defaults()),
        state,
        ImportOptions.defaults(),
        listener,
        new LogWatcher.Timing(poll, Duration.ofMillis(200)),
        clock);
  }

  private LogWatcher watcher(WatchState state) {
    return watcher(state, LATER, Duration.ofSeconds(1));
  }

  /** Every stored body, in order. */
  private String stored() {
    StringBuilder all = new StringBuilder();
    for (ChunkMeta meta : chatLog.list(ChunkFilter.all(), 1000)) {
      all.append(chatLog.show(meta.id()).orElseThrow().body()).append('\n');
    }
    return all.toString();
  }

  private static int count(String text, String word) {
    return text.split(java.util.regex.Pattern.quote(word), -1).length - 1;
  }

  private List<SearchHit> search(String words) {
    return chatLog.search(
        new SearchQuery(
            words,
            ChunkFilter.all(),
            10,
            RankMode.BALANCED,
            SearchQuery.DEFAULT_HALF_LIFE,
            Instant.now(),
            Optional.of(tmp.resolve("index"))));
  }

  @Test
  void aHalfWrittenLineWaitsForItsRestAndThenItsMessageIsSearchable() {
    Path log = log("-work-shop", "s1");
    String answer = shop.assistant("msg-1", "deploy the zebra release " + KEY);
    ClaudeLines.append(log, shop.user("how do I deploy?") + answer.substring(0, 40));
    LogWatcher watcher = watcher(openState());

    watcher.scan();
    assertThat(stored()).contains("how do I deploy?").doesNotContain("zebra");
    assertThat(skipped).isEmpty();

    ClaudeLines.append(log, answer.substring(40));
    watcher.scan();
    assertThat(stored())
        .contains("deploy the zebra release [REDACTED:aws-access-token]")
        .doesNotContain(KEY);
    assertThat(search("zebra")).hasSize(1);
    assertThat(updates).extracting(ConversationWriter.Outcome::newMessages).containsExactly(1, 1);
    assertThat(updates.get(1).redactions()).containsEntry("aws-access-token", 1);

    watcher.scan();
    assertThat(updates).hasSize(2);
  }

  @Test
  void aWatcherKilledBeforeSavingItsPlaceLosesAndDoublesNothing() throws IOException {
    Path log = log("-work-shop", "s1");
    ClaudeLines.append(log, shop.user("first question") + shop.assistant("msg-1", "first answer"));
    WatchState state = openState();
    watcher(state).scan();
    Path before = tmp.resolve("state-before");
    Files.copy(state.file(), before);

    ClaudeLines.append(
        log, shop.user("second question") + shop.assistant("msg-2", "second answer"));
    watcher(state).scan();
    state.close();
    states.remove(state);
    // killed after the store took the second exchange, before the state file said so
    Files.copy(before, state.file(), StandardCopyOption.REPLACE_EXISTING);

    ClaudeLines.append(log, shop.user("third question") + shop.assistant("msg-3", "third answer"));
    LogWatcher restarted = watcher(openState());
    restarted.scan();

    String all = stored();
    for (String text :
        List.of(
            "first question", "first answer", "second answer", "third question", "third answer")) {
      assertThat(count(all, text)).as(text).isEqualTo(1);
    }
  }

  @Test
  void aRestartResumesFromItsPlaceWithoutReadingTheLogAgain() {
    Path log = log("-work-shop", "s1");
    ClaudeLines.append(log, shop.user("one") + shop.assistant("msg-1", "two"));
    WatchState state = openState();
    watcher(state).scan();
    long place = state.get(log).orElseThrow().position().offset();
    assertThat(place).isEqualTo(log.toFile().length());
    state.close();
    states.remove(state);

    ClaudeLines.append(log, shop.user("three"));
    updates.clear();
    watcher(openState()).scan();
    assertThat(updates)
        .singleElement()
        .extracting(ConversationWriter.Outcome::messages)
        .isEqualTo(1);
  }

  @Test
  void aLogTruncatedAndRewrittenIsReadAgainAndItsOldMessagesAreNotDoubled() throws IOException {
    Path log = log("-work-shop", "s1");
    ClaudeLines.append(log, shop.user("old question") + shop.assistant("msg-1", "old answer"));
    LogWatcher watcher = watcher(openState());
    watcher.scan();

    ClaudeLines other = new ClaudeLines("s9", "/work/shop");
    Files.writeString(log, other.user("new question"));
    watcher.scan();
    assertThat(restarts).containsExactly("s1.jsonl truncated");
    assertThat(stored()).contains("new question");
    assertThat(count(stored(), "old answer")).isEqualTo(1);

    // rewritten in place to a longer text: its first bytes differ
    Files.writeString(
        log,
        other.user("rewritten question " + "x".repeat(1200))
            + other.assistant("msg-7", "rewritten answer"));
    watcher.scan();
    assertThat(restarts).last().asString().endsWith("rewritten");
    assertThat(stored()).contains("rewritten answer");
    assertThat(count(stored(), "new question")).isEqualTo(1);
  }

  @Test
  void aNewLogInANewProjectFolderIsPickedUp() {
    ClaudeLines.append(log("-work-shop", "s1"), shop.user("in the shop"));
    LogWatcher watcher = watcher(openState());
    watcher.scan();

    ClaudeLines blog = new ClaudeLines("s2", "/work/blog");
    ClaudeLines.append(log("-work-blog", "s2"), blog.user("in the blog"));
    watcher.scan();
    assertThat(chatLog.list(ChunkFilter.all().withProject("blog"), 10)).hasSize(1);
    assertThat(stored()).contains("in the blog");
  }

  @Test
  void aLineThatIsNotJsonIsNamedOnceAndSkippedAndTheWatcherGoesOn() {
    Path log = log("-work-shop", "s1");
    ClaudeLines.append(log, shop.user("before") + "not json at all\n" + shop.user("after"));
    LogWatcher watcher = watcher(openState());
    watcher.scan();
    ClaudeLines.append(log, shop.user("later"));
    watcher.scan();

    assertThat(skipped)
        .singleElement()
        .satisfies(
            problem -> {
              assertThat(problem.origin()).isEqualTo(log.toString());
              assertThat(problem.line()).isEqualTo(2);
            });
    assertThat(stored()).contains("before", "after", "later");
  }

  @Test
  void aRotatedLogIsReadToItsEndAndADeletedOneIsForgotten() throws IOException {
    Path log = log("-work-shop", "s1");
    ClaudeLines.append(log, shop.user("first line"));
    WatchState state = openState();
    LogWatcher watcher = watcher(state);
    watcher.scan();

    ClaudeLines.append(log, shop.user("written just before rotation"));
    Files.move(log, log.resolveSibling("s1.jsonl.1"));
    ClaudeLines.append(log, shop.user("after rotation"));
    watcher.scan();
    String all = stored();
    assertThat(count(all, "first line")).isEqualTo(1);
    assertThat(all).contains("written just before rotation", "after rotation");

    Files.delete(log);
    watcher.scan();
    assertThat(state.logs()).isEmpty();
  }

  @Test
  void anAnswerStillBeingWrittenIsHeldBackUntilItsLogIsIdle() {
    Path log = log("-work-shop", "s1");
    MutableClock clock = new MutableClock();
    ClaudeLines.append(log, shop.user("question") + shop.assistant("msg-1", "part one"));
    clock.set(log.toFile().lastModified());
    LogWatcher watcher = watcher(openState(), clock, Duration.ofSeconds(1));
    watcher.scan();
    assertThat(stored()).contains("question").doesNotContain("part one");

    clock.set(log.toFile().lastModified() + 1_000);
    watcher.scan();
    assertThat(stored()).contains("part one");
  }

  @Test
  void theWatchersLoopImportsWhatIsAppendedAndStopsWhenAsked() throws Exception {
    Path log = log("-work-shop", "s1");
    ClaudeLines.append(log, shop.user("already there"));
    LogWatcher watcher = watcher(openState(), Clock.systemUTC(), Duration.ofMillis(100));
    StopSignal stop = new StopSignal();
    Thread thread =
        new Thread(
            () -> {
              try {
                watcher.run(stop);
              } finally {
                stop.done();
              }
            });
    thread.start();
    try {
      awaitUntil(() -> stored().contains("already there"));
      ClaudeLines.append(log, shop.user("appended live"));
      awaitUntil(() -> stored().contains("appended live"));
      ClaudeLines blog = new ClaudeLines("s2", "/work/blog");
      ClaudeLines.append(log("-work-blog", "s2"), blog.user("a new folder"));
      awaitUntil(() -> stored().contains("a new folder"));
    } finally {
      stop.stop();
    }
    assertThat(stop.awaitDone(PATIENCE)).isTrue();
    thread.join(PATIENCE.toMillis());
    assertThat(thread.isAlive()).isFalse();
  }

  @Test
  void aCodexLogIsFollowedWithTheCodexParser() {
    Path log = tmp.resolve("sessions").resolve("2026/03/01").resolve("rollout-2026-03-01-x.jsonl");
    ClaudeLines.append(
        log,
        "{\"timestamp\":\"2026-03-01T10:00:00Z\",\"type\":\"session_meta\",\"payload\":"
            + "{\"id\":\"019c0000-0000-7000-8000-000000000001\",\"cwd\":\"/home/me/shop\"}}\n"
            + codexPrompt("fix the build"));
    LogWatcher watcher =
        watcher(
            new CodexImporter(),
            tmp.resolve("sessions"),
            openState(),
            LATER,
            Duration.ofSeconds(1));
    watcher.scan();
    ClaudeLines.append(log, codexPrompt("and the tests"));
    watcher.scan();

    assertThat(chatLog.list(ChunkFilter.all().withProject("shop"), 10)).isNotEmpty();
    String all = stored();
    assertThat(count(all, "fix the build")).isEqualTo(1);
    assertThat(count(all, "and the tests")).isEqualTo(1);
  }

  private static String codexPrompt(String text) {
    return "{\"timestamp\":\"2026-03-01T10:00:01Z\",\"type\":\"response_item\",\"payload\":"
        + "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
        + "\"text\":\""
        + text
        + "\"}]}}\n";
  }

  @Test
  void twoWatchersNeverShareAState() {
    WatchState state = openState();
    assertThatThrownBy(() -> WatchState.open(state.file()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("another watcher");
  }

  @Test
  void anUnreadableStateIsSetAsideAndEveryLogIsReadAgainWithoutDoubling() throws IOException {
    Path log = log("-work-shop", "s1");
    ClaudeLines.append(log, shop.user("only once"));
    WatchState state = openState();
    watcher(state).scan();
    state.close();
    states.remove(state);
    Files.writeString(state.file(), "{ not a state");

    WatchState again = openState();
    assertThat(again.wasUnreadable()).isTrue();
    watcher(again).scan();
    assertThat(count(stored(), "only once")).isEqualTo(1);
  }

  private static void awaitUntil(BooleanSupplier condition) {
    await().atMost(PATIENCE).pollInterval(Duration.ofMillis(20)).until(condition::getAsBoolean);
  }

  /** A clock the test moves. */
  private static final class MutableClock extends Clock {
    private volatile long millis;

    void set(long value) {
      millis = value;
    }

    @Override
    public long millis() {
      return millis;
    }

    @Override
    public Instant instant() {
      return Instant.ofEpochMilli(millis);
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }
  }
}
