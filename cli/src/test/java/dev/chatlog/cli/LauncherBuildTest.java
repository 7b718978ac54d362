package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@code ./chatlog} launcher of a source tree, run as a newcomer runs it after a clone (issue
 * 19, item 1), in a tree whose Maven wrapper is a stand-in that prints what Maven prints and makes
 * a distribution whose launcher echoes its arguments: the real build takes minutes.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class LauncherBuildTest {
  private static final Path LAUNCHER = Path.of("..", "chatlog").toAbsolutePath().normalize();

  private static final String MVNW =
      """
      #!/usr/bin/env bash
      printf '%s\\n' "$@" >mvnw.args
      echo '[INFO] Scanning for projects...'
      echo '[INFO] Building chatlog api 0.1.0-SNAPSHOT                                  [1/2]'
      echo '[INFO] Building jar: /tree/api/target/chatlog-api-0.1.0-SNAPSHOT.jar'
      echo '[INFO] Building chatlog cli 0.1.0-SNAPSHOT                                  [2/2]'
      if [ -f fail ]; then
        echo "[ERROR] /tree/cli/src/main/java/Foo.java:[3,1] ';' expected"
        exit 1
      fi
      dist="cli/target/chatlog-0.1.0-SNAPSHOT/bin"
      mkdir -p "$dist"
      printf '#!/usr/bin/env bash\\necho "ran: $* (progress: ${CHATLOG_PROGRESS:-no})"\\n' \\
        >"$dist/chatlog"
      chmod +x "$dist/chatlog"
      """;

  @TempDir Path tree;

  @BeforeEach
  void sourceTree() throws Exception {
    Files.copy(LAUNCHER, tree.resolve("chatlog"), StandardCopyOption.COPY_ATTRIBUTES);
    Files.writeString(tree.resolve("mvnw"), MVNW, UTF_8);
    assertThat(tree.resolve("mvnw").toFile().setExecutable(true)).isTrue();
    Files.writeString(tree.resolve("pom.xml"), "<project/>\n", UTF_8);
    Files.createDirectories(tree.resolve("cli/src/main"));
    Files.createDirectories(tree.resolve("cli/src/dist"));
    Files.writeString(tree.resolve("cli/pom.xml"), "<project/>\n", UTF_8);
  }

  @Test
  void theFirstRunShowsEachModuleAndSaysTheTestsAreSkipped() throws Exception {
    CliRunner.Result first = run("--version");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).isEqualTo("ran: --version (progress: 1)\n");
    List<String> progress = first.err().lines().toList();
    assertThat(progress)
        .startsWith(
            "chatlog: building (first run; tests skipped: ./mvnw -B verify runs them)…",
            "chatlog: [1/2] chatlog api",
            "chatlog: [2/2] chatlog cli")
        .hasSize(4);
    assertThat(progress.get(3)).matches("chatlog: built in \\d+m \\d+s");
    assertThat(Files.readAllLines(tree.resolve("mvnw.args")))
        .as("tests neither compiled nor run")
        .contains("-Dmaven.test.skip=true", "package");
    assertThat(tree.resolve("cli/target/launcher-build.log"))
        .content()
        .contains("[INFO] Building jar: /tree/api/target/chatlog-api-0.1.0-SNAPSHOT.jar");

    CliRunner.Result later = run("list");
    assertThat(later.err()).as("no build, nothing to say").isEmpty();
    assertThat(later.out()).isEqualTo("ran: list (progress: no)\n");
  }

  @Test
  void aFailedBuildShowsMavensErrorsAndWhereItsOutputIs() throws Exception {
    Files.writeString(tree.resolve("fail"), "", UTF_8);

    CliRunner.Result result = run("--version");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .contains("[ERROR] /tree/cli/src/main/java/Foo.java:[3,1] ';' expected\n")
        .endsWith(
            "chatlog: the build failed (all its output: "
                + tree.toRealPath().resolve("cli/target/launcher-build.log")
                + "); fix it or run ./mvnw -B verify\n");
  }

  private CliRunner.Result run(String... args) throws Exception {
    List<String> command = new ArrayList<>(List.of(tree.resolve("chatlog").toString()));
    command.addAll(List.of(args));
    Path stdin = Files.writeString(tree.resolve("stdin"), "", UTF_8);
    return CliRunner.runProcess(
        command,
        Map.of(
            "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
            "HOME", tree.toString(),
            "JAVA_HOME", System.getProperty("java.home")),
        stdin,
        tree,
        60);
  }
}
