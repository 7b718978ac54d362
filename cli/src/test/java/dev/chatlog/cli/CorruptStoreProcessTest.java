package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corrupt files on disk, read by the command in a child JVM so that what the engine logs reaches
 * the real stderr exactly as a user sees it: reading goes on, and the bad file is named.
 */
class CorruptStoreProcessTest {
  @TempDir Path temp;

  CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
  }

  @Test
  void aCorruptChunkFileIsSkippedAndNamedOnStderr() throws Exception {
    String good = cli.save("good chunk", "-p", "demo");
    String bad = cli.save("bad chunk", "-p", "demo");
    Path badFile = only(cli.store().resolve("chunks"), bad + ".md");
    Files.writeString(badFile, "\u0000 this is not front matter \u0001");

    Child child = runChild(Map.of(), "retrieve", "-p", "demo", "--limit", "5");

    assertThat(child.exitCode()).as(child.err()).isZero();
    assertThat(child.out()).contains("good chunk").contains(good).doesNotContain("bad chunk");
    assertThat(child.err()).contains(bad).doesNotContain("\tat ");
  }

  @Test
  void aCorruptSegmentIsSkippedAndNamedOnStderr() throws Exception {
    cli.save("compacted chunk", "-p", "demo");
    assertThat(cli.run("compact").exitCode()).isZero();
    String fresh = cli.save("fresh chunk", "-p", "demo");
    Path segment = only(cli.store().resolve("index").resolve("segments"), ".jsonl");
    Files.writeString(segment, "{ this is not json\n");

    Child child = runChild(Map.of(), "list", "-p", "demo", "--format", "jsonl");

    assertThat(child.exitCode()).as(child.err()).isZero();
    assertThat(child.out()).contains(fresh);
    assertThat(child.err()).contains(segment.getFileName().toString());
  }

  @Test
  void logLevelErrorSilencesWarnings() throws Exception {
    cli.save("good chunk", "-p", "demo");
    String bad = cli.save("bad chunk", "-p", "demo");
    Files.writeString(only(cli.store().resolve("chunks"), bad + ".md"), "garbage");

    Child child = runChild(Map.of("CHM_LOG_LEVEL", "error"), "retrieve", "--limit", "5");

    assertThat(child.exitCode()).isZero();
    assertThat(child.out()).contains("good chunk");
    assertThat(child.err()).isEmpty();
  }

  @Test
  void mainExitsWithTheCommandsExitCode() throws Exception {
    Child child = runChild(Map.of(), "show", "01ARZ3NDEKTSV4RRFFQ69G5FAV");

    assertThat(child.exitCode()).isEqualTo(4);
    assertThat(child.err()).startsWith("chatlog: Cannot show chunk");
  }

  private static Path only(Path root, String suffix) throws IOException {
    try (Stream<Path> files = Files.walk(root)) {
      List<Path> found = files.filter(p -> p.getFileName().toString().endsWith(suffix)).toList();
      assertThat(found).as("files ending in " + suffix + " under " + root).hasSize(1);
      return found.get(0);
    }
  }

  record Child(int exitCode, String out, String err) {}

  private Child runChild(Map<String, String> extraEnv, String... args) throws Exception {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(List.of(args));
    ProcessBuilder builder = new ProcessBuilder(command);
    builder.environment().clear();
    builder.environment().put("CHM_STORE", cli.store().toUri().toString());
    builder.environment().put("HOME", temp.toString());
    builder.environment().putAll(extraEnv);
    builder.redirectInput(
        ProcessBuilder.Redirect.from(Files.createFile(temp.resolve("in")).toFile()));
    Path out = temp.resolve("out");
    Path err = temp.resolve("err");
    builder.redirectOutput(out.toFile()).redirectError(err.toFile());
    Process process = builder.start();
    if (!process.waitFor(60, TimeUnit.SECONDS)) {
      process.destroyForcibly();
      throw new AssertionError("chatlog did not finish in 60 s");
    }
    return new Child(
        process.exitValue(), Files.readString(out, UTF_8), Files.readString(err, UTF_8));
  }
}
