package dev.chatlog.capture.format.claudecode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.capture.BadLinePolicy;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportProblem;
import dev.chatlog.capture.LogBatch;
import dev.chatlog.capture.LogPosition;
import dev.chatlog.capture.TestImports;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.Actor;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeCodeImporterTest {
  private static final String SESSION = "\"sessionId\":\"s1\",\"cwd\":\"/home/me/projects/shop\"";

  @TempDir Path dir;

  @Test
  void readsTheShortSessionWithItsPartsMergedAndMetaLinesSkipped() {
    TestImports.Result result =
        TestImports.read(TestImports.sample("claude-code/short.jsonl"), null);

    assertThat(result.format()).isEqualTo("claude-code");
    ImportedConversation session = result.only();
    assertThat(session.nativeId()).isEqualTo("55604662-cf2a-4331-851a-ec234028f8ca");
    assertThat(session.projectHint()).isEqualTo("spotter");
    assertThat(session.title()).isEqualTo("mix phx.server doesnt seem to start");
    assertThat(session.label("git-branch")).isEqualTo("master");
    assertThat(session.models()).containsExactly("claude-opus-4-6");
    // 15 lines: a snapshot and 3 progress lines are not messages; 5 assistant lines are one
    List<ImportedMessage> messages = session.messages();
    assertThat(messages)
        .extracting(ImportedMessage::actor)
        .containsExactly(
            Actor.USER,
            Actor.ASSISTANT,
            Actor.TOOL,
            Actor.TOOL,
            Actor.SYSTEM,
            Actor.USER,
            Actor.SYSTEM);
    assertThat(messages.get(0).text()).isEqualTo("mix phx.server doesnt seem to start");
    assertThat(messages.get(0).time()).isEqualTo(Instant.parse("2026-02-10T21:11:56.846Z"));

    ImportedMessage answer = messages.get(1);
    assertThat(answer.nativeId()).isEqualTo("msg_01MKH1ccEGrZGNPvu8pYiiQa");
    assertThat(answer.time()).isEqualTo(Instant.parse("2026-02-10T21:11:59.186Z"));
    assertThat(answer.text())
        .isEqualTo(
            "Let me check the project structure and try running the server to see the error.\n\n"
                + "→ Bash {\"command\":\"mix phx.server 2>&1 | head -80\",\"timeout\":30000}\n\n"
                + "→ Glob {\"pattern\":\"mix.exs\",\"path\":\"/home/marco/projects/spotter\"}");
    assertThat(answer.text()).doesNotContain("The user is having trouble");
    assertThat(messages.get(2).text()).startsWith("← Bash (error)\n```\nThe user doesn't want");
    assertThat(messages.get(3).text()).startsWith("← Glob (error)");
    assertThat(messages.get(4).text()).isEqualTo("[Request interrupted by user for tool use]");
    assertThat(messages.get(5).text()).isEqualTo("/model");
    ImportedMessage last = messages.get(6);
    assertThat(last.text()).isEqualTo("Kept model as Default (recommended)");
    assertThat(last.time()).isEqualTo(Instant.parse("2026-02-10T21:16:12.381Z"));
  }

  @Test
  void mergesAMessageWhosePartsAreInterleavedWithToolResults() {
    List<ImportedMessage> messages =
        TestImports.read(TestImports.sample("claude-code/tool_heavy.jsonl"), "claude-code")
            .only()
            .messages();

    assertThat(messages).hasSize(18);
    assertThat(messages).extracting(ImportedMessage::nativeId).doesNotHaveDuplicates();
    int read = indexOf(messages, "msg_019BN3FRqb7NU4DgBN5jdsym");
    assertThat(messages.get(read).text())
        .startsWith(
            "→ Read {\"file_path\":\"/home/marco/projects/spotter/assets/js/app.js\"}\n\n→ WebFetch");
    assertThat(messages.get(read + 1).text()).startsWith("← Read\n");
    assertThat(messages.get(read + 2).text()).startsWith("← WebFetch\n");
    assertThat(messages)
        .filteredOn(m -> m.text().contains("local-command-caveat"))
        .as("a meta line is not a message")
        .isEmpty();
    assertThat(messages.get(0).text()).isEqualTo("start phoenix in background");
    assertThat(messages.get(17).text()).isEqualTo("[Request interrupted by user]");
    assertThat(messages).extracting(ImportedMessage::time).isSorted();
  }

  @Test
  void cutsALongToolResultAndSaysHowMuchWasCut() {
    ImportOptions options = ImportOptions.defaults().withToolOutputMaxChars(40);

    List<ImportedMessage> messages =
        TestImports.read(TestImports.sample("claude-code/tool_heavy.jsonl"), null, options)
            .only()
            .messages();

    ImportedMessage webFetch =
        messages.stream().filter(m -> m.text().startsWith("← WebFetch")).findFirst().orElseThrow();
    assertThat(webFetch.text())
        .matches("(?s)← WebFetch\n```\n.{40}\n… \\(\\d+ more characters cut\\)\n```");
  }

  @Test
  void aSideChainIsAConversationOfItsOwnLinkedToItsParent() throws Exception {
    Path log =
        write(
            "s1.jsonl",
            user("u1", null, false, "", "plan the release"),
            assistant("a1", "u1", false, "", "m1", "I will ask an agent."),
            user("x1", null, true, "", "check the changelog"),
            assistant("x2", "x1", true, "", "m2", "The changelog is fine."),
            user("y1", null, true, "ag7", "count the commits"),
            assistant("y2", "y1", true, "ag7", "m3", "42 commits."),
            "{\"type\":\"summary\",\"summary\":\"Release planning\",\"leafUuid\":\"a1\"}",
            user("u2", "a1", false, "", "thanks"));

    List<ImportedConversation> conversations = TestImports.read(log, "claude-code").conversations();

    assertThat(conversations)
        .extracting(ImportedConversation::nativeId)
        .containsExactly("s1", "s1:sidechain-x1", "s1:agent-ag7");
    ImportedConversation main = conversations.get(0);
    assertThat(main.summary()).isEqualTo("Release planning");
    assertThat(main.projectHint()).isEqualTo("shop");
    assertThat(main.messages())
        .extracting(ImportedMessage::text)
        .containsExactly("plan the release", "I will ask an agent.", "thanks");
    ImportedConversation chain = conversations.get(1);
    assertThat(chain.label("parent-session")).isEqualTo("s1");
    assertThat(chain.title()).isEqualTo("check the changelog");
    assertThat(chain.messages())
        .extracting(ImportedMessage::text)
        .containsExactly("check the changelog", "The changelog is fine.");
    ImportedConversation agent = conversations.get(2);
    assertThat(agent.label("parent-session")).isEqualTo("s1");
    assertThat(agent.label("agent")).isEqualTo("ag7");
    assertThat(agent.summary()).isEmpty();
  }

  @Test
  void aLineThatIsNotJsonIsReportedWithItsLineNumberAndTheRestImported() throws Exception {
    Path log =
        write(
            "s1.jsonl",
            user("u1", null, false, "", "first"),
            "{\"token\": \"sk-live-secret\" this is not json",
            user("u2", "u1", false, "", "second"));

    TestImports.Result result = TestImports.read(log, "claude-code");

    assertThat(result.only().messages())
        .extracting(ImportedMessage::text)
        .containsExactly("first", "second");
    ImportProblem problem = result.skipped().get(0);
    assertThat(problem.line()).isEqualTo(2);
    assertThat(problem.toString())
        .startsWith(log + ", line 2 (byte ")
        .endsWith("): not JSON")
        .doesNotContain("secret");
  }

  @Test
  void withTheFailPolicyABadLineStopsTheImportNamingIt() throws Exception {
    Path log =
        write(
            "s1.jsonl",
            user("u1", null, false, "", "first"),
            "{oops",
            user("u2", "u1", false, "", "x"));
    ImportOptions failing = ImportOptions.defaults().withBadLines(BadLinePolicy.FAIL);

    assertThatThrownBy(() -> TestImports.read(log, "claude-code", failing))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageMatching("Cannot read '.*s1.jsonl': line 2 \\(byte \\d+\\) is not JSON");
  }

  @Test
  void readsIncrementallyLeavingAHalfWrittenLineForLater() throws Exception {
    String first = user("u1", null, false, "", "hello");
    String second = assistant("a1", "u1", false, "", "m1", "hi there");
    Path log = dir.resolve("s1.jsonl");
    Files.writeString(log, first + "\n" + second.substring(0, 30));
    ClaudeCodeImporter importer = new ClaudeCodeImporter();

    LogBatch one = importer.readLog(log, LogPosition.START, false, ImportOptions.defaults());

    assertThat(one.conversations())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.messages())
                    .extracting(ImportedMessage::text)
                    .containsExactly("hello"));
    long firstLength = first.getBytes(StandardCharsets.UTF_8).length + 1;
    assertThat(one.resumeAt()).isEqualTo(new LogPosition(firstLength, 2));

    Files.writeString(log, second.substring(30) + "\n", StandardOpenOption.APPEND);
    LogBatch held = importer.readLog(log, one.resumeAt(), false, ImportOptions.defaults());
    assertThat(held.conversations()).as("the answer may still get parts").isEmpty();
    assertThat(held.resumeAt()).isEqualTo(one.resumeAt());

    LogBatch done = importer.readLog(log, held.resumeAt(), true, ImportOptions.defaults());
    assertThat(done.conversations())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.nativeId()).isEqualTo("s1");
              assertThat(c.projectHint()).isEqualTo("shop");
              assertThat(c.messages()).extracting(ImportedMessage::nativeId).containsExactly("m1");
            });
    assertThat(done.resumeAt()).isEqualTo(new LogPosition(Files.size(log), 3));
  }

  @Test
  void anAnswerIsGivenOnceTheNextPromptClosesIt() throws Exception {
    Path log =
        write(
            "s1.jsonl",
            user("u1", null, false, "", "hello"),
            assistant("a1", "u1", false, "", "m1", "part one"),
            assistant("a2", "a1", false, "", "m1", "part two"),
            user("u2", "a2", false, "", "next question"));

    LogBatch batch =
        new ClaudeCodeImporter().readLog(log, LogPosition.START, false, ImportOptions.defaults());

    assertThat(batch.conversations())
        .singleElement()
        .satisfies(
            c ->
                assertThat(c.messages())
                    .extracting(ImportedMessage::text)
                    .containsExactly("hello", "part one\n\npart two", "next question"));
    assertThat(batch.resumeAt().offset()).isEqualTo(Files.size(log));
  }

  @Test
  void aHalfWrittenLastLineIsReportedAndLeftByAWholeImport() throws Exception {
    Path log = dir.resolve("s1.jsonl");
    Files.writeString(log, user("u1", null, false, "", "hello") + "\n{\"type\":\"user\",\"mess");

    TestImports.Result result = TestImports.read(log, "claude-code");

    assertThat(result.only().messages()).hasSize(1);
    assertThat(result.skipped())
        .singleElement()
        .satisfies(
            p -> {
              assertThat(p.line()).isEqualTo(2);
              assertThat(p.reason()).isEqualTo("half-written last line, left for a later import");
            });
  }

  @Test
  void readingFromBeyondTheEndOfTheFileIsRefused() throws Exception {
    Path log = write("s1.jsonl", user("u1", null, false, "", "hello"));

    assertThatThrownBy(
            () ->
                new ClaudeCodeImporter()
                    .readLog(log, new LogPosition(10_000, 5), true, ImportOptions.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot read '" + log + "' from byte 10000: the file is shorter");
  }

  @Test
  void aLogWithoutMessagesIsReportedAndTheOthersRead() throws Exception {
    write("a.jsonl", user("u1", null, false, "", "hello"));
    write("b.jsonl", "{\"type\":\"file-history-snapshot\",\"messageId\":\"x\",\"snapshot\":{}}");

    TestImports.Result result = TestImports.read(dir, "claude-code");

    assertThat(result.only().messages()).hasSize(1);
    assertThat(result.skipped())
        .extracting(ImportProblem::toString)
        .containsExactly(dir.resolve("b.jsonl") + ": no messages");
  }

  private Path write(String name, String... lines) throws Exception {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  private static int indexOf(List<ImportedMessage> messages, String id) {
    List<String> ids = new ArrayList<>();
    messages.forEach(m -> ids.add(m.nativeId()));
    return ids.indexOf(id);
  }

  static String user(String uuid, String parent, boolean side, String agent, String text) {
    return "{\"type\":\"user\",\"uuid\":\""
        + uuid
        + "\",\"parentUuid\":"
        + (parent == null ? "null" : "\"" + parent + "\"")
        + ",\"isSidechain\":"
        + side
        + (agent.isEmpty() ? "" : ",\"agentId\":\"" + agent + "\"")
        + ","
        + SESSION
        + ",\"timestamp\":\"2026-03-01T10:00:00Z\",\"message\":{\"role\":\"user\",\"content\":\""
        + text
        + "\"}}";
  }

  static String assistant(
      String uuid, String parent, boolean side, String agent, String id, String text) {
    return "{\"type\":\"assistant\",\"uuid\":\""
        + uuid
        + "\",\"parentUuid\":\""
        + parent
        + "\",\"isSidechain\":"
        + side
        + (agent.isEmpty() ? "" : ",\"agentId\":\"" + agent + "\"")
        + ","
        + SESSION
        + ",\"timestamp\":\"2026-03-01T10:00:01Z\",\"message\":{\"id\":\""
        + id
        + "\",\"role\":\"assistant\",\"model\":\"claude-x\",\"content\":[{\"type\":\"text\",\"text\":\""
        + text
        + "\"}]}}";
  }
}
