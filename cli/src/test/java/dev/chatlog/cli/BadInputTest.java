package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every bad input gets its exit code and a one-line message, and writes nothing. */
class BadInputTest {
  @TempDir Path temp;

  CliRunner cli;
  Map<String, String> before;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
    cli.save("already there", "-p", "demo");
    before = CliRunner.snapshot(cli.store());
  }

  private void assertRejected(CliRunner.Result result, int exitCode, String message) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(exitCode);
    assertThat(result.err()).startsWith("chatlog: ").contains(message).hasLineCount(1);
    assertThat(result.err()).doesNotContain("\tat ");
    assertThat(result.out()).isEmpty();
    assertThat(CliRunner.snapshot(cli.store())).isEqualTo(before);
  }

  @Test
  void emptyInput() {
    assertRejected(cli.runWithInput("", "save"), 2, "Cannot save: the input is empty");
  }

  @Test
  void whitespaceOnlyInput() {
    assertRejected(cli.runWithInput(" \n\t \n", "save"), 2, "Cannot save: the input is empty");
  }

  @Test
  void invalidUtf8() {
    byte[] input = {'o', 'k', ' ', (byte) 0xC3, (byte) 0x28, 'x'};

    assertRejected(
        cli.runWithInput(input, "save"),
        2,
        "Cannot save: the input is not valid UTF-8 (byte offset 3)");
  }

  @Test
  void unknownStoreScheme() {
    cli.env("CHM_STORE", "ftp://x");

    assertRejected(cli.runWithInput("text", "save"), 2, "unknown scheme 'ftp'");
  }

  @Test
  void malformedStoreUri() {
    cli.env("CHM_STORE", "file://bad uri with spaces/%%");

    assertRejected(cli.runWithInput("text", "save"), 2, "CHM_STORE");
  }

  @Test
  void unclosedInterpolation() {
    cli.env("CHM_CHUNK_MAX_CHARS", "${SIZE");

    assertRejected(cli.runWithInput("text", "save"), 2, "CHM_CHUNK_MAX_CHARS");
  }

  @Test
  void badLogLevel() {
    cli.env("CHM_LOG_LEVEL", "loud");

    assertRejected(cli.run("list"), 2, "CHM_LOG_LEVEL");
  }

  @Test
  void labelWithoutEquals() {
    assertRejected(
        cli.runWithInput("text", "save", "--label", "adr"),
        2,
        "Cannot use label 'adr': expected KEY=VALUE");
  }

  @Test
  void unknownActor() {
    assertRejected(cli.runWithInput("text", "save", "--actor", "robot"), 2, "robot");
  }

  @Test
  void missingPositionalParameters() {
    assertRejected(cli.run("show"), 2, "Missing required parameter: 'ID'");
    assertRejected(cli.run("delete"), 2, "Missing required parameter: 'ID'");
    assertRejected(cli.run("search"), 2, "Missing required parameter: 'WORD'");
  }

  @Test
  void limitZero() {
    assertRejected(cli.run("retrieve", "--limit", "0"), 2, "Cannot use --limit 0");
    assertRejected(cli.run("list", "--limit", "0"), 2, "Cannot use --limit 0");
  }

  @Test
  void limitNotANumber() {
    assertRejected(cli.run("list", "--limit", "many"), 2, "many");
  }

  @Test
  void unparsableSince() {
    assertRejected(cli.run("retrieve", "--since", "last tuesday"), 2, "last tuesday");
  }

  @Test
  void missingFile() {
    Path missing = temp.resolve("missing.md");

    assertRejected(
        cli.run("save", "--file", missing.toString()),
        2,
        "Cannot save file '" + missing + "': no such file");
  }

  @Test
  void oneMissingFileAmongSeveralSavesNone() throws IOException {
    Path present = Files.writeString(temp.resolve("present.md"), "present");

    assertRejected(
        cli.run("save", "--file", present.toString(), "--file", temp.resolve("nope").toString()),
        2,
        "no such file");
  }

  @Test
  void jsonAndAnotherFormat() {
    assertRejected(
        cli.run("retrieve", "--json", "--format", "jsonl"), 2, "Cannot use --json with --format");
  }

  @Test
  void verboseAddsTheStackTrace() {
    CliRunner.Result result = cli.runWithInput("", "save", "--verbose");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("chatlog: Cannot save: the input is empty")
        .contains("InvalidInputException")
        .contains("\tat ");
  }

  @Test
  void verboseBeforeTheCommandWorksToo() {
    CliRunner.Result result = cli.runWithInput("", "--verbose", "save");

    assertThat(result.err()).contains("\tat ");
  }
}
