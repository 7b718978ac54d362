package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
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
    Path badFile = CliRunner.only(cli.store().resolve("chunks"), bad + ".md");
    Files.writeString(badFile, "\u0000 this is not front matter \u0001");

    CliRunner.Result child = cli.runInChild(Map.of(), "retrieve", "-p", "demo", "--limit", "5");

    assertThat(child.exitCode()).as(child.err()).isZero();
    assertThat(child.out()).contains("good chunk").contains(good).doesNotContain("bad chunk");
    assertThat(child.err()).contains(bad).doesNotContain("\tat ");
  }

  @Test
  void aCorruptSegmentIsSkippedAndNamedOnStderr() throws Exception {
    cli.save("compacted chunk", "-p", "demo");
    assertThat(cli.run("compact").exitCode()).isZero();
    String fresh = cli.save("fresh chunk", "-p", "demo");
    Path segment = CliRunner.only(cli.store().resolve("index").resolve("segments"), ".jsonl");
    Files.writeString(segment, "{ this is not json\n");

    CliRunner.Result child = cli.runInChild(Map.of(), "list", "-p", "demo", "--format", "jsonl");

    assertThat(child.exitCode()).as(child.err()).isZero();
    assertThat(child.out()).contains(fresh);
    assertThat(child.err()).contains(segment.getFileName().toString());
  }

  @Test
  void aReadThatFindsNothingWrongPrintsNothingOnStderr() throws Exception {
    cli.save("good chunk", "-p", "demo");
    assertThat(cli.run("compact").exitCode()).isZero();

    CliRunner.Result child = cli.runInChild(Map.of(), "retrieve", "-p", "demo");

    assertThat(child.exitCode()).isZero();
    assertThat(child.out()).contains("good chunk");
    assertThat(child.err()).isEmpty();
  }

  @Test
  void logLevelErrorSilencesWarnings() throws Exception {
    cli.save("good chunk", "-p", "demo");
    String bad = cli.save("bad chunk", "-p", "demo");
    Files.writeString(CliRunner.only(cli.store().resolve("chunks"), bad + ".md"), "garbage");

    CliRunner.Result child =
        cli.runInChild(Map.of("CHM_LOG_LEVEL", "error"), "retrieve", "--limit", "5");

    assertThat(child.exitCode()).isZero();
    assertThat(child.out()).contains("good chunk");
    assertThat(child.err()).isEmpty();
  }

  @Test
  void mainExitsWithTheCommandsExitCode() throws Exception {
    CliRunner.Result child = cli.runInChild(Map.of(), "show", "01ARZ3NDEKTSV4RRFFQ69G5FAV");

    assertThat(child.exitCode()).isEqualTo(4);
    assertThat(child.err()).startsWith("chatlog: Cannot show chunk");
  }
}
