package dev.chatlog.cli;

import static java.util.Objects.requireNonNull;

import dev.chatlog.ChatLog;
import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.config.Redaction;
import dev.chatlog.config.Settings;
import dev.chatlog.engine.EngineOptions;
import dev.chatlog.model.Chunk;
import dev.chatlog.observe.ChatLogObserver;
import dev.chatlog.retention.PruneResult;
import dev.chatlog.spi.StorageProviders;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What one run of the command has to work with: its streams, its environment, and the store, opened
 * on first use and closed at the end of the run.
 */
final class CliContext implements AutoCloseable {
  /** The command's default of {@link EngineOptions#COMPACT_THRESHOLD}. */
  static final int COMPACT_THRESHOLD = 16;

  private final String programName;
  private final InputStream in;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<String, String> env;
  private OutputStream binaryOut;
  private boolean verbose;
  private boolean terminal;
  private boolean inputTerminal;
  private Settings settings;
  private ChatLog chatLog;
  private ChatLogObserver observer = ChatLogObserver.NONE;
  private CliMetrics metrics;

  CliContext(
      String programName,
      InputStream in,
      PrintWriter out,
      PrintWriter err,
      Map<String, String> env) {
    this.programName = requireNonNull(programName, "programName is null");
    this.in = requireNonNull(in, "in is null");
    this.out = requireNonNull(out, "out is null");
    this.err = requireNonNull(err, "err is null");
    this.env = Map.copyOf(env);
  }

  String programName() {
    return programName;
  }

  InputStream in() {
    return in;
  }

  /** Where data goes. */
  PrintWriter out() {
    return out;
  }

  /** Where diagnostics go. */
  PrintWriter err() {
    return err;
  }

  Map<String, String> env() {
    return env;
  }

  /**
   * Standard output as bytes, for data that is not text (an archive); {@link #out()} is flushed
   * first, so that nothing printed before comes after.
   */
  OutputStream binaryOut() {
    out.flush();
    if (binaryOut == null) {
      throw new IllegalStateException("no binary standard output in this run");
    }
    return binaryOut;
  }

  void binaryOut(OutputStream value) {
    binaryOut = value;
  }

  /** Whether stdout is a terminal, so that output may be styled with ANSI codes. */
  boolean terminal() {
    return terminal;
  }

  void terminal(boolean value) {
    terminal = value;
  }

  /** Whether stdin is a terminal, where a person types what a command reads. */
  boolean inputTerminal() {
    return inputTerminal;
  }

  void inputTerminal(boolean value) {
    inputTerminal = value;
  }

  boolean verbose() {
    return verbose;
  }

  void verbose(boolean value) {
    verbose = value;
  }

  /** The settings read from this run's environment, read once. */
  Settings settings() {
    if (settings == null) {
      settings = Settings.from(env);
    }
    return settings;
  }

  /** The store of this run's configuration, opened on the first call. */
  ChatLog chatLog() {
    if (chatLog == null) {
      StorageProviders providers = StoreProviders.discover();
      chatLog = ChatLog.open(storeConfig(providers), providers, observer);
    }
    return chatLog;
  }

  /** This run's configuration with the command's store defaults ({@link #withCommandDefaults}). */
  ChatLogConfig storeConfig(StorageProviders providers) {
    return withCommandDefaults(settings().toConfig(), providers, Settings.cacheFolder(env));
  }

  /**
   * Starts this run's metrics when {@code CHM_METRICS_PUSHGATEWAY} or {@code CHM_METRICS_FILE} is
   * set, and tells the user about what retention removes after a save; call before the store is
   * opened.
   *
   * @throws dev.chatlog.error.InvalidInputException for a bad metrics setting
   */
  void startObserving() {
    Settings current = settings();
    if (current.metricsPushgateway().isPresent() || current.metricsFile().isPresent()) {
      metrics = CliMetrics.of(current).orElseThrow();
      observer = ChatLogObserver.both(new RetentionNote(this), metrics.observer());
    } else {
      observer = new RetentionNote(this);
    }
  }

  /**
   * Adds an observer of the store's work, such as the metrics a long-running command serves; call
   * before the store is opened.
   */
  void observeWith(ChatLogObserver more) {
    if (chatLog != null) {
      throw new IllegalStateException("the store is open already");
    }
    observer = ChatLogObserver.both(observer, more);
  }

  /** Pushes and writes this run's metrics, when they were started; failures are warnings. */
  void publishMetrics(String command, int exitCode) {
    if (metrics != null) {
      metrics.publish(this, command, exitCode);
    }
  }

