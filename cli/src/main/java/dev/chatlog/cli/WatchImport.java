package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportProblem;
import dev.chatlog.capture.Importer;
import dev.chatlog.capture.Importers;
import dev.chatlog.capture.LogImporter;
import dev.chatlog.capture.redact.RedactionTally;
import dev.chatlog.capture.redact.Redactor;
import dev.chatlog.capture.store.ConversationWriter;
import dev.chatlog.capture.watch.LogWatcher;
import dev.chatlog.capture.watch.StopSignal;
import dev.chatlog.capture.watch.WatchListener;
import dev.chatlog.capture.watch.WatchState;
import dev.chatlog.config.Options;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.metrics.MetricsPort;
import dev.chatlog.metrics.MetricsServer;
import dev.chatlog.metrics.PrometheusMetrics;
import io.micrometer.core.instrument.Counter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code chatlog import --watch}: follows an agent's log folder with a {@link LogWatcher} until
 * SIGTERM or Ctrl-C, saying on stderr what it imported, one line per conversation updated.
 *
 * <p>Its place in each log is kept in the user's state folder ({@code
 * $XDG_STATE_HOME/chatlog/watch/}), one file per format, folder and store, never in the store.
 */
final class WatchImport {
  /** The default of {@code --poll-interval}. */
  static final String DEFAULT_POLL = "2s";

  /** The formats that can be watched, and the folder each is followed in by default. */
  static final Map<String, String> DEFAULT_FOLDERS =
      Map.of("claude-code", ".claude/projects", "codex", ".codex/sessions");

  private static final String POLL_OPTION = "--poll-interval";
  private static final Duration SHUTDOWN_WAIT = Duration.ofSeconds(30);

  private final CliContext context;
  private final String project;
  private final Redactor redactor;

  WatchImport(CliContext context, String project, Redactor redactor) {
    this.context = context;
    this.project = project;
    this.redactor = redactor;
  }

  /**
   * Follows the folder until stopped.
   *
   * @param format the value of {@code --from}
   * @param folder the folder given, or {@code null} for the format's default
   * @param poll the value of {@code --poll-interval}
   * @param port the value of {@code --metrics-port}, or {@code null}
   * @return the exit code: 0 after a clean stop
   * @throws InvalidInputException (exit code 2) for a format that cannot be watched, a folder that
   *     does not exist, a bad interval or port
   */
  int run(String format, String folder, String poll, String port) {
    LogImporter importer = importer(format);
    Path dir = folder(importer.name(), folder);
    Duration interval =
        Options.of(Map.of(POLL_OPTION, poll), Set.of(POLL_OPTION))
            .duration(POLL_OPTION, Duration.ofMillis(50), Duration.ofHours(1), Duration.ZERO);
    PrometheusMetrics metrics = port == null ? null : new PrometheusMetrics();
    int metricsPort = port == null ? 0 : MetricsPort.parse("--metrics-port", port);
    if (metrics != null) {
      context.observeWith(metrics.observer());
    }
    StopSignal stop = new StopSignal();
    Thread hook = new Thread(() -> stopAndWait(stop), "chatlog-watch-stop");
    Runtime.getRuntime().addShutdownHook(hook);
    try (WatchState state = WatchState.open(stateFile(importer.name(), dir));
        MetricsServer server =
            metrics == null
                ? null
                : MetricsServer.start(
                    metrics,
                    new InetSocketAddress(InetAddress.getLoopbackAddress(), metricsPort))) {
      if (state.wasUnreadable()) {
        context.warn(
            "Cannot read the watch state " + state.file() + "; reading every log from its start");
      }
      ConversationWriter writer =
          new ConversationWriter(context.chatLog(), project, false, redactor);
      LogWatcher watcher =
          new LogWatcher(
              importer,
              dir,
              writer,
              state,
              ImportOptions.defaults(),
              new Said(context, metrics),
              new LogWatcher.Timing(interval, LogWatcher.Timing.DEFAULT.idle()),
              Clock.systemUTC());
      context.note(
          "watching "
              + dir
              + " ("
              + importer.name()
              + (server == null ? "" : ", metrics on port " + server.port())
              + "); stop with Ctrl-C");
      watcher.run(stop);
      context.note("stopped watching " + dir);
      return ExitCodes.OK;
    } finally {
      stop.done();
      try {
        Runtime.getRuntime().removeShutdownHook(hook);
      } catch (IllegalStateException e) {
        // the JVM is stopping: the hook is running and waits for done above
      }
    }
  }

