package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store folder that somebody else can write into (a shared or synced folder), tried as an
 * attacker would, through the commands a user runs: nothing outside the store is touched, and a
 * hostile index cannot break reads.
 */
class StoreHardeningTest {
  @TempDir Path temp;

  private CliRunner cli;
  private Path outside;
  private Map<String, String> outsideBefore;

  @BeforeEach
  void setUp() throws IOException {
    cli = new CliRunner(temp.resolve("store"));
    outside = Files.createDirectories(temp.resolve("elsewhere"));
    for (String name : List.of("precious.txt", "0123abcd.tmp", "notes.md")) {
      Path file = Files.writeString(outside.resolve(name), "the user's own " + name);
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    }
    outsideBefore = CliRunner.snapshot(outside);
  }

  private void assertOutsideUntouched() {
    assertThat(CliRunner.snapshot(outside)).isEqualTo(outsideBefore);
  }

  /** Moves a folder of the store elsewhere and links it back, as a user moving a year would. */
  private Path moveOutAndLink(String folder) throws IOException {
    Path inStore = cli.store().resolve(folder);
    Path moved = outside.resolve(inStore.getFileName().toString());
    Files.move(inStore, moved);
    Files.createSymbolicLink(inStore, moved);
    outsideBefore = CliRunner.snapshot(outside);
    return moved;
  }

  private Path chunkFolder(String id) throws IOException {
    try (Stream<Path> files = Files.walk(cli.store().resolve("chunks"))) {
      return files
          .filter(p -> p.getFileName().toString().equals(id + ".md"))
          .findFirst()
          .orElseThrow()
          .getParent();
    }
  }

  // ---- 1. the sweep of stale temp files

  @Test
  void readingCommandsNeverDeleteFilesOfAFolderTheHiddenFolderLinksTo() throws IOException {
    cli.save("kept");
    Path hidden = cli.store().resolve(".chatlog~");
    deleteTree(hidden);
    Files.createSymbolicLink(hidden, outside);

    for (String readOnly : new String[] {"1", null}) {
      cli.env("CHM_READ_ONLY", readOnly);
      assertThat(cli.run("list").exitCode()).isZero();
      cli.run("doctor");
      cli.run("verify");
    }

    assertOutsideUntouched();
  }

  @Test
  void aSaveThroughALinkedTempFolderFailsAndWritesNothingThere() throws IOException {
    cli.save("first");
    Path tmp = cli.store().resolve(".chatlog~/tmp");
    deleteTree(tmp);
    Files.createSymbolicLink(tmp, outside);

    CliRunner.Result save = cli.runWithInput("second", "save");

    assertThat(save.exitCode()).isEqualTo(1);
    assertThat(save.err())
        .contains(".chatlog~/tmp is a link that leaves the store")
        .hasLineCount(1);
    assertThat(save.out()).isEmpty();
    assertOutsideUntouched();
  }

  // ---- 2. a day folder moved to another disk

  @Test
  void aDayFolderMovedElsewhereIsReadVerifiedAndReindexedButNeverWrittenThrough()
      throws IOException {
    String id = cli.save("in a folder moved to another disk", "-p", "moved");
    cli.run("compact");
    Path day = chunkFolder(id);
    moveOutAndLink(cli.store().relativize(day).toString());

    assertThat(cli.run("show", id).exitCode()).isZero();
    assertThat(cli.run("list", "--format", "jsonl").outLines()).hasSize(1);

    CliRunner.Result verify = cli.run("verify", "--json");
    assertThat(verify.exitCode()).isEqualTo(1);
    JsonNode problems = CliRunner.json(verify.out()).get("problems");
    assertThat(problems).hasSize(1);
    assertThat(problems.get(0).get("kind").asText()).isEqualTo("LINK_LEAVING_STORE");
    assertThat(problems.get(0).get("key").asText())
        .isEqualTo(cli.store().relativize(day).toString());

    cli.run("verify", "--repair");
    assertThat(cli.run("show", id).exitCode()).as("repair keeps a readable chunk").isZero();
    CliRunner.Result reindex = cli.run("reindex");
    assertThat(reindex.exitCode()).as(reindex.err()).isZero();
    assertThat(cli.run("list", "--format", "jsonl").outLines()).hasSize(1);

    CliRunner.Result save = cli.runWithInput("a new note today", "save");
    assertThat(save.exitCode()).isEqualTo(1);
    assertThat(save.err()).contains("is a link that leaves the store");
    CliRunner.Result delete = cli.run("delete", id);
    assertThat(delete.exitCode()).isEqualTo(1);
    CliRunner.Result prune = cli.run("prune", "--max-chunks", "0");
    assertThat(prune.exitCode()).isNotZero();

    assertOutsideUntouched();
    assertThat(cli.run("show", id).exitCode()).isZero();
    CliRunner.Result doctor = cli.run("doctor");
    assertThat(doctor.exitCode()).isEqualTo(1);
    assertThat(doctor.out()).contains("links: FAIL").contains("leave the store");
  }

