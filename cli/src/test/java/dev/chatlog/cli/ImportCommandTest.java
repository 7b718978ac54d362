package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.ChatLog;
import dev.chatlog.SaveRequest;
import dev.chatlog.config.Settings;
import dev.chatlog.gcs.FakeGcs;
import dev.chatlog.gcs.FakeGcsServer;
import dev.chatlog.s3.S3ProxyServer;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * {@code chatlog import} on the real exports and logs of ../shared/data (capture's test samples):
 * each conversation a session, importing again writes nothing, a grown conversation gets only its
 * new messages, and conversations come back whole with {@code sessions} and {@code conversation}.
 * Idempotency and order are proven on all four stores: a folder, SQLite, an in-process S3Proxy that
 * checks signatures, and backend-gcs's fake GCS server.
 */
class ImportCommandTest {
  @TempDir Path temp;

  private CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
  }

  /** A sample of capture's tests, copied out of the class path. */
  private Path sample(String name) throws IOException {
    Path copy = temp.resolve("samples").resolve(name);
    Files.createDirectories(copy.getParent());
    try (InputStream in = getClass().getResourceAsStream("/samples/" + name)) {
      assertThat(in).as("sample " + name).isNotNull();
      Files.copy(in, copy);
    }
    return copy;
  }

  private static final String CLAUDE_CODE = "claude-code/tool_heavy.jsonl";

  private static final List<String> FORMATS =
      List.of(
          "chatgpt/conversations.json",
          "claude-code/short.jsonl",
          CLAUDE_CODE,
          "codex/rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl",
          "copilot-vscode/chat.json",
          "specstory/2026-08-03_21-15-01Z-use-claude-commands-code.md");

  /** The stores an import is idempotent on. */
  enum Store {
    FILE,
    SQLITE,
    S3,
    GCS
  }

  private static final String S3_BUCKET = "chatlog-import";
  private static S3ProxyServer s3;
  private static FakeGcsServer gcs;

  @BeforeAll
  static void startServers() throws Exception {
    s3 = S3ProxyServer.start(S3_BUCKET);
    gcs = FakeGcsServer.start(FakeGcs.BUCKET);
  }

  @AfterAll
  static void stopServers() {
    if (s3 != null) {
      s3.close();
    }
    if (gcs != null) {
      gcs.close();
    }
  }

  @AfterEach
  void theFakeGcsServerUnderstoodEveryRequest() {
    assertThat(gcs.unexpected()).isEmpty();
  }

  /**
   * A runner on a new, empty store of this kind named {@code name}: a folder or a SQLite file in
   * the test's folder, a prefix of the S3Proxy's or the fake GCS server's bucket.
   */
  private CliRunner runner(Store store, String name) {
    CliRunner runner = new CliRunner(temp.resolve(name));
    String prefix = name + "-" + UUID.randomUUID();
    return switch (store) {
      case FILE -> runner;
      case SQLITE -> runner.env("CHM_STORE", "sqlite://" + temp.resolve(name + ".db"));
      case S3 -> runner.onS3(s3.endpoint(), S3_BUCKET, prefix);
      case GCS -> runner.onGcs(gcs, prefix);
    };
  }

  static Stream<Arguments> everyFormatOnEveryStore() {
    return Arrays.stream(Store.values())
        .flatMap(store -> FORMATS.stream().map(format -> Arguments.of(store, format)));
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("everyFormatOnEveryStore")
  void everyFormatImportsOnceAndAgainWritesNothing(Store store, String name) throws IOException {
    Path file = sample(name);
    cli = runner(store, "store");

    CliRunner.Result first = cli.run("import", file.toString());
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.err()).contains("imported 1 conversation").contains(" written");
    int chunks = cli.run("list", "--limit", "10000", "--format", "jsonl").outLines().size();
    assertThat(chunks).isPositive();

    CliRunner.Result again = cli.run("import", file.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.err()).contains(", 0 new): 0 chunks written");
    assertThat(again.out()).isEmpty();
    assertThat(cli.run("list", "--limit", "10000", "--format", "jsonl").outLines()).hasSize(chunks);
    assertThat(conversations(cli)).isEqualTo(conversations(reference(file)));
  }

  /** The file imported into a file store of its own: what every store must give back. */
  private CliRunner reference(Path file) {
    CliRunner reference = runner(Store.FILE, "reference-" + UUID.randomUUID());
    CliRunner.Result result = reference.run("import", file.toString());
    assertThat(result.exitCode()).as(result.err()).isZero();
    return reference;
  }

  /** Every conversation of the store: its session and its messages, in order. */
  private static Map<String, List<String>> conversations(CliRunner runner) {
    Map<String, List<String>> all = new TreeMap<>();
    for (JsonNode session : sessions(runner)) {
      String name = session.get("session").asText();
      all.put(name, bodies(runner, name));
    }
    return all;
  }

  @ParameterizedTest
  @EnumSource(Store.class)
  void aLogImportedWhenItWasShorterGetsExactlyTheRest(Store store) throws IOException {
    cli = runner(store, "store");
    Path full = sample(CLAUDE_CODE);
    List<String> lines = Files.readAllLines(full, UTF_8);
    Path log = temp.resolve("live/session.jsonl");
    Files.createDirectories(log.getParent());
    Files.write(log, lines.subList(0, lines.size() / 2), UTF_8);
    assertThat(cli.run("import", "--from", "claude-code", log.toString()).exitCode()).isZero();

    Files.write(log, lines, UTF_8);
    CliRunner.Result rest = cli.run("import", "--from", "claude-code", log.toString());
    assertThat(rest.exitCode()).as(rest.err()).isZero();
    assertThat(rest.err()).doesNotContain(", 0 new)");

    CliRunner once = runner(store, "fresh");
    assertThat(once.run("import", "--from", "claude-code", full.toString()).exitCode()).isZero();
    String session = sessions(cli).get(0).get("session").asText();
    assertThat(sessions(cli).get(0).get("messages").asLong())
        .isEqualTo(sessions(once).get(0).get("messages").asLong());
    assertThat(bodies(cli, session)).isEqualTo(bodies(once, session));
  }

  private static JsonNode sessions(CliRunner runner) {
    CliRunner.Result result = runner.run("sessions", "--format", "json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    return CliRunner.json(result.out());
  }

  /** The conversation's messages (its sections, each headed by actor and time), in order. */
  private static List<String> bodies(CliRunner runner, String session) {
    CliRunner.Result result = runner.run("conversation", session, "--format", "json");
    assertThat(result.exitCode()).as(result.err()).isZero();
    StringBuilder text = new StringBuilder();
    CliRunner.json(result.out())
        .forEach(chunk -> text.append(chunk.get("body").asText()).append('\n'));
    return java.util.Arrays.stream(text.toString().split("(?m)^(?=### )"))
        .map(String::strip)
        .filter(section -> !section.isEmpty())
        .toList();
  }

  @Test
  void sessionsAndConversationGiveTheConversationBackInItsOrder() throws IOException {
    cli.run("import", sample("chatgpt/conversations.json").toString());
    JsonNode listed = sessions(cli);

    assertThat(listed).hasSize(1);
    JsonNode conversation = listed.get(0);
    assertThat(conversation.get("source").asText()).isEqualTo("chatgpt");
    assertThat(conversation.get("project").asText()).isEqualTo("chatgpt");
    assertThat(conversation.get("messages").asInt()).isEqualTo(42);

    CliRunner.Result markdown = cli.run("conversation", conversation.get("session").asText());
    assertThat(markdown.exitCode()).as(markdown.err()).isZero();
    assertThat(markdown.out()).startsWith("# " + conversation.get("title").asText());
    int user = markdown.out().indexOf("### user");
    int assistant = markdown.out().indexOf("### assistant");
    assertThat(user).isPositive().isLessThan(assistant);

    CliRunner.Result tail =
        cli.run("conversation", conversation.get("session").asText(), "--max-chars", "3000");
    assertThat(tail.out().length()).isLessThan(markdown.out().length());
    assertThat(markdown.out()).endsWith(tail.out().substring(tail.out().lastIndexOf("###")));
  }

  @Test
  void sessionsCountsConversationsLongerThanAPageOfTheHistory() {
    Settings settings = Settings.from(Map.of("CHM_STORE", cli.store().toUri().toString()));
    try (ChatLog log = ChatLog.open(settings.toConfig())) {
      List<SaveRequest> requests = new ArrayList<>();
      for (int n = 0; n < 6_000; n++) {
        requests.add(
            SaveRequest.of("message " + n)
                .withProject("long")
                .withSession(n % 3 == 0 ? "short" : "long")
                .withCreated(Instant.parse("2026-01-01T00:00:00Z").plusSeconds(n)));
      }
      log.saveAll(requests);
    }

    List<JsonNode> sessions =
        cli.run("sessions", "--format", "jsonl").outLines().stream().map(CliRunner::json).toList();

    assertThat(sessions)
        .extracting(json -> json.get("session").asText())
        .containsExactly("long", "short");
    assertThat(sessions)
        .extracting(json -> json.get("chunks").asInt())
        .containsExactly(4_000, 2_000);
    assertThat(sessions.get(0).get("first").asText()).isEqualTo("2026-01-01T00:00:01Z");
    assertThat(sessions.get(0).get("last").asText()).isEqualTo("2026-01-01T01:39:59Z");
  }

  @Test
  void sourceAndLabelFilterTheReadingCommands() throws IOException {
    cli.run("import", sample("chatgpt/conversations.json").toString());
    cli.save("a note of my own", "-p", "notes");

    assertThat(cli.run("list", "--source", "chatgpt", "--format", "jsonl").outLines())
        .isNotEmpty()
        .allSatisfy(line -> assertThat(line).contains("\"source\":\"chatgpt\""));
    assertThat(cli.run("list", "--source", "cli", "--format", "jsonl").outLines()).hasSize(1);
    assertThat(cli.run("sessions", "--source", "cli", "--format", "jsonl").outLines()).hasSize(1);
    String label =
        CliRunner.json(cli.run("list", "--source", "chatgpt", "--json").out())
            .get(0)
            .get("labels")
            .get("first-message")
            .get(0)
            .asText();
    assertThat(cli.run("list", "--label", "first-message=" + label, "--format", "jsonl").outLines())
        .hasSize(1);
  }

  @Test
  void aDryRunWritesNothing() throws IOException {
    CliRunner.Result dry =
        cli.run("import", "--dry-run", sample("chatgpt/conversations.json").toString());

    assertThat(dry.exitCode()).isZero();
    assertThat(dry.err()).contains("dry run: would import 1 conversation");
    assertThat(cli.store()).doesNotExist();
  }

  @Test
  void aWrongFormatIsRefusedBeforeAnythingIsWritten() throws IOException {
    CliRunner.Result wrong =
        cli.run("import", "--from", "codex", sample("chatgpt/conversations.json").toString());

    assertThat(wrong.exitCode()).isEqualTo(2);
    assertThat(wrong.err()).startsWith("chatlog: ").hasLineCount(1);
    assertThat(cli.store()).doesNotExist();
  }

  @Test
  void aLineThatIsNotJsonIsNamedAndSkippedAndTheRestImported() throws IOException {
    List<String> lines = Files.readAllLines(sample(CLAUDE_CODE), UTF_8);
    List<String> broken = new java.util.ArrayList<>(lines);
    broken.add(5, "this line is not JSON");
    Path log = Files.write(temp.resolve("broken.jsonl"), broken, UTF_8);

    CliRunner.Result result = cli.run("import", "--from", "claude-code", log.toString());

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.err()).contains("line 6").doesNotContain("this line is not JSON");
    assertThat(cli.run("list", "--format", "jsonl").outLines()).isNotEmpty();

    CliRunner.Result again = cli.run("import", "--from", "claude-code", log.toString());
    assertThat(again.exitCode()).as("an import with problems leaves no record").isEqualTo(1);
    assertThat(again.err()).contains("line 6").doesNotContain(UNCHANGED);
  }

  private static final String UNCHANGED = "unchanged since its last import into this store";

  @ParameterizedTest
  @EnumSource(Store.class)
  void anUnchangedFileIsAnsweredFromItsRecordWithWhatAFullImportSays(Store store)
      throws IOException {
    Path file = sample("chatgpt/conversations.json");
    cli = runner(store, "store");
    assertThat(cli.run("import", file.toString()).exitCode()).isZero();
    int chunks = cli.run("list", "--limit", "10000", "--format", "jsonl").outLines().size();
    Files.writeString(file, Files.readString(file, UTF_8) + "\n", UTF_8);
    CliRunner.Result read = cli.run("import", "--format", "json", file.toString());
    assertThat(read.err()).doesNotContain(UNCHANGED);

    CliRunner.Result answered = cli.run("import", "--format", "json", file.toString());

    assertThat(answered.exitCode()).as(answered.err()).isZero();
    assertThat(answered.err())
        .contains(file + ": " + UNCHANGED)
        .contains(
            "imported 1 conversation (42 messages, 0 new): 0 chunks written, 0 already present");
    assertThat(CliRunner.json(answered.out())).isEqualTo(CliRunner.json(read.out()));
    assertThat(cli.run("list", "--limit", "10000", "--format", "jsonl").outLines()).hasSize(chunks);
  }

  @Test
  void aChunkDeletedSinceTheLastImportIsImportedAgain() throws IOException {
    Path file = sample("chatgpt/conversations.json");
    assertThat(cli.run("import", file.toString()).exitCode()).isZero();
    List<String> ids = cli.run("list", "--limit", "100", "--format", "jsonl").outLines();
    String deleted = CliRunner.json(ids.get(0)).get("id").asText();
    assertThat(cli.run("delete", deleted).exitCode()).isZero();

    CliRunner.Result again = cli.run("import", file.toString());

    assertThat(again.err()).doesNotContain(UNCHANGED).contains("1 new): 1 chunk written");
    assertThat(cli.run("list", "--limit", "100", "--format", "jsonl").outLines())
        .hasSize(ids.size());
  }

  @Test
  void otherOptionsOrAnotherStoreReadTheFileAgain() throws IOException {
    Path file = sample("chatgpt/conversations.json");
    assertThat(cli.run("import", file.toString()).exitCode()).isZero();

    assertThat(cli.run("import", "--project", "other", file.toString()).err())
        .doesNotContain(UNCHANGED)
        .contains(", 0 already present");
    assertThat(cli.run("import", "--all-branches", file.toString()).err())
        .doesNotContain(UNCHANGED);
    CliRunner other = runner(Store.SQLITE, "other").env("HOME", temp.toString());
    assertThat(other.run("import", file.toString()).err())
        .doesNotContain(UNCHANGED)
        .contains(", 0 already present");
    assertThat(cli.run("import", file.toString()).err())
        .as("the store holds more of the format than the import left")
        .doesNotContain(UNCHANGED);
    assertThat(cli.run("import", file.toString()).err()).contains(UNCHANGED);
  }

  @Test
  void aRecordAnsweredIsRenewedWhenTheSameImportWritesMoreOfTheFormat() throws IOException {
    Path first = sample("chatgpt/conversations.json");
    String text = Files.readString(first, UTF_8);
    String id = CliRunner.json(text).get(0).get("id").asText();
    Path second = Files.writeString(temp.resolve("second.json"), text.replace(id, id + "-2"));
    assertThat(cli.run("import", first.toString()).exitCode()).isZero();

    CliRunner.Result both = cli.run("import", first.toString(), second.toString());
    assertThat(both.err()).contains(first + ": " + UNCHANGED).contains("imported 2 conversations");

    assertThat(cli.run("import", first.toString()).err()).contains(first + ": " + UNCHANGED);
    assertThat(cli.run("import", second.toString()).err()).contains(second + ": " + UNCHANGED);
  }

  @Test
  void aRecordThatCannotBeWrittenCostsOnlyTheShortcut() throws IOException {
    Path file = sample("chatgpt/conversations.json");
    Files.createDirectories(temp.resolve(".local/state"));
    Files.writeString(temp.resolve(".local/state/chatlog"), "a file where the folder would be");

    CliRunner.Result result = cli.run("import", file.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err())
        .contains(
            "not kept, so the next import of it reads it again: Cannot write the import record")
        .contains("imported 1 conversation (42 messages, 42 new)");
    assertThat(cli.run("import", file.toString()).err())
        .doesNotContain(UNCHANGED)
        .contains(", 0 new): 0 chunks written");
  }

  @Test
  void aDryRunUsesARecordButNeverWritesOne() throws IOException {
    Path file = sample("chatgpt/conversations.json");
    Path records = temp.resolve(".local/state/chatlog/imports");
    assertThat(cli.run("import", "--dry-run", file.toString()).exitCode()).isZero();
    assertThat(records).doesNotExist();
    assertThat(cli.run("import", file.toString()).exitCode()).isZero();
    assertThat(records).isDirectoryContaining("glob:**.json");

    CliRunner.Result dry = cli.run("import", "--dry-run", file.toString());

    assertThat(dry.err()).contains(UNCHANGED).contains("dry run: would import 1 conversation");
  }

  @Test
  void anUnreadableRecordIsReplacedByAFullImport() throws IOException {
    Path file = sample("chatgpt/conversations.json");
    assertThat(cli.run("import", file.toString()).exitCode()).isZero();
    try (Stream<Path> records = Files.list(temp.resolve(".local/state/chatlog/imports"))) {
      for (Path record : records.toList()) {
        Files.writeString(record, "{ not a record");
      }
    }

    assertThat(cli.run("import", file.toString()).err())
        .doesNotContain(UNCHANGED)
        .contains(", 0 new): 0 chunks written");
    assertThat(cli.run("import", file.toString()).err()).contains(UNCHANGED);
  }

  @Test
  void aFolderOfTheOriginalToolImportsEverySave() throws IOException {
    for (String name :
        List.of(
            "chat_history_index.json",
            "chat_history_00001.md",
            "chat_history_00002.md",
            "chat_history_00003.md")) {
      sample("legacy/" + name);
    }

    CliRunner.Result result =
        cli.run("import", "--project", "old", temp.resolve("samples/legacy").toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.err()).contains("imported 3 conversations");
    assertThat(cli.run("sessions", "-p", "old", "--format", "jsonl").outLines()).hasSize(3);
  }

  @Test
  void aPastedTranscriptIsSavedAsMessagesWithTheirActorsUnlessRaw() {
    String pasted = "User: how do I retry?\nAssistant: with a budget and jitter.\nUser: thanks\n";

    String id = cli.save(pasted, "-p", "paste");
    JsonNode chunk = CliRunner.json(cli.run("show", id, "--json").out());
    assertThat(chunk.get("actors").toString()).isEqualTo("[\"user\",\"assistant\"]");
    assertThat(chunk.get("body").asText())
        .startsWith("### user")
        .contains("### assistant\n\nwith a budget and jitter.");

    String raw = cli.save(pasted, "-p", "paste", "--raw", "--session", "raw");
    assertThat(CliRunner.json(cli.run("show", raw, "--json").out()).get("body").asText())
        .isEqualTo(pasted);
  }
}
