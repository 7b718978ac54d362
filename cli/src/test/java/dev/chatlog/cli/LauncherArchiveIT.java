package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledOnOs;
import org.junit.jupiter.api.condition.OS;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distribution's {@code bin/chatlog} run as a user runs it, with the JDK running the tests: its
 * first start makes the start-up archive (an AOT cache on JDK 25 and later, an AppCDS archive
 * before), and later starts really load the command from it. The JVM ignores an archive it cannot
 * use without a word (a stale one, or one made with other module options), so this checks where the
 * classes came from.
 */
@EnabledOnOs({OS.LINUX, OS.MAC})
class LauncherArchiveIT {
  private static final Path DISTRIBUTION =
      Path.of(System.getProperty("chatlog.distribution", "missing"));

  /** Classes every {@code retrieve} loads, which the training run loaded too. */
  private static final List<String> COMMAND_CLASSES =
      List.of(
          "dev.chatlog.cli.Main",
          "dev.chatlog.cli.RetrieveCommand",
          "dev.chatlog.ChatLog",
          "dev.chatlog.engine.BlobChunkStore",
          "dev.chatlog.fs.FsBlobStore");

  @TempDir Path temp;

  @Test
  void laterStartsLoadTheCommandFromTheArchiveTheFirstStartMade() throws Exception {
    assertThat(DISTRIBUTION.resolve("bin/chatlog"))
        .as("the distribution (made by the package phase)")
        .isExecutable();
    Path installed = copy(DISTRIBUTION, temp.resolve("chatlog"));
    Path classLog = temp.resolve("classes.log");
    Map<String, String> env = environment();

    CliRunner.Result saved =
        run(installed, env, "a note for the archive\n", "save", "-p", "archive");
    CliRunner.Result retrieved =
        run(
            installed,
            withJavaOptions(env, "-Xlog:class+load:file=" + classLog),
            "",
            "retrieve",
            "-p",
            "archive");

    assertThat(saved.exitCode()).as(saved.err()).isZero();
    assertThat(retrieved.exitCode()).as(retrieved.err()).isZero();
    assertThat(retrieved.out()).contains("a note for the archive");
    assertThat(saved.err() + retrieved.err()).isEmpty();
    try (Stream<Path> start = Files.list(installed.resolve("start"))) {
      assertThat(start.map(path -> path.getFileName().toString()))
          .containsAnyOf("app.aot", "app.jsa");
    }
    List<String> loaded = Files.readAllLines(classLog, UTF_8);
    for (String name : COMMAND_CLASSES) {
      assertThat(loaded)
          .as("where %s came from", name)
          .anyMatch(line -> line.contains(" " + name + " source: shared objects file"));
    }
  }

  @Test
  void theFirstStartAfterABuildSaysThatItMakesTheArchive() throws Exception {
    Path installed = copy(DISTRIBUTION, temp.resolve("chatlog"));
    Map<String, String> env = new HashMap<>(environment());
    env.put("CHATLOG_PROGRESS", "1");

    CliRunner.Result first = run(installed, env, "", "list");
    CliRunner.Result later = run(installed, env, "", "list");

    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err())
        .startsWith("chatlog: making the start-up archive (once for these jars and this JDK)…\n");
    assertThat(later.err()).doesNotContain("start-up archive");
  }

  @Test
  void commandsThatReadAWholeExportOrHistoryGetTheOptimisingCompilerAndTheParallelCollector()
      throws Exception {
    Path installed = copy(DISTRIBUTION, temp.resolve("chatlog"));
    Map<String, String> env = withJavaOptions(environment(), "-XX:+PrintFlagsFinal");

    for (String command : List.of("import", "export", "copy", "reindex", "verify")) {
      CliRunner.Result result = run(installed, env, "", "--verbose", command, "--help");
      assertThat(flag(result, "TieredStopAtLevel")).as(command).isEqualTo("4");
      assertThat(flag(result, "UseParallelGC")).as(command).isEqualTo("true");
      assertThat(flag(result, "UseSerialGC")).as(command).isEqualTo("false");
    }
    for (String command : List.of("save", "retrieve", "search", "list")) {
      CliRunner.Result result = run(installed, env, "", command, "--help");
      assertThat(flag(result, "TieredStopAtLevel")).as(command).isEqualTo("1");
      assertThat(flag(result, "UseSerialGC")).as(command).isEqualTo("true");
    }
  }

  @Test
  void shortCommandsAskForHugePagesForTheirHeapWhereTheKernelGivesThemOnRequest() throws Exception {
    Path installed = copy(DISTRIBUTION, temp.resolve("chatlog"));
    Map<String, String> env = withJavaOptions(environment(), "-XX:+PrintFlagsFinal");
    Path modes = Path.of("/sys/kernel/mm/transparent_hugepage/enabled");
    String mode = Files.isReadable(modes) ? Files.readString(modes).strip() : "none";

    for (String command : List.of("save", "retrieve", "search", "list")) {
      CliRunner.Result result = run(installed, env, "", command, "--help");
      assertThat(flag(result, "UseTransparentHugePages"))
          .as("%s, transparent huge pages: %s", command, mode)
          .isEqualTo(String.valueOf(mode.contains("[madvise]")));
    }
    CliRunner.Result longRun = run(installed, env, "", "import", "--help");
    assertThat(flag(longRun, "UseTransparentHugePages")).as("import").isEqualTo("false");
  }

  /** The value of a flag that {@code -XX:+PrintFlagsFinal} printed. */
  private static String flag(CliRunner.Result result, String name) {
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result
        .out()
        .lines()
        .filter(line -> line.contains(" " + name + " "))
        .map(line -> line.replaceAll(".*= *(\\w+).*", "$1"))
        .findFirst()
        .orElseThrow();
  }

  /**
   * A new user's environment for the installed launcher: a store, a cache and a home in the test's
   * folder, this JDK.
   */
  private Map<String, String> environment() {
    return Map.of(
        "CHM_STORE", temp.resolve("store").toUri().toString(),
        "XDG_CACHE_HOME", temp.resolve("cache").toString(),
        "HOME", temp.toString(),
        "PATH", System.getenv().getOrDefault("PATH", "/usr/bin:/bin"),
        "JAVA_HOME", System.getProperty("java.home"));
  }

  private static Map<String, String> withJavaOptions(Map<String, String> env, String options) {
    Map<String, String> with = new HashMap<>(env);
    with.put("CHATLOG_JAVA_OPTS", options);
    return with;
  }

  private static Path copy(Path from, Path to) throws IOException {
    try (Stream<Path> files = Files.walk(from)) {
      for (Path file : (Iterable<Path>) files::iterator) {
        Path target = to.resolve(from.relativize(file).toString());
        if (from.relativize(file).startsWith("start")) {
          continue; // the archive of earlier runs: this test makes its own
        }
        if (Files.isDirectory(file)) {
          Files.createDirectories(target);
        } else {
          Files.copy(file, target, StandardCopyOption.COPY_ATTRIBUTES);
        }
      }
    }
    return to;
  }

  private CliRunner.Result run(
      Path installed, Map<String, String> env, String stdin, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(installed.resolve("bin/chatlog").toString());
    command.addAll(List.of(args));
    Path in = Files.writeString(temp.resolve("stdin"), stdin, UTF_8);
    return CliRunner.runProcess(command, env, in, temp, 300);
  }
}