  /** Asks the watcher to stop, and lets the JVM exit only once it has saved its place. */
  private static void stopAndWait(StopSignal stop) {
    stop.stop();
    try {
      stop.awaitDone(SHUTDOWN_WAIT);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private static LogImporter importer(String format) {
    if (format == null || format.isBlank()) {
      throw new InvalidInputException(
          "Cannot watch without --from: give " + String.join(" or ", formats()));
    }
    Importer importer = Importers.discover().get(format);
    if (!(importer instanceof LogImporter log) || !DEFAULT_FOLDERS.containsKey(importer.name())) {
      throw new InvalidInputException(
          "Cannot watch --from "
              + format
              + ": only agent logs can be followed ("
              + String.join(", ", formats())
              + ")");
    }
    return log;
  }

  private static List<String> formats() {
    return DEFAULT_FOLDERS.keySet().stream().sorted().toList();
  }

  /** The folder to follow: the one given, else the format's default under the home folder. */
  private Path folder(String format, String given) {
    Path dir =
        given != null
            ? Path.of(given)
            : context.settings().homeFolder().resolve(DEFAULT_FOLDERS.get(format));
    if (!Files.isDirectory(dir)) {
      throw new InvalidInputException("Cannot watch '" + dir + "': no such folder");
    }
    return dir.toAbsolutePath().normalize();
  }

  /**
   * The state file of a format, folder and store: {@code watch/<format>-<hash>.json} in the state
   * folder, so that following the same folder into two stores keeps two places.
   */
  private Path stateFile(String format, Path dir) {
    String key = format + "\n" + dir + "\n" + context.settings().toConfig().store();
    try {
      byte[] hash = MessageDigest.getInstance("SHA-256").digest(key.getBytes(UTF_8));
      return context
          .settings()
          .stateFolder()
          .resolve("watch")
          .resolve(format + "-" + HexFormat.of().formatHex(hash, 0, 8) + ".json");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Says on stderr what the watcher does, and counts it when metrics are served. */
  private static final class Said implements WatchListener {
    private final CliContext context;
    private final Counter messages;
    private final Counter skipped;
    private final Counter failures;

    Said(CliContext context, PrometheusMetrics metrics) {
      this.context = context;
      this.messages = metrics == null ? null : counter(metrics, "messages", "Messages imported");
      this.skipped = metrics == null ? null : counter(metrics, "lines.skipped", "Lines skipped");
      this.failures =
          metrics == null ? null : counter(metrics, "failures", "Reads or imports that failed");
    }

    private static Counter counter(PrometheusMetrics metrics, String name, String description) {
      return Counter.builder("chatlog.watch." + name)
          .description(description + " by import --watch")
          .register(metrics.registry());
    }

    @Override
    public void updated(Path log, ConversationWriter.Outcome outcome) {
      String redacted = RedactionTally.describe(outcome.redactions());
      context.note(
          ImportCommand.line(outcome, false) + (redacted.isEmpty() ? "" : "; " + redacted));
      if (messages != null) {
        messages.increment(outcome.newMessages());
      }
    }

    @Override
    public void skipped(ImportProblem problem) {
      context.warn("skipped " + problem);
      if (skipped != null) {
        skipped.increment();
      }
    }

    @Override
    public void restarted(Path log, String why) {
      context.note("reading " + log + " again from its start: " + why);
    }

    @Override
    public void failed(Path log, RuntimeException error) {
      context.warn("Cannot import " + log + " (tried again later): " + ErrorHandler.message(error));
      if (failures != null) {
        failures.increment();
      }
    }
  }
}
