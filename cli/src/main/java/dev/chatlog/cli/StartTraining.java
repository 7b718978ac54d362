package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.chatlog.config.Settings;
import java.io.ByteArrayInputStream;
import java.io.OutputStream;
import java.io.PrintStream;
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
   * A save trained again with a retention policy that removes the first chunk and the log level at
   * {@code info}, so that the archives also hold what a run that logs a line loads: Logback and its
   * text layout. JSON logs and metrics, which scheduled jobs turn on, are left out: they would make
   * the archive a fifth larger, and every start pays for its size (docs/performance.md, "Round
   * 15").
   */
  static final List<String> LOGGED = List.of("save", "--project", "training", "--topic", "logged");

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
      exitCodes.add(run(command, env, nowhere));
    }
    Map<String, String> logged = new HashMap<>(env);
    logged.put(Settings.LOG_LEVEL, "info");
    logged.put(Settings.RETENTION_MAX_CHUNKS, "2");
    exitCodes.add(run(LOGGED, logged, nowhere));
    return exitCodes;
  }

  /** Runs one command with a short note on stdin and its output discarded; returns its code. */
  private static int run(List<String> command, Map<String, String> env, PrintStream nowhere) {
    byte[] note = ("A short note to train start-up: " + String.join(" ", command)).getBytes(UTF_8);
    return Main.run(
        "chatlog",
        new ByteArrayInputStream(note),
        nowhere,
        nowhere,
        env,
        false,
        command.toArray(String[]::new));
  }
}