  // ---- 3. a linked inbox

  @Test
  void aLinkedInboxNeitherTakesSavesNorHidesWhatItHolds() throws IOException {
    String id = cli.save("indexed through the inbox");
    moveOutAndLink("index/inbox");

    assertThat(cli.run("show", id).exitCode()).isZero();
    CliRunner.Result save = cli.runWithInput("another", "save");

    assertThat(save.exitCode()).isEqualTo(1);
    assertThat(save.out()).as("no id is printed for a save that failed").isEmpty();
    assertThat(save.err()).contains("index/inbox is a link that leaves the store");
    assertOutsideUntouched();
  }

  // ---- 4. credentials

  @Test
  void credentialsWrittenIntoAStoreUriAreNeverPrinted() {
    for (String uri :
        List.of(
            "file://user:hunter2secret@/tmp/x",
            "sqlite://user:hunter2secret@/tmp/x.db",
            "s3://AKIAEXAMPLE:hunter2secret@Bad_Bucket/p",
            "s3://bucket/p?endpoint=http://u:hunter2secret@127.0.0.1:1",
            "gs://user:hunter2secret@bucket/p")) {
      cli.env("CHM_STORE", uri);
      for (String[] command :
          new String[][] {{"config"}, {"doctor"}, {"list"}, {"--verbose", "list"}}) {
        CliRunner.Result result = cli.run(command);
        assertThat(result.out() + result.err())
            .as(uri + " " + String.join(" ", command))
            .doesNotContain("hunter2secret");
      }
    }
  }

  @Test
  void aParseErrorOfALinkedIndexFileNamesThePlaceAndNeverTheContent() throws Exception {
    cli.save("one");
    cli.run("compact");
    Path credentials = Files.writeString(outside.resolve("credentials"), "AKIAHUNTER2SECRET = x\n");
    Path manifest = cli.store().resolve("index/manifest.json");
    Files.delete(manifest);
    Files.createSymbolicLink(manifest, credentials);
    Path inbox = Files.createDirectories(cli.store().resolve("index/inbox"));
    Files.createSymbolicLink(inbox.resolve("01JD3ZV6Q2N8K4X7W5T9R1M0AB.json"), credentials);

    for (String[] command : new String[][] {{"list"}, {"verify"}, {"stats"}, {"search", "one"}}) {
      CliRunner.Result result = cli.runInChild(Map.of(), command);
      String name = String.join(" ", command);
      assertThat(result.out() + result.err()).as(name).doesNotContain("AKIAHUNTER2SECRET");
      assertThat(result.err()).as(name).contains("index/manifest.json").contains("line 1");
    }
  }

  // ---- 5. a manifest naming segments outside the index

