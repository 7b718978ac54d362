package dev.chatlog.cli.crash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.ChatLog;
import dev.chatlog.cli.Main;
import dev.chatlog.config.Settings;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.VerifyReport;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Runs rounds of real {@code chatlog} processes ({@code save}, {@code compact}, {@code delete} and
 * {@code prune}) against one store, kills some of them with SIGKILL at random moments, and checks
 * after every round that no printed id was lost and that {@code verify --repair} leaves a clean
 * store; at the end, that the live chunks are exactly what the processes' outcomes allow.
 *
 * <p>Saves go to two projects: {@code keep}, whose chunks nothing removes, so every id printed
 * there must stay retrievable forever; and {@code doomed}, whose chunks deletes and prunes remove.
 * Every save uses a session of its own, so a chunk's session names the save that wrote it.
 */
final class CrashHarness {
  /** Chunk size limit of the children: large saves split into several chunks. */
  static final int CHUNK_MAX_CHARS = 2000;

  private static final Pattern ID = Pattern.compile("[0-9A-HJKMNP-TV-Z]{26}");

  /**
   * The children's JVM flags. Their {@code Main} names the command's own SLF4J provider, as the
   * shipped command does, which logs on stderr only, never among the printed ids on stdout.
   */
  private static final List<String> JVM_FLAGS =
      List.of("-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-Xshare:auto", "-Xmx128m");

  private static final int KILLED = 128 + 9;
  private static final int NOT_FOUND = 4;
  private static final long PROCESS_TIMEOUT_SECONDS = 120;
  private static final String KEEP = "keep";
  private static final String DOOMED = "doomed";
  private static final String[] WORDS = {
    "manifest",
    "segment",
    "inbox",
    "tombstone",
    "chunk",
    "compaction",
    "retry",
    "session",
    "bucket",
    "checksum",
    "quarantine",
    "index",
    "crash",
    "kill",
    "verify",
    "repair",
    "durable",
    "atomic",
    "rename",
    "link",
    "fsync",
    "journal",
    "snapshot",
    "ledger",
    "café",
    "数据库"
  };

  /** What a child process does. */
  enum OpKind {
    SAVE,
    COMPACT,
    DELETE,
    PRUNE
  }

  /** One child: its command and, for a save or delete, what it is about. */
  private record Op(OpKind kind, List<String> args, String stdin, Save save, String target) {}

  /** A started child and where its output goes. */
  private record Child(
      Op op, Process process, Path out, Path err, int killAfterMs, CompletableFuture<Long> ended) {}

  /**
   * How long an unkilled child ran in recent rounds, in milliseconds: kills are spread over 70% to
   * 105% of it, so that most land while a child is at work rather than while its JVM starts. It
   * starts from a short guess: when the guess is longer than a child runs, no kill of the first
   * rounds lands, and the estimate comes down only by 30% a round.
   */
  private double typicalRunMs = 400;

  /** Every attempt at saving one content to one session, and what they printed. */
  private static final class Save {
    final String project;
    final String session;
    final String content;
    final Set<String> printed = new LinkedHashSet<>();
    final Set<String> printedOnCompletion = new LinkedHashSet<>();
    boolean completed;
    boolean killed;
    boolean busy;

    Save(String project, String session, String content) {
      this.project = project;
      this.session = session;
      this.content = content;
    }
  }

  private final StoreKind kind;
  private final Path dir;
  private final int rounds;
  private final long seed;
  private final Random random;
  private final Map<String, String> env = new HashMap<>();
  private final Map<String, Save> saves = new LinkedHashMap<>();
  private final Map<String, Save> saveOfId = new HashMap<>();
  private final Set<String> deleteTargets = new HashSet<>();
  private final Set<String> deleted = new HashSet<>();
  private final Map<VerifyReport.Kind, Integer> repairedKinds =
      new EnumMap<>(VerifyReport.Kind.class);
  private final Map<OpKind, Integer> kills = new EnumMap<>(OpKind.class);
  private boolean pruneAvailable;
  private boolean verifyAvailable;
  private int unprintedSurvivors;
  private boolean pruneStarted;
  private int round;

  /**
   * A harness on one store.
   *
   * @param kind the kind of store, for messages
   * @param store the {@code CHM_STORE} value of every process
   * @param storeEnv further environment variables of every process, such as credentials
   * @param dir a folder of the harness's own: home folder, inputs and outputs of the processes
   */
  CrashHarness(
      StoreKind kind, String store, Map<String, String> storeEnv, Path dir, int rounds, long seed) {
    this.kind = kind;
    this.dir = dir;
    this.rounds = rounds;
    this.seed = seed;
    this.random = new Random(seed);
    env.putAll(storeEnv);
    env.put("CHM_STORE", store);
    env.put("CHM_CHUNK_MAX_CHARS", Integer.toString(CHUNK_MAX_CHARS));
    env.put("HOME", dir.toString());
    env.put("XDG_CACHE_HOME", dir.resolve("cache").toString());
    env.put("XDG_DATA_HOME", dir.resolve("data").toString());
  }

