package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CompletionCommandTest {
  @TempDir Path temp;

  CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
  }

  @Test
  void bashScriptLoadsInBashAndCompletesSubcommands() throws Exception {
    Path script = script("bash");

    assertThat(complete(script, "chatlog", "ret")).containsExactly("retrieve");
    assertThat(complete(script, "chatlog", "co"))
        .containsExactlyInAnyOrder("compact", "config", "completion", "conversation", "copy");
    assertThat(complete(script, "chm", "sea")).containsExactly("search");
  }

  @Test
  void bashScriptCompletesTheOptionsOfASubcommandAndTheirValues() throws Exception {
    Path script = script("bash");

    assertThat(complete(script, "chatlog", "retrieve", "--pro"))
        .containsExactlyInAnyOrder("--project", "--project-name");
    assertThat(complete(script, "chatlog", "list", "--format", ""))
        .containsExactlyInAnyOrder("markdown", "table", "json", "jsonl");
    assertThat(complete(script, "chatlog", "completion", "f")).containsExactly("fish");
  }

  @Test
  void zshGetsTheScriptThatLoadsBashCompletionInZsh() {
    CliRunner.Result zsh = cli.run("completion", "zsh");

    assertThat(zsh.exitCode()).isZero();
    assertThat(zsh.out()).isEqualTo(cli.run("completion", "bash").out());
    assertThat(zsh.out()).contains("ZSH_VERSION").contains("bashcompinit");
  }

  @Test
  void fishScriptCompletesSubcommandsOptionsAndValues() throws Exception {
    CliRunner.Result result = cli.run("completion", "FISH");

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines)
        .anySatisfy(
            line ->
                assertThat(line)
                    .startsWith("complete -c chatlog -n 'not __fish_seen_subcommand_from save ")
                    .contains(" -a 'retrieve' -d 'Prints the newest matching chunks"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .isEqualTo(
                        "complete -c chatlog -n '__fish_seen_subcommand_from list'"
                            + " -l format -x -a 'markdown table json jsonl'"
                            + " -d 'Output format; this command\\'s formats are listed above.'"))
        .anySatisfy(
            line ->
                assertThat(line)
                    .isEqualTo(
                        "complete -c chatlog -n '__fish_seen_subcommand_from retrieve'"
                            + " -l project -s p -l project-name -r -F -d 'Only chunks of this project.'"))
        .contains("complete -c chm -w chatlog");
    Path script = Files.writeString(temp.resolve("chatlog.fish"), result.out(), UTF_8);
    assumeTrue(
        CliRunner.onPath("fish"),
        "fish is not installed (Debian package fish): the script is not run");
    CliRunner.Result completed =
        CliRunner.runProcess(
            List.of(
                "fish",
                "--no-config",
                "-c",
                "source '"
                    + script
                    + "'; complete -C 'chatlog ret'; complete -C 'chm sea';"
                    + " complete -C 'chatlog list --format j'"),
            Map.of("PATH", System.getenv("PATH"), "HOME", temp.toString()),
            Files.writeString(temp.resolve("empty.in"), ""),
            temp,
            60);
    assertThat(completed.exitCode()).as(completed.err()).isZero();
    assertThat(completed.out().lines().map(line -> line.split("\t")[0]).toList())
        .containsExactly("retrieve", "search", "json", "jsonl");
  }

  @Test
  void anUnknownShellIsAUsageError() {
    CliRunner.Result result = cli.run("completion", "tcsh");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err())
        .contains("Cannot make a completion script for tcsh: expected bash, zsh or fish");
    assertThat(result.out()).isEmpty();
  }

  private Path script(String shell) throws Exception {
    CliRunner.Result result = cli.run("completion", shell);
    assertThat(result.exitCode()).as(result.err()).isZero();
    return Files.writeString(temp.resolve("chatlog." + shell), result.out(), UTF_8);
  }

  /**
   * What bash completes for the words typed so far (the last one being completed), after loading
   * the script in a bash without any start-up file, as pressing TAB would.
   */
  private List<String> complete(Path script, String... words) throws Exception {
    assumeTrue(CliRunner.onPath("bash"), "bash is not installed");
    StringBuilder array = new StringBuilder();
    for (String word : words) {
      array.append('\'').append(word).append("' ");
    }
    String line = String.join(" ", words);
    String program =
        "source '"
            + script
            + "' && COMP_WORDS=("
            + array
            + ") && COMP_CWORD="
            + (words.length - 1)
            + " && COMP_LINE='"
            + line
            + "' && COMP_POINT=${#COMP_LINE} && _complete_chatlog '"
            + words[0]
            + "' && printf '%s\\n' \"${COMPREPLY[@]}\"";
    CliRunner.Result result =
        CliRunner.runProcess(
            List.of("bash", "--norc", "--noprofile", "-c", program),
            Map.of("PATH", System.getenv("PATH")),
            Files.writeString(temp.resolve("empty.in"), ""),
            temp,
            60);
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result.out().lines().map(String::strip).filter(word -> !word.isEmpty()).toList();
  }
}