  /**
   * The configuration with the command's defaults for a store that takes them and a store URI that
   * does not set them: {@link EngineOptions#COMPACT_THRESHOLD} {@value #COMPACT_THRESHOLD}, since
   * every run of the command is a new process that reads the whole inbox again, where an
   * application using the API reads each entry once, so the command folds the inbox sooner than the
   * engine's default (adr/0030, decision 20); and {@link EngineOptions#CACHE_FOLDER} the cache
   * folder of the environment ({@link Settings#cacheFolder}), so that no provider reads the process
   * environment.
   */
  static ChatLogConfig withCommandDefaults(
      ChatLogConfig config, StorageProviders providers, Path cacheFolder) {
    Set<String> keys = providers.forUri(config.store()).optionKeys();
    Map<String, String> options = new HashMap<>(config.storeOptions());
    if (keys.contains(EngineOptions.COMPACT_THRESHOLD)) {
      options.putIfAbsent(EngineOptions.COMPACT_THRESHOLD, Integer.toString(COMPACT_THRESHOLD));
    }
    if (keys.contains(EngineOptions.CACHE_FOLDER)) {
      options.putIfAbsent(EngineOptions.CACHE_FOLDER, cacheFolder.toString());
    }
    return options.equals(config.storeOptions())
        ? config
        : config.withStore(config.store(), options);
  }

  /**
   * Prints one diagnostic line, prefixed with the program name, on stderr; as a JSON log event at
   * info level when the run logs JSON.
   */
  void note(String message) {
    line(message, false);
  }

  /**
   * Prints a warning that leaves the command's outcome as it is, like {@link #note}; a JSON log
   * event at warn level when the run logs JSON.
   */
  void warn(String message) {
    line(message, true);
  }

  private void line(String message, boolean warning) {
    String shown = Redaction.redact(message);
    if (!LogSetup.json()) {
      err.println(programName + ": " + shown);
    } else {
      err.flush();
      if (warning) {
        CliLog.warn(shown);
      } else {
        CliLog.note(shown);
      }
    }
  }

  /**
   * Reports the error that ends the command: one line, and its stack trace with {@code --verbose};
   * a JSON log event with the error's type when the run logs JSON.
   */
  void error(String message, Throwable error) {
    String shown = Redaction.redact(message);
    if (LogSetup.json()) {
      err.flush();
      CliLog.error(shown, error, verbose);
    } else {
      err.println(programName + ": " + shown);
      if (verbose) {
        StringWriter trace = new StringWriter();
        error.printStackTrace(new PrintWriter(trace));
        err.print(Redaction.redact(trace.toString()));
      }
    }
    err.flush();
  }

  /**
   * Tells the user, on stderr, that a reading command found nothing: its stdout stays empty (or an
   * empty JSON array).
   */
  void nothingMatched() {
    note("nothing matched in " + chatLog().location());
  }

  /**
   * Tells the user, on stderr, that nothing fits {@code --max-chars}: {@code newest}, described by
   * {@code which}, is longer than the budget on its own; {@code advice} says what to change.
   */
  void nothingFits(int budget, String which, Chunk newest, String advice) {
    note(
        "nothing fits --max-chars "
            + budget
            + ": "
            + which
            + ", "
            + newest.id()
            + ", has "
            + Plural.of(characters(newest), "character")
            + " ("
            + advice
            + ")");
  }

  /** The length of a chunk's body as {@code --max-chars} counts it: in code points. */
  static long characters(Chunk chunk) {
    return chunk.body().codePointCount(0, chunk.body().length());
  }

  /**
   * Warns of each chunk shown whose body was edited since it was saved: it is shown as it is now
   * (adr/0026).
   */
  void warnModified(List<Chunk> chunks) {
    for (Chunk chunk : chunks) {
      if (chunk.modified()) {
        warn(
            "chunk "
                + chunk.id()
                + " was edited since it was saved and is shown as it is now ('"
                + programName
                + " verify --repair --accept-edits' accepts the edit)");
      }
    }
  }

  /** Tells the user, in one line on stderr, which chunks retention removed after a save. */
  static final class RetentionNote implements ChatLogObserver {
    private final CliContext context;

    RetentionNote(CliContext context) {
      this.context = context;
    }

    @Override
    public void retentionApplied(PruneResult result) {
      context.note(
          "retention ("
              + result.policy()
              + ") removed "
              + result.removed().size()
              + " of "
              + Plural.of(result.examined(), "chunk")
              + " after the save");
    }
  }

  @Override
  public void close() {
    if (chatLog != null) {
      ChatLog opened = chatLog;
      chatLog = null;
      opened.close();
    }
  }
}
