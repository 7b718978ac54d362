package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code save} typed at a terminal says that it reads stdin and how to end it (issue 19, item 2),
 * run in a child JVM on a pseudo-terminal made by {@code script} (util-linux; Debian's bsdutils).
 * Skipped where {@code script} is missing.
 */
class SaveOnTerminalTest {
  private static final String HINT =
      "chatlog: reading stdin: type or paste, then press Ctrl-D on a line of its own to save"
          + " (Ctrl-C cancels; --file PATH saves a file)";

  @TempDir Path temp;

  @Test
  void saveOnATerminalSaysItReadsStdinAndHowToEndIt() throws Exception {
    assumeTrue(
        CliRunner.onPath("script"),
        "script is not installed (Debian package bsdutils or util-linux)");
    CliRunner cli = new CliRunner(temp.resolve("store"));
    Path typed = Files.writeString(temp.resolve("typed.txt"), "typed at a terminal\n", UTF_8);

    CliRunner.Result result =
        CliRunner.runProcess(
            List.of("script", "-qec", shellCommand("save", "-p", "tty"), "/dev/null"),
            environment(cli),
            typed,
            temp,
            120);

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out()).contains(HINT);
    assertThat(cli.run("retrieve", "-p", "tty").out()).contains("typed at a terminal");
  }

  @Test
  void savePipedSaysNothingOfTheKind() throws Exception {
    CliRunner cli = new CliRunner(temp.resolve("store"));
    Path piped = Files.writeString(temp.resolve("piped.txt"), "piped\n", UTF_8);

    CliRunner.Result result = cli.runInChild(piped, Map.of(), "save");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).isEmpty();
  }

  /** The environment of the child: the store, home and cache folder of {@code cli}. */
  private Map<String, String> environment(CliRunner cli) {
    return Map.of(
        "CHM_STORE",
        cli.store().toUri().toString(),
        "HOME",
        temp.toString(),
        "XDG_CACHE_HOME",
        temp.resolve("cache").toString(),
        "PATH",
        System.getenv().getOrDefault("PATH", "/usr/bin:/bin"));
  }

  /** {@code java -cp … Main args…} as one line for {@code sh -c}, each word single-quoted. */
  private static String shellCommand(String... args) {
    List<String> words = new ArrayList<>();
    words.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    words.add("-cp");
    words.add(System.getProperty("java.class.path"));
    words.add(Main.class.getName());
    words.addAll(List.of(args));
    List<String> quoted = new ArrayList<>();
    for (String word : words) {
      quoted.add("'" + word.replace("'", "'\\''") + "'");
    }
    return String.join(" ", quoted);
  }
}
