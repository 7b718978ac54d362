package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rough edges a newcomer met in a first hour with chatlog (issue 19), each as the user meets
 * it: through {@link Main#run}, or a child process where the working folder matters.
 */
class FirstHourTest {
  @TempDir Path temp;

  CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
  }

  private Path chunkFile(String id) throws IOException {
    try (Stream<Path> files = Files.walk(cli.store().resolve("chunks"))) {
      return files
          .filter(f -> f.getFileName().toString().equals(id + ".md"))
          .findFirst()
          .orElseThrow();
    }
  }

  /** Edits the body of a chunk file as a person would in an editor. */
  private void edit(String id, String from, String to) throws IOException {
    Path file = chunkFile(id);
    Files.writeString(file, Files.readString(file, UTF_8).replace(from, to), UTF_8);
  }

  // ---- 4. ISO-8601 ages

  @Test
  void pruneTakesAnIsoAgeAsItsHelpSays() {
    cli.save("kept");

    CliRunner.Result result = cli.run("prune", "--max-age", "P2W");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).contains("removed 0 of 1 chunk (--max-age 14d)");
  }

  // ---- 5. chunk files edited by hand

  @Test
  void aChunkEditedByHandIsStillReadMarkedModified() throws IOException {
    String id = cli.save("the first draft", "-p", "notes");
    edit(id, "the first draft", "the second draft, edited by hand");

    CliRunner.Result retrieved = cli.run("retrieve", "-p", "notes");
    assertThat(retrieved.exitCode()).isZero();
    assertThat(retrieved.out()).contains("the second draft, edited by hand");
    assertThat(retrieved.err())
        .isEqualTo(
            "chatlog: chunk "
                + id
                + " was edited since it was saved and is shown as it is now ('chatlog verify"
                + " --repair --accept-edits' accepts the edit)\n");

    CliRunner.Result shown = cli.run("show", id);
    assertThat(shown.exitCode()).as(shown.err()).isZero();
    assertThat(shown.out()).contains("- modified: edited since it was saved");

    JsonNode json = CliRunner.json(cli.run("retrieve", "-p", "notes", "--json").out()).get(0);
    assertThat(json.get("modified").asBoolean()).isTrue();
    assertThat(json.get("body").asText()).isEqualTo("the second draft, edited by hand");
    assertThat(CliRunner.json(cli.run("list", "--json").out()).get(0).get("id").asText())
        .isEqualTo(id);
  }

  @Test
  void aChunkEditedByHandIsExportedAndRestoredAsEdited() throws IOException {
    String id = cli.save("the first draft", "-p", "notes");
    edit(id, "the first draft", "the second draft, edited by hand");
    Path archive = temp.resolve("backup.tar.gz");

    CliRunner.Result exported = cli.run("export", "--format", "archive", "-o", archive.toString());
    assertThat(exported.exitCode()).as(exported.err()).isZero();
    assertThat(cli.run("verify", "--archive", archive.toString()).exitCode()).isZero();

    CliRunner restored = new CliRunner(temp.resolve("restored"));
    CliRunner.Result imported = restored.run("import", "--from", "archive", archive.toString());
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    CliRunner.Result shown = restored.run("show", id);
    assertThat(shown.exitCode()).as(shown.err()).isZero();
    assertThat(shown.out()).contains("the second draft, edited by hand").doesNotContain("modified");
  }

  @Test
  void verifyReportsAnEditAndARepairThatAcceptsEditsKeepsIt() throws IOException {
    String id = cli.save("the first draft");
    edit(id, "the first draft", "the second draft");
    Path file = chunkFile(id);
    String edited = Files.readString(file, UTF_8);

    CliRunner.Result found = cli.run("verify");
    assertThat(found.exitCode()).isEqualTo(1);
    assertThat(found.out())
        .contains("MODIFIED")
        .contains("edited since it was saved")
        .contains("checked 1 chunk in ")
        .contains(": 1 problem, 0 repaired, 1 left");

    CliRunner.Result alone = cli.run("verify", "--accept-edits");
    assertThat(alone.exitCode()).isEqualTo(2);
    assertThat(alone.err()).contains("Cannot use --accept-edits without --repair");

    CliRunner.Result repaired = cli.run("verify", "--repair");
    assertThat(repaired.exitCode()).as("a repair alone leaves an edit as it is").isEqualTo(1);

    CliRunner.Result accepted = cli.run("verify", "--repair", "--accept-edits");
    assertThat(accepted.exitCode()).as(accepted.out() + accepted.err()).isZero();
    assertThat(accepted.out()).contains("1 problem, 1 repaired, 0 left (clean)");
    assertThat(Files.readString(file, UTF_8)).as("the file as the user left it").isEqualTo(edited);

    CliRunner.Result after = cli.run("show", id, "--json");
    assertThat(after.err()).isEmpty();
    assertThat(CliRunner.json(after.out()).has("modified")).isFalse();
    assertThat(cli.run("reindex").exitCode()).isZero();
    assertThat(cli.run("verify").exitCode()).as("a reindex keeps an accepted edit").isZero();
  }

  @Test
  void aChunkFileThatCannotBeReadAtAllIsCorruptNotMissing() throws IOException {
    String id = cli.save("text");
    Files.writeString(chunkFile(id), "no front matter any more\n", UTF_8);

    CliRunner.Result result = cli.run("show", id);

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err())
        .startsWith("chatlog: Cannot show chunk " + id + ": it is corrupt (")
        .contains("no front matter")
        .hasLineCount(1);
    assertThat(cli.run("delete", id).exitCode()).as("and it can be deleted").isZero();
  }

  // ---- 6. Markdown shows the metadata

  @Test
  void markdownOfShowAndRetrieveShowsTheMetadataUnderTheHeading() {
    String id =
        cli.save(
            "body text",
            "-p",
            "shop",
            "-t",
            "checkout",
            "--session",
            "s1",
            "--actor",
            "user",
            "--actor",
            "assistant",
            "--tag",
            "payments",
            "--label",
            "adr=0005",
            "--summary",
            "retry budget");

    for (CliRunner.Result result : List.of(cli.run("show", id), cli.run("retrieve"))) {
      assertThat(result.out())
          .startsWith("## " + id + " · ")
          .contains(
              " · shop/checkout\n\n"
                  + "- session: s1 (seq 0)\n"
                  + "- actors: user, assistant\n"
                  + "- source: cli\n"
                  + "- tags: payments\n"
                  + "- labels: adr=0005\n"
                  + "- summary: retry budget\n"
                  + "\n"
                  + "body text\n");
    }
  }

  // ---- 8. ids in any case, and by their start

  @Test
  void idsAreTakenInLowerCaseAndByAnUnambiguousStart() {
    String first = cli.save("first");
    String second = cli.save("second");
    int common = 0;
    while (first.charAt(common) == second.charAt(common)) {
      common++;
    }

    CliRunner.Result lower = cli.run("show", second.toLowerCase());
    assertThat(lower.exitCode()).as(lower.err()).isZero();
    assertThat(lower.out()).startsWith("## " + second);

    CliRunner.Result start = cli.run("show", second.substring(0, common + 1).toLowerCase());
    assertThat(start.exitCode()).as(start.err()).isZero();
    assertThat(start.out()).startsWith("## " + second);

    CliRunner.Result ambiguous = cli.run("show", first.substring(0, common));
    assertThat(ambiguous.exitCode()).isEqualTo(2);
    assertThat(ambiguous.err())
        .startsWith("chatlog: Cannot choose chunk '" + first.substring(0, common) + "': 2 chunk")
        .contains(first)
        .contains(second)
        .hasLineCount(1);

    CliRunner.Result none = cli.run("show", "7ZZZ");
    assertThat(none.exitCode()).isEqualTo(4);
    assertThat(none.err()).contains("no chunk id starts with 7ZZZ");

    CliRunner.Result deleted = cli.run("delete", first.substring(0, common + 1).toLowerCase());
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(deleted.outLines()).containsExactly(first);
  }

  @Test
  void aConversationIsFoundByTheIdOfOneOfItsChunks() {
    String id = cli.save("a message", "--session", "talk");

    CliRunner.Result result = cli.run("conversation", id.toLowerCase());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).contains("session talk").contains("a message");
  }

  // ---- 9. --max-chars says why nothing is shown

  @Test
  void retrieveSaysWhenMatchesAreLongerThanTheBudget() {
    String id = cli.save("twenty-three characters");

    CliRunner.Result result = cli.run("retrieve", "--max-chars", "10");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo(
            "chatlog: nothing fits --max-chars 10: the newest matching chunk, "
                + id
                + ", has 23 characters (raise --max-chars, or use --limit)\n");
  }

  @Test
  void conversationSaysWhenItsNewestChunkIsLongerThanTheBudget() {
    cli.save("an older message", "--session", "talk");
    String id = cli.save("twenty-three characters", "--session", "talk");

    CliRunner.Result result = cli.run("conversation", "talk", "--max-chars", "10");
    CliRunner.Result json = cli.run("conversation", "talk", "--max-chars", "10", "--json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .isEqualTo(
            "chatlog: nothing fits --max-chars 10: the newest chunk of conversation talk, "
                + id
                + ", has 23 characters (raise --max-chars)\n");
    assertThat(json.exitCode()).as(json.err()).isZero();
    assertThat(CliRunner.json(json.out())).isEmpty();
  }

  @Test
  void conversationCountsItsBudgetInCharactersAsRetrieveDoes() {
    cli.save("an older message", "--session", "accents");
    cli.save("é".repeat(1000), "--session", "accents");

    CliRunner.Result result =
        cli.run("conversation", "accents", "--max-chars", "1000", "--format", "jsonl");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines()).hasSize(1);
    assertThat(result.out()).contains("é".repeat(1000)).doesNotContain("an older message");
  }

  @Test
  void conversationKeepsItsNewestEndAcrossPagesOfChunks() {
    for (int n = 100; n < 200; n++) {
      cli.save("message " + n, "--session", "long");
    }

    CliRunner.Result result =
        cli.run(
            "conversation", "long", "--max-chars", String.valueOf(70 * 11), "--format", "jsonl");

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<String> lines = result.outLines();
    assertThat(lines).hasSize(70);
    assertThat(lines.get(0)).contains("message 130");
    assertThat(lines.get(69)).contains("message 199");
  }

  // ---- 10. relative store paths

  @Test
  void relativeStorePathsMeanTheWorkingFolderAndConfigShowsThemWhole() throws Exception {
    Path work = Files.createDirectories(temp.resolve("work"));
    for (String store : List.of("./relstore", "sqlite:x.db")) {
      CliRunner.Result saved = inFolder(work, store, "hello", "save");
      assertThat(saved.exitCode()).as(store + ": " + saved.err()).isZero();
      CliRunner.Result config = inFolder(work, store, "", "config", "--json");
      JsonNode value = CliRunner.json(config.out()).get(0).get("value");
      String expected =
          store.startsWith("sqlite")
              ? "sqlite://" + work.resolve("x.db").toRealPath()
              : "file://" + work.resolve("relstore").toRealPath();
      assertThat(value.asText()).as(store).isEqualTo(expected);
    }
    assertThat(work.resolve("relstore/chunks")).isDirectory();
    assertThat(work.resolve("x.db")).isRegularFile();
  }

  /** Runs the command in a child JVM whose working folder is {@code folder}. */
  private CliRunner.Result inFolder(Path folder, String store, String input, String... args)
      throws Exception {
    Path stdin = Files.writeString(Files.createTempFile(temp, "in", ".txt"), input, UTF_8);
    List<String> command =
        new java.util.ArrayList<>(
            List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp",
                System.getProperty("java.class.path"),
                Main.class.getName()));
    command.addAll(List.of(args));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .directory(folder.toFile())
            .redirectInput(stdin.toFile())
            .redirectOutput(temp.resolve("child.out").toFile())
            .redirectError(temp.resolve("child.err").toFile());
    builder.environment().clear();
    builder
        .environment()
        .putAll(Map.of("CHM_STORE", store, "HOME", temp.toString(), "XDG_CACHE_HOME", temp + "/c"));
    Process process = builder.start();
    assertThat(process.waitFor(120, java.util.concurrent.TimeUnit.SECONDS)).isTrue();
    return new CliRunner.Result(
        process.exitValue(),
        Files.readString(temp.resolve("child.out"), UTF_8),
        Files.readString(temp.resolve("child.err"), UTF_8));
  }

  // ---- 11. errors in chatlog's words

  @Test
  void anUnknownCommandGetsTheClosestOneOrTheListOfCommands() {
    CliRunner.Result typo = cli.run("retreive");
    assertThat(typo.exitCode()).isEqualTo(2);
    assertThat(typo.err())
        .isEqualTo(
            "chatlog: 'retreive' is not a chatlog command; did you mean 'chatlog retrieve'? (see"
                + " 'chatlog --help')\n");

    CliRunner.Result bogus = cli.run("bogus");
    assertThat(bogus.exitCode()).isEqualTo(2);
    assertThat(bogus.err())
        .startsWith("chatlog: 'bogus' is not a chatlog command; the commands are save, import,")
        .contains(", doctor")
        .endsWith(" (see 'chatlog --help')\n")
        .hasLineCount(1);
  }

  @Test
  void anUnknownOptionGetsTheClosestOne() {
    CliRunner.Result result = cli.run("list", "--limt", "3");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "chatlog: Unknown option '--limt'; did you mean --limit? (see 'chatlog list"
                + " --help')\n");
  }

  @Test
  void valuesOfAnOptionAreListedAsTheyAreTyped() {
    CliRunner.Result result = cli.run("search", "x", "--rank", "bogus");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo(
            "chatlog: Cannot use --rank 'bogus': expected balanced, relevance or recent (see"
                + " 'chatlog search --help')\n");
    assertThat(cli.run("list", "--format", "JSON").exitCode()).as("any case is read").isZero();
  }

  // ---- 12. no command

  @Test
  void noCommandShowsTheCommands() {
    CliRunner.Result result = cli.run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.out()).isEmpty();
    assertThat(result.err())
        .startsWith("Usage: chatlog ")
        .contains("Commands:")
        .contains("  save ")
        .contains("  doctor ");
  }

  // ---- 13. doctor

  @Test
  void doctorProbesSqliteForWritesAndLeavesNothingBehind() {
    cli.env("CHM_STORE", "sqlite://" + temp.resolve("doctor.db"));

    CliRunner.Result result = cli.run("doctor");

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.out()).contains("writable: ok\n").contains("conditional writes: ok\n");
  }

  // ---- 14. a time range that holds nothing

  @Test
  void sinceAfterUntilIsAUsageError() {
    CliRunner.Result result = cli.run("list", "--since", "2026-12-07", "--until", "2026-12-01");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .startsWith("chatlog: Cannot use --since 2026-12-07 with --until 2026-12-01")
        .hasLineCount(1);
  }

  // ---- 15. plurals

  @Test
  void countsOfOneAreSingular() {
    cli.save("one");

    assertThat(cli.run("verify").out()).contains("checked 1 chunk in ").contains(": 0 problems");
    assertThat(cli.run("reindex").out()).startsWith("reindexed 1 chunk in ");
    assertThat(cli.run("reindex", "--dry-run").out()).contains("(the index lists 1 chunk now)");
    assertThat(cli.runWithInput("x", "save", "--dry-run").out()).endsWith(", 1 char\n");
  }

  // ---- 16. nothing to show

  @Test
  void anEmptyListAndAnEmptyRetrieveBehaveAlike() {
    for (String command : List.of("list", "retrieve")) {
      CliRunner.Result result = cli.run(command, "-p", "nothing-here");
      assertThat(result.exitCode()).as(command).isZero();
      assertThat(result.out()).as(command).isEmpty();
      assertThat(result.err()).as(command).startsWith("chatlog: nothing matched in file:");
      assertThat(CliRunner.json(cli.run(command, "-p", "nothing-here", "--json").out()))
          .as(command)
          .isEmpty();
    }
  }

  // ---- 17. a log format that does not exist

  @Test
  void anUnknownLogFormatIsRefused() {
    cli.env("CHM_LOG_FORMAT", "yaml");

    CliRunner.Result result = cli.run("list");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err())
        .isEqualTo("chatlog: Cannot use CHM_LOG_FORMAT 'yaml': expected text or json\n");
  }

  // ---- 18. secrets in local store URIs

  @Test
  void secretQueryValuesOfLocalStoreUrisAreNeverPrinted() {
    for (String uri :
        List.of(
            "file://" + temp.resolve("s") + "?token=hunter2secret",
            "sqlite://" + temp.resolve("s.db") + "?password=hunter2secret")) {
      cli.env("CHM_STORE", uri);
      for (String[] command : new String[][] {{"config"}, {"doctor"}, {"list"}}) {
        CliRunner.Result result = cli.run(command);
        assertThat(result.out() + result.err())
            .as(uri + " " + command[0])
            .doesNotContain("hunter2secret");
      }
    }
  }
}
