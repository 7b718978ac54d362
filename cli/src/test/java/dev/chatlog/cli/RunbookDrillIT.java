package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The backup and restore drill of docs/operations/runbook.md, run as written: the shell block
 * between its {@code drill:start} and {@code drill:end} marks, command by command ({@code set -x}),
 * with the distribution's {@code bin/} on the {@code PATH}, on a file store with a few saved notes.
 */
class RunbookDrillIT {
  private static final Path DISTRIBUTION =
      Path.of(System.getProperty("chatlog.distribution", "missing"));
  private static final Path RUNBOOK = Path.of("..", "docs", "operations", "runbook.md");

  @TempDir Path temp;

  /** The drill's shell commands, without the code fence. */
  static String drill(String runbook) {
    int start = runbook.indexOf("<!-- drill:start -->");
    int end = runbook.indexOf("<!-- drill:end -->");
    assertThat(start).as("the drill:start mark").isNotNegative();
    assertThat(end).as("the drill:end mark").isGreaterThan(start);
    String block = runbook.substring(start, end);
    int open = block.indexOf("```sh\n");
    int close = block.lastIndexOf("```");
    assertThat(open).as("a sh code block in the drill").isNotNegative();
    return block.substring(open + "```sh\n".length(), close);
  }

  private CliRunner.Result bash(String script, Map<String, String> env) throws Exception {
    Path file = temp.resolve("script-" + System.nanoTime() + ".sh");
    Files.writeString(file, "set -euxo pipefail\n" + script, UTF_8);
    return CliRunner.runProcess(
        List.of("bash", file.toString()), env, Path.of("/dev/null"), temp, 300);
  }

  @Test
  void theBackupAndRestoreDrillRunsAsWritten() throws Exception {
    assertThat(DISTRIBUTION.resolve("bin").resolve("chatlog")).isExecutable();
    Path store = temp.resolve("store");
    Path backups = Files.createDirectories(temp.resolve("backups"));
    Map<String, String> env = new HashMap<>();
    env.put("PATH", DISTRIBUTION.resolve("bin") + ":" + System.getenv("PATH"));
    env.put("JAVA_HOME", System.getProperty("java.home"));
    env.put("HOME", temp.toString());
    env.put("XDG_CACHE_HOME", temp.resolve("cache").toString());
    env.put("STORE", store.toString());
    env.put("BACKUPS", backups.toString());
    CliRunner.Result saved =
        bash(
            "export CHM_STORE=\"file://$STORE\"\n"
                + "echo 'first note' | chatlog save -p drill -t one\n"
                + "echo 'second note' | chatlog save -p drill -t two\n"
                + "echo 'the newest note' | chatlog save -p drill -t three\n",
            env);
    assertThat(saved.exitCode()).as(saved.err()).isZero();

    CliRunner.Result drill = bash(drill(Files.readString(RUNBOOK, UTF_8)), env);

    assertThat(drill.exitCode()).as(drill.err()).isZero();
    assertThat(drill.out().lines().filter(line -> line.endsWith("(clean)"))).hasSize(3);
    assertThat(drill.out()).contains("reindexed 3 chunks in file://" + store + ".restored");
    assertThat(drill.out()).contains("the newest note");
    assertThat(store).doesNotExist();
    try (var copies = Files.list(backups)) {
      assertThat(copies)
          .singleElement()
          .satisfies(copy -> assertThat(copy.resolve("chunks")).isDirectory());
    }
  }
}