  /**
   * Runs every round and the final accounting.
   *
   * @return one line saying what was killed and what was repaired
   * @throws AssertionError naming the seed, the store kind and the round of the first failure
   */
  String run() throws Exception {
    try {
      pruneAvailable = cli("", "prune", "--help").code() == 0;
      verifyAvailable = cli("", "verify", "--help").code() == 0;
      for (round = 1; round <= rounds; round++) {
        runRound();
      }
      round = 0;
      account();
    } catch (AssertionError e) {
      String where = round == 0 ? "final accounting" : "round " + round + " of " + rounds;
      throw new AssertionError(
          "seed "
              + seed
              + " (-Dchatlog.crash.seed="
              + seed
              + "), "
              + kind
              + " store, "
              + where
              + ": "
              + e.getMessage(),
          e);
    }
    return kind
        + " store, seed "
        + seed
        + ", "
        + rounds
        + " rounds, "
        + saves.size()
        + " saves, "
        + saveOfId.size()
        + " ids printed, killed "
        + kills
        + ", "
        + unprintedSurvivors
        + " chunks of killed saves survived unprinted, repaired "
        + repairedKinds
        + (pruneAvailable ? "" : ", no prune command on the class path")
        + (verifyAvailable ? "" : ", no verify command on the class path");
  }

