package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** verify, reindex, prune and doctor on a file store. */
class MaintenanceCommandsTest {
  @TempDir Path temp;

  CliRunner cli;
  String first;
  String second;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
    first = cli.save("first words", "-p", "alpha", "-t", "one");
    second = cli.save("second words", "-p", "beta", "-t", "two");
  }

  private Path chunkFile(String id) throws IOException {
    try (Stream<Path> files = Files.walk(cli.store().resolve("chunks"))) {
      return files
          .filter(f -> f.getFileName().toString().equals(id + ".md"))
          .findFirst()
          .orElseThrow();
    }
  }

  private void corrupt(String id) throws IOException {
    Files.writeString(chunkFile(id), "tampered\n", UTF_8, StandardOpenOption.APPEND);
  }

  @Test
  void verifyOfACleanStoreSaysCleanAndExitsZero() {
    CliRunner.Result result = cli.run("verify");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines())
        .singleElement()
        .asString()
        .startsWith("checked 2 chunks in ")
        .endsWith(": 0 problems, 0 repaired, 0 left (clean)");
  }

  @Test
  void verifyNamesACorruptChunkAndExitsOneWithoutChangingAnything() throws IOException {
    corrupt(first);
    Map<String, String> before = CliRunner.snapshot(cli.store());

    CliRunner.Result result = cli.run("verify");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains("MODIFIED").contains(first).contains(" no ");
    assertThat(result.outLines().get(result.outLines().size() - 1))
        .contains("1 problem, 0 repaired, 1 left")
        .doesNotContain("clean");
    assertThat(CliRunner.snapshot(cli.store())).as("verify is the dry run").isEqualTo(before);
  }

  @Test
  void verifyRepairLeavesAChunkChangedSinceItsSaveWhereItIsAndReportsIt() throws IOException {
    corrupt(first);
    Map<String, String> before = CliRunner.snapshot(cli.store());

    CliRunner.Result repaired = cli.run("verify", "--repair", "--json");

    assertThat(repaired.exitCode()).as(repaired.err()).isEqualTo(1);
    JsonNode report = CliRunner.json(repaired.out());
    assertThat(report.get("clean").asBoolean()).isFalse();
    assertThat(report.get("problems")).hasSize(1);
    assertThat(report.get("problems").get(0).get("kind").asText()).isEqualTo("MODIFIED");
    assertThat(report.get("problems").get(0).get("key").asText()).contains(first);
    assertThat(report.get("problems").get(0).get("repaired").asBoolean()).isFalse();
    assertThat(CliRunner.snapshot(cli.store())).isEqualTo(before);
    assertThat(cli.run("show", second).exitCode()).isZero();
  }

  @Test
  void verifyRepairOnAReadOnlyStoreIsRefusedWithExitThree() throws IOException {
    corrupt(first);
    cli.env("CHM_READ_ONLY", "1");
    Map<String, String> before = CliRunner.snapshot(cli.store());

    CliRunner.Result result = cli.run("verify", "--repair");

    assertThat(result.exitCode()).isEqualTo(3);
    assertThat(result.err()).startsWith("chatlog: Cannot repair").hasLineCount(1);
    assertThat(CliRunner.snapshot(cli.store())).isEqualTo(before);
    assertThat(cli.run("verify").exitCode()).as("plain verify still reads").isEqualTo(1);
  }

  @Test
  void verifyHelpSaysThatVerifyWithoutRepairIsTheDryRun() {
    CliRunner.Result result = cli.run("verify", "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("Without --repair this is the dry run");
  }

  @Test
  void reindexRebuildsTheIndexFromTheChunkFiles() throws IOException {
    deleteRecursively(cli.store().resolve("index"));
    assertThat(CliRunner.json(cli.run("list", "--json").out())).isEmpty();

    CliRunner.Result result = cli.run("reindex");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).startsWith("reindexed 2 chunks in ");
    assertThat(cli.run("list", "--json").out()).contains(first).contains(second);
  }

  @Test
  void reindexDryRunWritesNothing() {
    Map<String, String> before = CliRunner.snapshot(cli.store());

    CliRunner.Result result = cli.run("reindex", "--dry-run");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("would reindex ").contains("lists 2 chunks");
    assertThat(result.err()).contains("dry run");
    assertThat(CliRunner.snapshot(cli.store())).isEqualTo(before);
  }

  @Test
  void reindexOnAReadOnlyStoreIsRefused() {
    cli.env("CHM_READ_ONLY", "1");

    assertThat(cli.run("reindex").exitCode()).isEqualTo(3);
  }

  @Test
  void pruneRemovesWhatThePolicyDoesNotKeepAndPrintsExactlyThat() {
    CliRunner.Result result = cli.run("prune", "--max-chunks", "1");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines())
        .singleElement()
        .asString()
        .startsWith(first + " ")
        .endsWith(" alpha/one");
    assertThat(result.err()).contains("removed 1 of 2 chunks (--max-chunks 1)");
    assertThat(cli.run("show", first).exitCode()).isEqualTo(4);
    assertThat(cli.run("show", second).exitCode()).isZero();
  }

  @Test
  void pruneDryRunRemovesNothingAndJsonListsTheChunks() {
    Map<String, String> before = CliRunner.snapshot(cli.store());

    CliRunner.Result result =
        cli.run("prune", "--max-chunks", "1", "--dry-run", "--format", "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    JsonNode removed = CliRunner.json(result.out());
    assertThat(removed).hasSize(1);
    assertThat(removed.get(0).get("id").asText()).isEqualTo(first);
    assertThat(removed.get(0).get("project").asText()).isEqualTo("alpha");
    assertThat(result.err()).contains("nothing was removed");
    assertThat(CliRunner.snapshot(cli.store())).isEqualTo(before);
  }

  @Test
  void pruneWithAProjectTouchesOnlyThatProject() {
    CliRunner.Result result = cli.run("prune", "--max-age", "1d", "-p", "alpha");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines()).isEmpty();
    assertThat(result.err()).contains("removed 0 of 1 chunk (--max-age 1d)");
  }

  @Test
  void pruneUsesTheConfiguredPolicyWhenNoLimitIsGiven() {
    cli.env("CHM_RETENTION_MAX_CHUNKS", "1");

    CliRunner.Result result = cli.run("prune", "--dry-run");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines()).singleElement().asString().startsWith("would remove: " + first);
    assertThat(result.err()).contains("(--max-chunks 1)");
  }

  @Test
  void pruneWithoutAnyPolicyIsAUsageError() {
    CliRunner.Result result = cli.run("prune");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "chatlog: Cannot prune: no policy given (--max-chunks, --max-age or"
                + " CHM_RETENTION_*)"
                + System.lineSeparator());
  }

  @Test
  void pruneWithABadLimitIsAUsageError() {
    CliRunner.Result result = cli.run("prune", "--max-chunks", "0");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("--max-chunks must be at least 1");
  }

  @Test
  void pruneOnAReadOnlyStoreIsRefusedButItsDryRunWorks() {
    cli.env("CHM_READ_ONLY", "1");
    Map<String, String> before = CliRunner.snapshot(cli.store());

    assertThat(cli.run("prune", "--max-chunks", "1").exitCode()).isEqualTo(3);
    assertThat(cli.run("prune", "--max-chunks", "1", "--dry-run").exitCode()).isZero();
    assertThat(CliRunner.snapshot(cli.store())).isEqualTo(before);
  }

  @Test
  void doctorOnAFileStoreSaysEveryCheckIsOkAndLeavesNoProbe() {
    Map<String, String> before = CliRunner.snapshot(cli.store());

    CliRunner.Result result = cli.run("doctor");

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.outLines())
        .containsExactly(
            "store: " + cli.store().toUri(),
            "reachable: ok",
            "writable: ok",
            "conditional writes: ok",
            "links: ok");
    Map<String, String> after = CliRunner.snapshot(cli.store());
    assertThat(after).containsAllEntriesOf(before);
    after.keySet().removeAll(before.keySet());
    assertThat(after.keySet())
        .as("no probe object, and not the probe's folder either")
        .noneMatch(name -> name.startsWith(".probe"));
    assertThat(after.values()).as("only empty folders may remain").allMatch("dir"::equals);
  }

  @Test
  void configCheckIsDoctor() {
    CliRunner.Result result = cli.run("config", "--check");

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines()).contains("reachable: ok", "writable: ok");
  }

  @Test
  void doctorInReadOnlyModeWritesNothingAndSkipsTheWriteChecks() {
    cli.env("CHM_READ_ONLY", "1");
    Map<String, String> before = CliRunner.snapshot(cli.store());

    CliRunner.Result result = cli.run("doctor");

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines())
        .contains(
            "reachable: ok",
            "writable: skipped: read-only",
            "conditional writes: skipped: read-only");
    assertThat(CliRunner.snapshot(cli.store())).isEqualTo(before);
  }

  @Test
  void doctorFailsWhenTheStoreCannotBeWritten() throws IOException {
    Path blocked = temp.resolve("blocked");
    Files.writeString(blocked, "a file, not a folder", UTF_8);
    cli.env("CHM_STORE", blocked.toUri().toString());

    CliRunner.Result result = cli.run("doctor");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.out()).contains(": FAIL: ");
  }

  private static void deleteRecursively(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted((a, b) -> b.compareTo(a)).toList()) {
        Files.delete(path);
      }
    }
  }
}