  @Test
  void segmentNamesThatAreNotNamesAreSkippedReportedAndNeverCarriedForward() throws Exception {
    String a = cli.save("alpha chunk");
    String b = cli.save("beta chunk");
    assertThat(cli.run("compact").exitCode()).isZero();
    Path manifestFile = cli.store().resolve("index/manifest.json");
    ObjectNode manifest = (ObjectNode) new ObjectMapper().readTree(manifestFile.toFile());
    ArrayNode segments = (ArrayNode) manifest.get("segments");
    for (String bad : List.of("../../x", "/tmp/x", "..")) {
      ObjectNode copy = segments.get(0).deepCopy();
      copy.put("name", bad);
      segments.add(copy);
    }
    Files.writeString(manifestFile, manifest.toString());

    for (String[] read :
        new String[][] {
          {"list"}, {"retrieve", "--limit", "5"}, {"search", "chunk"}, {"stats"}, {"show", a}
        }) {
      CliRunner.Result result = cli.run(read);
      assertThat(result.exitCode()).as(String.join(" ", read) + ": " + result.err()).isZero();
    }
    CliRunner.Result warned = cli.runInChild(Map.of(), "list");
    assertThat(warned.err())
        .contains("index/manifest.json")
        .contains("3 entries name segments with an invalid name; skipped");
    assertThat(cli.run("list", "--format", "jsonl").outLines()).hasSize(2);
    assertThat(cli.run("retrieve", "--limit", "5").out()).contains(a).contains(b);
    assertThat(cli.run("prune", "--max-chunks", "5").exitCode()).isZero();

    CliRunner.Result verify = cli.run("verify");
    assertThat(verify.exitCode()).isEqualTo(1);
    assertThat(verify.out()).contains("UNREADABLE_INDEX").contains("index/manifest.json");

    cli.save("gamma chunk");
    assertThat(cli.run("compact").exitCode()).isZero();
    assertThat(Files.readString(manifestFile)).doesNotContain("..").doesNotContain("/tmp/x");
    assertThat(cli.run("verify").exitCode()).isZero();
    assertThat(cli.run("list", "--format", "jsonl").outLines()).hasSize(3);
  }

  @Test
  void verifyRepairAndReindexRebuildAWorkingIndexFromABadManifest() throws IOException {
    cli.save("alpha");
    cli.run("compact");
    Path manifestFile = cli.store().resolve("index/manifest.json");
    String text = Files.readString(manifestFile);
    Files.writeString(
        manifestFile, text.replaceFirst("\"name\" : \"[^\"]+\"", "\"name\" : \"/x\""));

    CliRunner.Result repair = cli.run("verify", "--repair");
    assertThat(repair.exitCode()).as(repair.out() + repair.err()).isZero();
    assertThat(cli.run("verify").exitCode()).isZero();
    assertThat(cli.run("list", "--format", "jsonl").outLines()).hasSize(1);

    Files.writeString(manifestFile, Files.readString(manifestFile).replace("jsonl", "x/../y"));
    assertThat(cli.run("reindex").exitCode()).isZero();
    assertThat(cli.run("verify").exitCode()).isZero();
    assertThat(cli.run("list", "--format", "jsonl").outLines()).hasSize(1);
  }

  // ---- 6. read-only SQLite

  @Test
  void readOnlySqliteCreatesNoFolderNoDatabaseAndWritesNoSchema() throws IOException {
    Path missing = temp.resolve("no/such/folder/chatlog.db");
    cli.env("CHM_STORE", "sqlite://" + missing).env("CHM_READ_ONLY", "1");

    for (String[] command : new String[][] {{"list"}, {"stats"}, {"search", "x"}, {"doctor"}}) {
      CliRunner.Result result = cli.run(command);
      assertThat(result.exitCode()).as(String.join(" ", command) + result.err()).isZero();
    }
    assertThat(temp.resolve("no")).doesNotExist();

    Path empty = Files.createFile(temp.resolve("empty.db"));
    cli.env("CHM_STORE", "sqlite://" + empty);
    assertThat(cli.run("list").exitCode()).isZero();
    assertThat(empty).isEmptyFile();
    assertThat(cli.runWithInput("text", "save").exitCode()).isEqualTo(3);
  }

  @Test
  void readOnlySqliteReadsAnExistingDatabaseWithoutChangingAnyFile() throws IOException {
    Path db = temp.resolve("db/chatlog.db");
    cli.env("CHM_STORE", "sqlite://" + db);
    cli.save("saved before");
    Map<String, String> before = CliRunner.snapshot(db.getParent());

    cli.env("CHM_READ_ONLY", "1");
    CliRunner.Result list = cli.run("list", "--format", "jsonl");

    assertThat(list.outLines()).hasSize(1);
    assertThat(CliRunner.snapshot(db.getParent())).isEqualTo(before);
  }

  // ---- 7. unbounded input

