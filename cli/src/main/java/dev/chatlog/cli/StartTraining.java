package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.chatlog.config.Settings;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.PrintStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The training run of the launchers: runs the common commands once, in one JVM, on the store its
 * environment names (a throw-away one), so that the launcher can record what they load and start
 * later runs from it: a class list for an AppCDS archive, or an AOT cache on JDKs that have one.
 * Not a user command; it prints nothing and always exits 0.
 */
public final class StartTraining {
  /** The commands trained, in order: a save, its folding into a segment, then reads of both. */
  static final List<List<String>> COMMANDS =
      List.of(
          List.of("save", "--project", "training", "--topic", "start"),
          List.of("compact"),
          List.of("save", "--project", "training", "--topic", "start", "--tag", "second"),
          List.of("retrieve", "--project", "training", "--limit", "10"),
          List.of("retrieve", "--limit", "3", "--format", "json"),
          List.of("list", "--limit", "10"),
          List.of("show", "--help"),
          List.of("search", "training"),
          List.of("search", "training", "--format", "json"),
          List.of("--version"));

  /**
   * A command trained again with JSON logs and metrics written to a file and pushed to a port that
   * refuses, so that the archives also hold Logback, the JSON encoder and Micrometer: what a
   * scheduled job with {@code CHM_LOG_FORMAT=json} and metrics loads.
   */
  static final List<String> OBSERVED = List.of("compact");

  private StartTraining() {}

  /** Runs every training command with the process environment; ignores their results. */
  public static void main(String[] args) {
    Terminal.isInteractive(); // as every start does, before the command runs
    run(System.getenv());
  }

  /** Runs every training command with {@code env}; returns their exit codes, in order. */
  static List<Integer> run(Map<String, String> env) {
    PrintStream nowhere = new PrintStream(OutputStream.nullOutputStream(), false, UTF_8);
    List<Integer> exitCodes = new ArrayList<>();
    for (List<String> command : COMMANDS) {
      byte[] note =
          ("A short note to train start-up: " + String.join(" ", command)).getBytes(UTF_8);
      exitCodes.add(
          Main.run(
              "chatlog",
              new ByteArrayInputStream(note),
              nowhere,
              nowhere,
              env,
              false,
              command.toArray(String[]::new)));
    }
    exitCodes.add(observed(env, nowhere));
    return exitCodes;
  }

  /** Runs {@link #OBSERVED} with JSON logs and both ways out of metrics; returns its exit code. */
  private static int observed(Map<String, String> env, PrintStream nowhere) {
    Path metrics = null;
    try {
      metrics = Files.createTempFile("chatlog-training", ".prom");
      Map<String, String> observed = new HashMap<>(env);
      observed.put(Settings.LOG_FORMAT, "json");
      observed.put(Settings.METRICS_FILE, metrics.toString());
      observed.put(Settings.METRICS_PUSHGATEWAY, "http://127.0.0.1:" + refusingPort());
      observed.put(Settings.METRICS_TIMEOUT, "1s");
      return Main.run(
          "chatlog",
          InputStream.nullInputStream(),
          nowhere,
          nowhere,
          observed,
          false,
          OBSERVED.toArray(String[]::new));
    } catch (IOException e) {
      return ExitCodes.FAILURE;
    } finally {
      if (metrics != null) {
        try {
          Files.deleteIfExists(metrics);
        } catch (IOException e) {
          // a temporary file left behind
        }
      }
    }
  }

  /** A loopback port nothing listens on (it was free a moment ago). */
  private static int refusingPort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }
}
