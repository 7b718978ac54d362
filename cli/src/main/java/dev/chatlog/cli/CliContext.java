package dev.chatlog.cli;

import static java.util.Objects.requireNonNull;

import dev.chatlog.ChatLog;
import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.config.Redaction;
import dev.chatlog.config.Settings;
import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.spi.StorageProviders;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.HashMap;
import java.util.Map;

/**
 * What one run of the command has to work with: its streams, its environment, and the store, opened
 * on first use and closed at the end of the run.
 */
final class CliContext implements AutoCloseable {
  /** The command's default of {@link BlobChunkStore#COMPACT_THRESHOLD}. */
  static final int COMPACT_THRESHOLD = 16;

  private final String programName;
  private final InputStream in;
  private final PrintWriter out;
  private final PrintWriter err;
  private final Map<String, String> env;
  private boolean verbose;
  private boolean terminal;
  private Settings settings;
  private ChatLog chatLog;

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

  /** Whether stdout is a terminal, so that output may be styled with ANSI codes. */
  boolean terminal() {
    return terminal;
  }

  void terminal(boolean value) {
    terminal = value;
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
      ChatLogConfig config = settings().toConfig();
      StorageProviders providers = StoreProviders.discover();
      chatLog = ChatLog.open(withCommandDefaults(config, providers), providers);
    }
    return chatLog;
  }

  /**
   * The configuration with the command's own default of {@link BlobChunkStore#COMPACT_THRESHOLD},
   * {@value #COMPACT_THRESHOLD}, for a store that takes it and a store URI that does not set it.
   * Every run of the command is a new process that reads the whole inbox again, where an
   * application using the API reads each entry once; so the command folds the inbox sooner than the
   * engine's default (adr/0009, round 7).
   */
  static ChatLogConfig withCommandDefaults(ChatLogConfig config, StorageProviders providers) {
    if (config.storeOptions().containsKey(BlobChunkStore.COMPACT_THRESHOLD)
        || !providers
            .forUri(config.store())
            .optionKeys()
            .contains(BlobChunkStore.COMPACT_THRESHOLD)) {
      return config;
    }
    Map<String, String> options = new HashMap<>(config.storeOptions());
    options.put(BlobChunkStore.COMPACT_THRESHOLD, Integer.toString(COMPACT_THRESHOLD));
    return config.withStore(config.store(), options);
  }

  /** Prints one diagnostic line, {@code chatlog: <message>}, with any credential in it hidden. */
  void note(String message) {
    err.println(programName + ": " + Redaction.redact(message));
  }

  /** Prints an exception's stack trace (for {@code --verbose}), with any credential hidden. */
  void stackTrace(Throwable exception) {
    StringWriter trace = new StringWriter();
    exception.printStackTrace(new PrintWriter(trace));
    err.print(Redaction.redact(trace.toString()));
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
