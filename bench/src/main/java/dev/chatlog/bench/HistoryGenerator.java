package dev.chatlog.bench;

import dev.chatlog.ChatLog;
import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.StorageProviders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Builds a history of N chunks through the batch path ({@link ChunkStore#append} with thousands of
 * drafts per call) and keeps it in a folder, so that benchmarks and the CLI script reuse it: {@code
 * <histories>/fs-100000} (a file store) or {@code <histories>/sqlite-100000/chatlog.db}.
 *
 * <p>The history is the same for every run: {@value #PROJECTS} projects of {@value #TOPICS} topics,
 * sessions of {@value #SESSION_CHUNKS} chunks one after another, a chunk every 30 seconds from
 * 2024-01-01, bodies of about 600 characters drawn from a fixed vocabulary with a seeded random.
 * Project {@code proj-0} also gets every chunk whose session number is a multiple of 97, so a
 * filter on it is selective but common; the word {@code needle} is in one chunk of 500, and the
 * {@link #COMMON_WORDS} each in about two chunks of three.
 *
 * <p>A history may also hold one long session, appended after the others ({@link #appendSession}):
 * {@code <histories>/fs-1000-session-100000} is the history of 1,000 chunks and a session {@code
 * long-100000} of 100,000 more in project {@code proj-2}, topic {@code topic-0}, for the benchmarks
 * of a save into a long session.
 *
 * <p>Usage: {@code HistoryGenerator <fs|sqlite> <chunks> [histories-folder [session-length]]
 * [--search-index]}; with {@code --search-index}, a search then builds the local search index of a
 * file-store history (in {@code $XDG_CACHE_HOME/chatlog}), which a million chunks cannot do within
 * the heap of the search benchmarks.
 */
public final class HistoryGenerator {
  /** How many projects the history spreads over. */
  public static final int PROJECTS = 5;

  /** How many topics each project has. */
  public static final int TOPICS = 4;

  /** How many chunks each session holds. */
  public static final int SESSION_CHUNKS = 50;

  /**
   * Two words each in about 64% of the chunks, both in about 41%: the common words of the search
   * benchmarks, where every match must be ranked.
   */
  public static final String COMMON_WORDS = "fsync rename";

  /** Chunks per {@link ChunkStore#append} call. */
  public static final int BATCH = 5_000;

  /** Where histories are kept unless told otherwise. */
  public static final Path DEFAULT_FOLDER =
      Path.of(System.getProperty("chatlog.bench.histories", "bench/target/histories"));

  static final Instant START = Instant.parse("2024-01-01T00:00:00Z");
  private static final Duration STEP = Duration.ofSeconds(30);
  private static final String[] WORDS = {
    "index",
    "segment",
    "manifest",
    "retry",
    "bucket",
    "latency",
    "session",
    "topic",
    "cache",
    "commit",
    "branch",
    "review",
    "deploy",
    "schema",
    "query",
    "filter",
    "ranking",
    "snippet",
    "thread",
    "lock",
    "fsync",
    "rename",
    "folder",
    "upload",
    "token",
    "prompt",
    "answer",
    "model",
    "context",
    "window",
    "summary",
    "label",
    "epic",
    "capability",
    "decision",
    "record",
    "test",
    "contract",
    "backend",
    "storage",
    "object",
    "version",
    "compare",
    "swap",
    "inbox",
    "compact",
    "merge",
    "tombstone",
    "delete",
    "verify",
    "repair",
    "import",
    "export",
    "format",
    "markdown",
    "json",
    "table",
    "terminal",
    "progress",
    "error",
    "exit",
    "code",
    "option",
    "config",
    "env",
    "default",
    "path",
    "home",
    "data",
    "java",
    "maven",
    "module",
    "jar",
    "class",
    "startup",
    "heap",
    "thread",
    "pool",
    "parallel",
    "batch",
    "write",
    "read",
    "newest",
    "oldest",
    "limit"
  };

  private HistoryGenerator() {}

  /** The project of the long session of a history ({@link #appendSession}). */
  public static final String LONG_SESSION_PROJECT = "proj-2";

  /** The topic of the long session of a history ({@link #appendSession}). */
  public static final String LONG_SESSION_TOPIC = "topic-0";

  /**
   * Builds the history unless it is already complete.
   *
   * @return the store URI of the history
   */
  public static URI ensure(Path folder, String kind, int chunks) {
    return ensure(folder, kind, chunks, 0);
  }

  /**
   * Builds the history of {@code chunks} chunks and, when {@code sessionLength} is more than 1, a
   * session of that many records after them ({@link #appendSession}), unless it is already
   * complete; it is kept in the folder {@link #name}.
   *
   * @return the store URI of the history
   */
  public static URI ensure(Path folder, String kind, int chunks, int sessionLength) {
    String name = name(kind, chunks, sessionLength);
    Path home = folder.resolve(name);
    Path done = folder.resolve(name + ".done");
    URI uri = storeUri(home, kind);
    if (Files.exists(done)) {
      return uri;
    }
    try {
      deleteTree(home);
      Files.createDirectories(home);
      long started = System.nanoTime();
      try (ChunkStore store = StorageProviders.discover().open(uri, Map.of())) {
        generate(store, chunks);
        if (sessionLength > 1) {
          appendSession(store, chunks, sessionLength);
        }
        store.compact();
      }
      double seconds = (System.nanoTime() - started) / 1e9;
      int total = chunks + (sessionLength > 1 ? sessionLength : 0);
      Files.writeString(
          done,
          String.format(
              Locale.ROOT,
              "%d chunks in %.1f s (%.0f chunks/s)%n",
              total,
              seconds,
              total / seconds));
      return uri;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot generate history in " + home, e);
    }
  }

  /**
   * The folder name of a history: {@code fs-1000}, or {@code fs-1000-session-100000} with a long
   * session ({@code sessionLength} more than 1).
   */
  public static String name(String kind, int chunks, int sessionLength) {
    return kind + "-" + chunks + (sessionLength > 1 ? "-session-" + sessionLength : "");
  }

  /** The name of the long session of {@code records} records ({@link #appendSession}). */
  public static String longSession(int records) {
    return "long-" + records;
  }

  /**
   * Appends one session of {@code records} chunks, {@value #BATCH} per call, after a history of
   * {@code chunks} chunks: session {@link #longSession}, project {@value #LONG_SESSION_PROJECT},
   * topic {@value #LONG_SESSION_TOPIC}, a chunk every 30 seconds after the history's last one,
   * bodies as the history's.
   */
  public static void appendSession(ChunkStore store, int chunks, int records) {
    SplittableRandom random = new SplittableRandom(records);
    String session = longSession(records);
    List<ChunkDraft> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < records; i++) {
      int n = chunks + i;
      batch.add(
          new ChunkDraft(
              LONG_SESSION_PROJECT,
              LONG_SESSION_TOPIC,
              session,
              START.plus(STEP.multipliedBy(n)),
              List.of(i % 2 == 0 ? Actor.USER : Actor.ASSISTANT),
              "bench",
              List.of("t" + n % 7),
              "",
              Map.of(),
              body(n, random)));
      if (batch.size() == BATCH) {
        store.append(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      store.append(batch);
    }
  }

  /** The store URI of a history folder: the folder itself, or its {@code chatlog.db}. */
  public static URI storeUri(Path home, String kind) {
    Path absolute = home.toAbsolutePath().normalize();
    return switch (kind) {
      case "fs" -> uri("file", absolute + "/");
      case "sqlite" -> uri("sqlite", absolute.resolve("chatlog.db").toString());
      default ->
          throw new IllegalArgumentException(
              "Cannot generate history: store kind '" + kind + "' is not one of fs, sqlite");
    };
  }

  private static URI uri(String scheme, String path) {
    try {
      return new URI(scheme, "", path, null);
    } catch (java.net.URISyntaxException e) {
      throw new IllegalArgumentException("Cannot make a " + scheme + " URI of " + path, e);
    }
  }

  /** Opens a history through the facade. */
  public static ChatLog open(URI store) {
    return ChatLog.open(ChatLogConfig.forStore(store));
  }

  /**
   * Opens a history with store options (the endpoint of a remote test server) through the facade.
   */
  public static ChatLog open(URI store, Map<String, String> options) {
    return ChatLog.open(ChatLogConfig.forStore(store).withStore(store, options));
  }

  /** Appends {@code chunks} generated chunks, {@value #BATCH} per call. */
  public static void generate(ChunkStore store, int chunks) {
    SplittableRandom random = new SplittableRandom(42);
    List<ChunkDraft> batch = new ArrayList<>(BATCH);
    for (int i = 0; i < chunks; i++) {
      batch.add(draft(i, random));
      if (batch.size() == BATCH) {
        store.append(batch);
        batch.clear();
      }
    }
    if (!batch.isEmpty()) {
      store.append(batch);
    }
  }

  /** The draft of the {@code i}-th chunk of the history. */
  static ChunkDraft draft(int i, SplittableRandom random) {
    int session = i / SESSION_CHUNKS;
    return new ChunkDraft(
        project(session),
        "topic-" + (session / PROJECTS) % TOPICS,
        "s-" + session,
        START.plus(STEP.multipliedBy(i)),
        List.of(i % 2 == 0 ? Actor.USER : Actor.ASSISTANT),
        "bench",
        List.of("t" + i % 7),
        "",
        Map.of(),
        body(i, random));
  }

  /** The project of a session. */
  public static String project(int session) {
    return session % 97 == 0 ? "proj-0" : "proj-" + (1 + session % (PROJECTS - 1));
  }

  /** The filter the filtered benchmarks use: a project with about one chunk in 97. */
  public static ChunkFilter selectiveFilter() {
    return ChunkFilter.all().withProject("proj-0");
  }

  /** The filter of a common project, about one chunk in four. */
  public static ChunkFilter commonFilter() {
    return ChunkFilter.all().withProject("proj-2");
  }

  private static String body(int i, SplittableRandom random) {
    StringBuilder out = new StringBuilder("Message ").append(i).append(':');
    while (out.length() < 600) {
      out.append(' ').append(WORDS[random.nextInt(WORDS.length)]);
    }
    if (i % 500 == 0) {
      out.append(" needle");
    }
    return out.append('.').toString();
  }

  /** Makes a work copy of a file-store history with hard links, which the store never rewrites. */
  public static Path linkCopy(Path history, Path target) {
    try {
      deleteTree(target);
      Files.createDirectories(target.getParent());
      Process cp =
          new ProcessBuilder("cp", "-al", history.toString(), target.toString())
              .inheritIO()
              .start();
      if (cp.waitFor() != 0) {
        throw new IllegalStateException("Cannot copy " + history + ": cp failed");
      }
      return target;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot copy " + history, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("Cannot copy " + history + ": interrupted", e);
    }
  }

  /** Removes a folder and everything under it; nothing when it does not exist. */
  public static void deleteTree(Path folder) throws IOException {
    if (!Files.exists(folder)) {
      return;
    }
    try {
      Process rm = new ProcessBuilder("rm", "-rf", folder.toString()).inheritIO().start();
      if (rm.waitFor() != 0) {
        throw new IOException("rm -rf " + folder + " failed");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IOException("Cannot remove " + folder + ": interrupted", e);
    }
  }

  /**
   * Generates one history: {@code <fs|sqlite> <chunks> [histories-folder [session-length]]
   * [--search-index]}; with a session length, the history's long session ({@link #appendSession})
   * holds that many records.
   */
  public static void main(String[] args) {
    List<String> given = new ArrayList<>(List.of(args));
    boolean searchIndex = given.remove("--search-index");
    if (given.size() < 2 || given.size() > 4) {
      System.err.println(
          "usage: HistoryGenerator <fs|sqlite> <chunks> [histories-folder [session-length]]"
              + " [--search-index]");
      System.exit(2);
    }
    args = given.toArray(new String[0]);
    Path folder = args.length >= 3 ? Path.of(args[2]) : DEFAULT_FOLDER;
    int chunks = Integer.parseInt(args[1]);
    int sessionLength = args.length == 4 ? Integer.parseInt(args[3]) : 0;
    URI uri = ensure(folder, args[0], chunks, sessionLength);
    if (searchIndex) {
      long started = System.nanoTime();
      try (ChatLog chatlog = open(uri)) {
        chatlog.search(SearchQuery.of(COMMON_WORDS));
      }
      System.out.printf(
          Locale.ROOT, "search index up to date in %.1f s%n", (System.nanoTime() - started) / 1e9);
    }
    try {
      System.out.print(
          Files.readString(folder.resolve(name(args[0], chunks, sessionLength) + ".done")));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    System.out.println(uri);
  }
}
