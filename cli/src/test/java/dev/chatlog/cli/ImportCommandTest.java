package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code chatlog import} on the real exports and logs of ../shared/data (capture's test samples):
 * each conversation a session, importing again writes nothing, a grown conversation gets only its
 * new messages, and conversations come back whole with {@code sessions} and {@code conversation}.
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

  @ParameterizedTest
  @ValueSource(
      strings = {
        "chatgpt/conversations.json",
        "claude-code/short.jsonl",
        CLAUDE_CODE,
        "codex/rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl",
        "copilot-vscode/chat.json",
        "specstory/2026-08-03_21-15-01Z-use-claude-commands-code.md"
      })
  void everyFormatImportsOnceAndAgainWritesNothing(String name) throws IOException {
    Path file = sample(name);

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
  }

  @Test
  void aLogImportedWhenItWasShorterGetsExactlyTheRest() throws IOException {
    Path full = sample(CLAUDE_CODE);
    List<String> lines = Files.readAllLines(full, UTF_8);
    Path log = temp.resolve("live/session.jsonl");
    Files.createDirectories(log.getParent());
    Files.write(log, lines.subList(0, lines.size() / 2), UTF_8);
    assertThat(cli.run("import", "--from", "claude-code", log.toString()).exitCode()).isZero();

    Files.write(log, lines, UTF_8);
    assertThat(cli.run("import", "--from", "claude-code", log.toString()).exitCode()).isZero();

    Path fresh = temp.resolve("fresh");
    CliRunner once = new CliRunner(fresh);
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
  void importsIntoSqliteToo() throws IOException {
    cli.env("CHM_STORE", "sqlite://" + temp.resolve("chatlog.db"));
    Path file = sample("copilot-vscode/chat.json");

    assertThat(cli.run("import", file.toString()).exitCode()).isZero();
    CliRunner.Result again = cli.run("import", file.toString());

    assertThat(again.err()).contains(", 0 new): 0 chunks written");
    assertThat(sessions(cli).get(0).get("messages").asInt()).isEqualTo(16);
    assertThat(cli.run("conversation", sessions(cli).get(0).get("session").asText()).exitCode())
        .isZero();
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
