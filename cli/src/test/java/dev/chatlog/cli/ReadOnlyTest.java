package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** With CHM_READ_ONLY every mutating command fails with exit code 3 and changes no byte. */
class ReadOnlyTest {
  @TempDir Path temp;

  CliRunner cli;
  String id;
  Map<String, String> before;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
    id = cli.save("kept", "-p", "demo");
    cli.save("second", "-p", "demo");
    cli.env("CHM_READ_ONLY", "1");
    before = CliRunner.snapshot(cli.store());
  }

  private void assertRefused(CliRunner.Result result) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(3);
    assertThat(result.err()).startsWith("chatlog: Cannot ").contains("read-only").hasLineCount(1);
    assertThat(result.out()).isEmpty();
    assertThat(CliRunner.snapshot(cli.store())).isEqualTo(before);
  }

  @Test
  void saveIsRefused() {
    assertRefused(cli.runWithInput("new", "save", "-p", "demo"));
  }

  @Test
  void deleteIsRefused() {
    assertRefused(cli.run("delete", id));
  }

  @Test
  void importIsRefused() throws IOException {
    Path export = temp.resolve("conversations.json");
    try (InputStream in = getClass().getResourceAsStream("/samples/chatgpt/conversations.json")) {
      Files.copy(in, export);
    }
    assertRefused(cli.run("import", export.toString()));
  }

  @Test
  void compactIsRefused() {
    assertRefused(cli.run("compact"));
  }

  @Test
  void readingStillWorks() {
    CliRunner.Result result = cli.run("retrieve", "-p", "demo", "-n", "2");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("kept").contains("second");
    assertThat(CliRunner.snapshot(cli.store())).isEqualTo(before);
  }

  @Test
  void legacyTrueValueAlsoMeansReadOnly() {
    cli.env("CHM_READ_ONLY", null).env("CHATLOG_READ_ONLY", "true");

    assertRefused(cli.runWithInput("new", "save"));
  }
}
