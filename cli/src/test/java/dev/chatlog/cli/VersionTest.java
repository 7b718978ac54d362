package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class VersionTest {
  @TempDir Path temp;

  @Test
  void versionNamesTheCommitThisWorkTreeIsAtAndTheBuildTime() throws Exception {
    CliRunner.Result result = new CliRunner(temp.resolve("store")).run("--version");

    assertThat(result.exitCode()).isZero();
    List<String> lines = result.out().lines().toList();
    assertThat(lines.get(0)).isEqualTo("chatlog " + VersionProvider.version());
    assertThat(lines.get(2)).startsWith("Java " + System.getProperty("java.version"));
    String head = git("rev-parse", "HEAD");
    if (head == null) {
      // built from a source tree without git: nothing to name
      assertThat(lines.get(1)).isEqualTo("commit unknown, built unknown");
      return;
    }
    assertThat(lines.get(1))
        .matches(
            "commit [0-9a-f]{7,40}( \\(\\S+\\))?, built"
                + " \\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ");
    String commit = lines.get(1).split(" ")[1].replace(",", "");
    assertThat(head).startsWith(commit);
  }

  /**
   * The output of a git command run where the build runs (this module's folder), or null where git
   * or the work tree is missing.
   */
  private String git(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of("git"));
    command.addAll(List.of(args));
    try {
      CliRunner.Result result =
          CliRunner.runProcess(
              command,
              Map.of("PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin")),
              Files.writeString(temp.resolve("empty.in"), ""),
              temp,
              30);
      return result.exitCode() == 0 ? result.out().strip() : null;
    } catch (IOException e) {
      return null;
    }
  }
}