  @Test
  void inputOverTheLimitIsRefusedWithExitTwoBeforeAnythingIsWritten() throws IOException {
    cli.save("already there");
    Map<String, String> before = CliRunner.snapshot(cli.store());
    cli.env("CHM_INPUT_MAX_MB", "1");
    Files.writeString(temp.resolve("small.txt"), "small");
    String big = "a line of a long paste\n".repeat(100_000);
    Path file = Files.writeString(temp.resolve("big.txt"), big);

    for (CliRunner.Result result :
        List.of(
            cli.runWithInput(big, "save"),
            cli.run("save", "--file", file.toString()),
            cli.run(
                "save", "--file", temp.resolve("small.txt").toString(), "-f", file.toString()))) {
      assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
      assertThat(result.err())
          .contains("is larger than 1 MiB, the input limit; raise CHM_INPUT_MAX_MB")
          .hasLineCount(1);
    }
    assertThat(CliRunner.snapshot(cli.store())).isEqualTo(before);
  }

  @Test
  void endlessInputEndsWithAOneLineErrorInsteadOfRunningOutOfMemory() throws Exception {
    Path zero = Path.of("/dev/zero");
    org.junit.jupiter.api.Assumptions.assumeTrue(Files.exists(zero), "needs /dev/zero");
    Files.writeString(temp.resolve("small.txt"), "x");

    CliRunner.Result stdin = cli.runInChild("64m", zero, Map.of(), "save");
    CliRunner.Result file = cli.runInChild(Map.of(), "save", "--file", zero.toString());

    for (CliRunner.Result result : List.of(stdin, file)) {
      assertThat(result.exitCode()).as(result.err()).isEqualTo(2);
      assertThat(result.err()).contains("NUL character").hasLineCount(1);
    }
  }

  // ---- 8. notes among the chunks

  @Test
  void repairLeavesTheUsersNotesAmongTheChunksWhereTheyAre() throws IOException {
    String id = cli.save("a chunk");
    Path folder = chunkFolder(id);
    Path note = Files.writeString(folder.resolve("my note.md"), "# My own note\n");
    Path vaultNote = Files.writeString(cli.store().resolve("chunks/Inbox.md"), "todo\n");
    Path named =
        Files.writeString(folder.resolve("01JD3ZV6Q2N8K4X7W5T9R1M0AB.md"), "no front matter\n");

    CliRunner.Result repair = cli.run("verify", "--repair", "--json");

    assertThat(repair.exitCode()).as(repair.out()).isZero();
    assertThat(CliRunner.json(repair.out()).get("problems"))
        .extracting(p -> p.get("kind").asText())
        .containsOnly("NOT_A_CHUNK");
    assertThat(note).hasContent("# My own note");
    assertThat(vaultNote).hasContent("todo");
    assertThat(named).exists();
    assertThat(cli.store().resolve("quarantine")).doesNotExist();
  }

  // ---- 9. terminal escapes in stored text

  private static final String HOSTILE =
      "tool output \u001b]0;owned\u0007 then \u001b[2J cleared and \u009b31m C1\n";

  @Test
  void controlCharactersOfStoredTextAreShownEscapedOnATerminalAndAsStoredElsewhere() {
    String id = cli.save(HOSTILE, "-p", "esc");

    for (String[] command :
        new String[][] {
          {"show", id}, {"retrieve", "-p", "esc"}, {"search", "cleared"}, {"list", "-p", "esc"}
        }) {
      CliRunner.Result shown = cli.runOnTerminal(command);
      assertThat(shown.exitCode()).isZero();
      assertThat(shown.out())
          .as(String.join(" ", command))
          .doesNotContain("\u0007", "\u009b", "\u001b]", "\u001b[2J");
    }
    assertThat(cli.runOnTerminal("show", id).out())
        .contains("^[]0;owned^G then ^[[2J cleared and <U+009B>31m C1");
    assertThat(cli.runOnTerminal("show", id, "--raw").out()).contains(HOSTILE);
    assertThat(cli.run("show", id).out()).contains(HOSTILE);
    assertThat(cli.run("retrieve", "-p", "esc").out()).contains(HOSTILE);
  }

  @Test
  void storedTextIsEscapedOnATerminalOnTheSqliteStoreToo() {
    cli.env("CHM_STORE", "sqlite://" + temp.resolve("esc.db"));
    String id = cli.save(HOSTILE, "-p", "esc");

    assertThat(cli.runOnTerminal("show", id).out()).doesNotContain("\u001b").contains("^[]0;");
    assertThat(cli.runOnTerminal("search", "cleared").out()).doesNotContain("\u0007");
    assertThat(cli.run("show", id).out()).contains(HOSTILE);
  }

  private static void deleteTree(Path root) throws IOException {
    if (!Files.exists(root)) {
      return;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