  private void runRound() throws Exception {
    Path roundDir = Files.createDirectories(dir.resolve("round-" + round));
    int count = 2 + random.nextInt(3);
    List<Op> ops = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      ops.add(chooseOp(i));
    }
    Set<Integer> doomedToDie = new HashSet<>();
    int killCount = 1 + random.nextInt(count);
    List<Integer> order = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      order.add(i);
    }
    Collections.shuffle(order, random);
    doomedToDie.addAll(order.subList(0, killCount));

    long start = System.nanoTime();
    List<Child> children = new ArrayList<>();
    for (int i = 0; i < count; i++) {
      int delay =
          doomedToDie.contains(i) ? (int) (typicalRunMs * (0.7 + 0.35 * random.nextDouble())) : -1;
      children.add(start(roundDir, i, ops.get(i), delay));
    }
    killOnSchedule(children, start);
    for (Child child : children) {
      if (!child.process().waitFor(PROCESS_TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
        children.forEach(c -> c.process().destroyForcibly());
        throw new AssertionError(
            child.op().args() + " did not end in " + PROCESS_TIMEOUT_SECONDS + " s");
      }
      if (child.killAfterMs() < 0) {
        long ranMs = (child.ended().join() - start) / 1_000_000;
        typicalRunMs = Math.max(typicalRunMs * 0.7 + ranMs * 0.3, 100);
      }
    }
    Set<String> printedNow = new LinkedHashSet<>();
    for (Child child : children) {
      printedNow.addAll(outcome(child));
    }
    checkRetrievable(printedNow, "after the kills");
    verifyAndRepair();
    checkRetrievable(printedNow, "after verify --repair");
  }

  private Op chooseOp(int index) {
    int dice = random.nextInt(100);
    if (dice < 15) {
      return new Op(OpKind.COMPACT, List.of("compact"), "", null, null);
    }
    if (dice < 27) {
      List<String> candidates =
          saveOfId.entrySet().stream()
              .filter(e -> e.getValue().project.equals(DOOMED))
              .map(Map.Entry::getKey)
              .filter(id -> !deleteTargets.contains(id))
              .sorted()
              .toList();
      if (!candidates.isEmpty()) {
        String target = candidates.get(random.nextInt(candidates.size()));
        deleteTargets.add(target);
        return new Op(OpKind.DELETE, List.of("delete", target), "", null, target);
      }
    }
    if (dice >= 27 && dice < 37 && pruneAvailable) {
      pruneStarted = true;
      return new Op(
          OpKind.PRUNE, List.of("prune", "--max-chunks", "3", "--project", DOOMED), "", null, null);
    }
    Save save = retryCandidate();
    if (save == null) {
      String project = random.nextInt(100) < 70 ? KEEP : DOOMED;
      save = new Save(project, "r" + round + "-p" + index, content(index));
      saves.put(save.session, save);
    }
    save.busy = true;
    return new Op(
        OpKind.SAVE,
        List.of("save", "--project", save.project, "--session", save.session),
        save.content,
        save,
        null);
  }

  /** A killed save to run again with the same content, one time in four when there is one. */
  private Save retryCandidate() {
    if (random.nextInt(4) != 0) {
      return null;
    }
    List<Save> killed =
        saves.values().stream().filter(s -> s.killed && !s.completed && !s.busy).toList();
    return killed.isEmpty() ? null : killed.get(random.nextInt(killed.size()));
  }

  /** Small, medium, or longer than the chunk limit (split into up to ten chunks). */
  private String content(int index) {
    int size =
        switch (random.nextInt(3)) {
          case 0 -> 40 + random.nextInt(400);
          case 1 -> 400 + random.nextInt(CHUNK_MAX_CHARS - 500);
          default -> CHUNK_MAX_CHARS + 1 + random.nextInt(CHUNK_MAX_CHARS * 9);
        };
    StringBuilder text = new StringBuilder("crash round " + round + " process " + index + "\n\n");
    while (text.length() < size) {
      text.append(WORDS[random.nextInt(WORDS.length)]);
      text.append(random.nextInt(12) == 0 ? ".\n\n" : " ");
    }
    return text.append('\n').toString();
  }

  private Child start(Path roundDir, int index, Op op, int killAfterMs) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(JVM_FLAGS);
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(op.args());
    Path in = Files.writeString(roundDir.resolve(index + ".in"), op.stdin(), UTF_8);
    Path out = roundDir.resolve(index + ".out");
    Path err = roundDir.resolve(index + ".err");
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().putAll(env);
    builder.redirectInput(in.toFile()).redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    return new Child(
        op, process, out, err, killAfterMs, process.onExit().thenApply(p -> System.nanoTime()));
  }

  private static void killOnSchedule(List<Child> children, long start) throws InterruptedException {
    List<Child> victims =
        children.stream()
            .filter(c -> c.killAfterMs() >= 0)
            .sorted((a, b) -> Integer.compare(a.killAfterMs(), b.killAfterMs()))
            .toList();
    for (Child victim : victims) {
      long wait = victim.killAfterMs() - (System.nanoTime() - start) / 1_000_000;
      if (wait > 0) {
        Thread.sleep(wait);
      }
      victim.process().destroyForcibly();
    }
  }

  /** Records what one ended child did; returns the ids it printed completely. */
  private Set<String> outcome(Child child) throws IOException {
    int code = child.process().exitValue();
    Op op = child.op();
    String err = Files.readString(child.err(), UTF_8);
    boolean killed = code == KILLED;
    if (killed) {
      kills.merge(op.kind(), 1, Integer::sum);
    }
    switch (op.kind()) {
      case SAVE -> {
        Set<String> ids = completeLines(child.out());
        op.save().busy = false;
        op.save().printed.addAll(ids);
        ids.forEach(id -> saveOfId.put(id, op.save()));
        if (killed) {
          op.save().killed = true;
        } else {
          assertThat(code).as("exit code of %s; stderr:%n%s", op.args(), err).isZero();
          assertThat(ids).as("ids printed by a completed %s", op.args()).isNotEmpty();
          op.save().completed = true;
          op.save().printedOnCompletion.addAll(ids);
        }
        return ids;
      }
      case DELETE -> {
        if (code == 0) {
          deleted.add(op.target());
        } else if (!killed) {
          assertThat(code)
              .as("exit code of %s (not found only once a prune ran); stderr:%n%s", op.args(), err)
              .isEqualTo(pruneStarted ? NOT_FOUND : 0);
        }
        return Set.of();
      }
      default -> {
        if (!killed) {
          assertThat(code).as("exit code of %s; stderr:%n%s", op.args(), err).isZero();
        }
        return Set.of();
      }
    }
  }

  /** The lines of a file that end with a newline, each of which must be a chunk id. */
  private static Set<String> completeLines(Path file) throws IOException {
    String text = Files.readString(file, UTF_8);
    int end = text.lastIndexOf('\n');
    Set<String> ids = new LinkedHashSet<>();
    for (String line : text.substring(0, end + 1).lines().toList()) {
      assertThat(line).as("a line printed by save").matches(ID);
      ids.add(line);
    }
    return ids;
  }

  /** Whether nothing may have removed this printed id: it is not in the project that is pruned. */
  private boolean mustSurvive(String id) {
    Save save = saveOfId.get(id);
    return save.project.equals(KEEP) || (!pruneStarted && !deleteTargets.contains(id));
  }

  /**
   * Every printed id that nothing removes is readable through the API, and the ids printed in this
   * round also through {@code chatlog show} in the same way a user would read them.
   */
  private void checkRetrievable(Set<String> printedNow, String when) {
    try (ChatLog chatLog = open()) {
      List<String> lost =
          saveOfId.keySet().stream()
              .filter(this::mustSurvive)
              .filter(id -> chatLog.show(ChunkId.of(id)).isEmpty())
              .sorted()
              .toList();
      assertThat(lost).as("printed ids that cannot be read %s", when).isEmpty();
    }
    for (String id : printedNow) {
      if (mustSurvive(id)) {
        Result shown = cli("", "show", id);
        assertThat(shown.code())
            .as("chatlog show %s %s; stderr:%n%s", id, when, shown.err())
            .isZero();
        assertThat(shown.out()).contains(id);
      }
    }
  }

  /**
   * {@code verify} reports only what {@code verify --repair} repairs, and after the repair {@code
   * verify} finds nothing.
   */
  private void verifyAndRepair() {
    try (ChatLog chatLog = open()) {
      VerifyReport before = chatLog.verify(false);
      VerifyReport repair = chatLog.verify(true);
      VerifyReport after = chatLog.verify(false);
      assertThat(repair.problems().stream().filter(p -> !p.repaired()).toList())
          .as("problems verify --repair left unrepaired")
          .isEmpty();
      for (VerifyReport.Problem problem : before.problems()) {
        assertThat(repair.problems())
            .as("verify --repair repairs what verify reported: %s", problem)
            .anySatisfy(
                p -> {
                  assertThat(p.kind()).isEqualTo(problem.kind());
                  assertThat(p.key()).isEqualTo(problem.key());
                  assertThat(p.repaired()).isTrue();
                });
      }
      assertThat(after.problems()).as("verify after verify --repair").isEmpty();
      repair.problems().forEach(p -> repairedKinds.merge(p.kind(), 1, Integer::sum));
    }
    if (verifyAvailable) {
      Result verified = cli("", "verify");
      assertThat(verified.code())
          .as(
              "chatlog verify after the repair; stdout:%n%s%nstderr:%n%s",
              verified.out(), verified.err())
          .isZero();
    }
  }

  /**
   * The live chunks are exactly the printed ids that nothing removed plus the chunks of saves that
   * were killed before printing them, each once.
   */
  private void account() {
    assertThat(kills).as("processes killed while still running").isNotEmpty();
    try (ChatLog chatLog = open()) {
      List<ChunkMeta> live = chatLog.list(ChunkFilter.all(), 1_000_000);
      List<String> liveIds = live.stream().map(m -> m.id().toString()).toList();
      assertThat(liveIds).as("live chunk ids").doesNotHaveDuplicates();
      assertThat(chatLog.stats().chunks()).as("stats: live chunks").isEqualTo(live.size());

      Set<String> unprinted = new TreeSet<>();
      for (ChunkMeta meta : live) {
        String id = meta.id().toString();
        if (saveOfId.containsKey(id)) {
          continue;
        }
        Save save = saves.get(meta.session());
        assertThat(save).as("the save that wrote unprinted chunk %s", id).isNotNull();
        assertThat(save.killed)
            .as("unprinted chunk %s belongs to a save that was killed", id)
            .isTrue();
        assertThat(meta.project()).isEqualTo(save.project);
        unprinted.add(id);
      }
      unprintedSurvivors = unprinted.size();
      Set<String> gone = new TreeSet<>(saveOfId.keySet());
      gone.removeAll(liveIds);
      for (String id : gone) {
        assertThat(mustSurvive(id))
            .as("printed id %s is gone but nothing removed it", id)
            .isFalse();
      }
      assertThat(gone).as("completed deletes stay deleted").containsAll(deleted);

      Set<String> expected = new TreeSet<>(saveOfId.keySet());
      expected.removeAll(gone);
      expected.addAll(unprinted);
      assertThat(live.size())
          .as(
              "live chunks = printed ids (%d) - removed (%d) + unprinted chunks of killed saves (%d)",
              saveOfId.size(), gone.size(), unprinted.size())
          .isEqualTo(saveOfId.size() - gone.size() + unprinted.size());
      assertThat(new TreeSet<>(liveIds)).isEqualTo(expected);

      for (Save save : saves.values()) {
        if (!save.completed || !save.project.equals(KEEP)) {
          continue;
        }
        List<String> inSession =
            chatLog.list(ChunkFilter.all().withSession(save.session), 10_000).stream()
                .map(m -> m.id().toString())
                .toList();
        assertThat(inSession)
            .as("session %s holds the chunks its completed save printed, once", save.session)
            .containsExactlyInAnyOrderElementsOf(save.printedOnCompletion)
            .containsExactlyInAnyOrderElementsOf(save.printed);
      }
    }
  }

  private ChatLog open() {
    return ChatLog.open(Settings.from(env).toConfig());
  }

  /** What one in-process run of the command printed and returned. */
  private record Result(int code, String out, String err) {}

  private Result cli(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new ByteArrayInputStream(stdin.getBytes(UTF_8)),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            Map.copyOf(env),
            args);
    return new Result(code, out.toString(UTF_8), err.toString(UTF_8));
  }
}
