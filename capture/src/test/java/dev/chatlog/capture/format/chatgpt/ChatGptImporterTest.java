package dev.chatlog.capture.format.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.TestImports;
import dev.chatlog.capture.format.Json;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.Actor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ChatGptImporterTest {
  @TempDir Path dir;

  @Test
  void readsTheActiveBranchOfTheRealExportInOrder() {
    TestImports.Result result =
        TestImports.read(TestImports.sample("chatgpt/conversations.json"), null);

    assertThat(result.format()).isEqualTo("chatgpt");
    ImportedConversation conversation = result.only();
    assertThat(conversation.nativeId()).isEqualTo("966da5c4-5bb7-4e4d-ab6d-a7316b96266e");
    assertThat(conversation.title()).isEqualTo("Average Distance in U(0,1)");
    assertThat(conversation.models()).containsExactly("gpt-4-code-interpreter");
    List<ImportedMessage> messages = conversation.messages();
    // 45 nodes on the path: the root has no message and two system messages are hidden
    assertThat(messages).hasSize(42);
    assertThat(messages).filteredOn(m -> m.actor() == Actor.USER).hasSize(8);
    assertThat(messages).filteredOn(m -> m.actor() == Actor.ASSISTANT).hasSize(23);
    assertThat(messages).filteredOn(m -> m.actor() == Actor.TOOL).hasSize(11);
    assertThat(messages).noneMatch(m -> m.actor() == Actor.SYSTEM);

    ImportedMessage first = messages.get(0);
    assertThat(first.nativeId()).isEqualTo("aaa22f3c-c635-4d92-8b01-5e8c4f5a8a8a");
    assertThat(first.actor()).isEqualTo(Actor.USER);
    assertThat(first.time()).isEqualTo(Instant.parse("2023-09-21T19:57:53.969279Z"));
    assertThat(first.text())
        .startsWith("given two random independent variables x,y in U(0,1), what is the average");
    ImportedMessage last = messages.get(messages.size() - 1);
    assertThat(last.nativeId()).isEqualTo("875ad56f-8b75-4e69-9fdc-f96acf212f9c");
    assertThat(last.actor()).isEqualTo(Actor.ASSISTANT);
    assertThat(last.text()).startsWith("Here's the updated graph with the mean split frequency");
    assertThat(last.label("model")).isEqualTo("gpt-4-code-interpreter");
    assertThat(messages)
        .extracting(ImportedMessage::time)
        .isSortedAccordingTo(java.util.Comparator.naturalOrder());
  }

  @Test
  void rendersCodeFromContentTextAsACallAndExecutionOutputAsAToolResult() {
    List<ImportedMessage> messages =
        TestImports.read(TestImports.sample("chatgpt/conversations.json"), "chatgpt")
            .only()
            .messages();

    ImportedMessage code = messages.get(2);
    assertThat(code.actor()).isEqualTo(Actor.ASSISTANT);
    assertThat(code.text())
        .startsWith("→ python\n```\nfrom sympy import symbols, integrate, Abs")
        .endsWith("integral\n```");
    ImportedMessage output = messages.get(3);
    assertThat(output.actor()).isEqualTo(Actor.TOOL);
    assertThat(output.text()).isEqualTo("← python\n```\n0\n```");
  }

  @Test
  void importsOnlyTheBranchTheUserSawUnlessAllBranchesAreAsked() throws Exception {
    Path export = Files.writeString(dir.resolve("conversations.json"), branchingExport());

    ImportedConversation active = TestImports.read(export, "chatgpt").only();
    assertThat(active.nativeId()).isEqualTo("c1");
    assertThat(active.messages())
        .extracting(ImportedMessage::text)
        .containsExactly("question", "second answer", "thanks");
    assertThat(active.labels()).isEmpty();

    List<ImportedConversation> all =
        TestImports.read(export, "chatgpt", ImportOptions.defaults().withAllBranches(true))
            .conversations();
    assertThat(all).extracting(ImportedConversation::nativeId).containsExactly("c1", "c1#a1");
    assertThat(all.get(0).label("branch")).isEqualTo("u2");
    ImportedConversation other = all.get(1);
    assertThat(other.label("branch")).isEqualTo("a1");
    assertThat(other.label("branch-of")).isEqualTo("c1");
    assertThat(other.title()).isEqualTo("Branches (branch 2)");
    assertThat(other.messages())
        .extracting(ImportedMessage::text)
        .containsExactly("question", "first answer");
  }

  @Test
  void readsTimesThatAreNullOrFloatSeconds() throws Exception {
    Path export = Files.writeString(dir.resolve("conversations.json"), branchingExport());

    List<ImportedMessage> messages = TestImports.read(export, "chatgpt").only().messages();

    assertThat(messages.get(0).time()).isEqualTo(Instant.parse("2024-01-01T00:00:00.250Z"));
    assertThat(messages.get(2).time()).isNull();
  }

  @Test
  void fallsBackToTheLastLeafWhenCurrentNodeIsMissingAndSurvivesACycle() throws Exception {
    ObjectNode conversation = conversation("c2", "Cycle");
    ObjectNode mapping = conversation.putObject("mapping");
    node(mapping, "x", "y", "user", "one", null);
    node(mapping, "y", "x", "assistant", "two", null);
    mapping.withObject("x").putArray("children").add("y");
    conversation.remove("current_node");
    Path export =
        Files.writeString(
            dir.resolve("conversations.json"), "[" + Json.compact(conversation) + "]");

    ImportedConversation read = TestImports.read(export, "chatgpt").only();

    assertThat(read.messages()).extracting(ImportedMessage::text).containsExactly("one", "two");
  }

  @Test
  void skipsAndReportsAConversationWithoutMessages() throws Exception {
    ObjectNode empty = conversation("empty", "Nothing");
    node(empty.putObject("mapping"), "root", null, "system", "", null);
    empty.put("current_node", "root");
    ArrayNode export = Json.MAPPER.createArrayNode();
    export.add(empty);
    export.add(Json.MAPPER.readTree(branchingExport()).get(0));
    Path file = Files.writeString(dir.resolve("conversations.json"), Json.compact(export));

    TestImports.Result result = TestImports.read(file, "chatgpt");

    assertThat(result.conversations())
        .extracting(ImportedConversation::nativeId)
        .containsExactly("c1");
    assertThat(result.skipped())
        .singleElement()
        .hasToString(file + ": conversation empty has no messages");
  }

  @Test
  void aTruncatedExportYieldsTheConversationsBeforeTheCutThenFails() throws Exception {
    String whole = "[" + Json.compact(Json.MAPPER.readTree(branchingExport()).get(0)) + ",";
    String cut = whole + "{\"title\":\"cut\",\"mapping\":{\"n\":{\"id\":";
    Path file = Files.writeString(dir.resolve("conversations.json"), cut);
    List<String> read = new java.util.ArrayList<>();

    assertThatThrownBy(
            () -> {
              try (var reader =
                  TestImports.IMPORTERS.open(file, "chatgpt", ImportOptions.defaults())) {
                reader.conversations().forEach(c -> read.add(c.nativeId()));
              }
            })
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "Cannot read '" + file + "': the JSON ends early (a truncated file?) at line 1");
    assertThat(read).containsExactly("c1");
  }

  /** A conversation with a regenerated answer: u1 → a1 (abandoned), u1 → a2 → u2 (current). */
  static String branchingExport() {
    ObjectNode conversation = conversation("c1", "Branches");
    ObjectNode mapping = conversation.putObject("mapping");
    node(mapping, "root", null, null, null, null).putArray("children").add("u1");
    node(mapping, "u1", "root", "user", "question", 1704067200.25)
        .putArray("children")
        .add("a1")
        .add("a2");
    node(mapping, "a1", "u1", "assistant", "first answer", 1704067201.0);
    node(mapping, "a2", "u1", "assistant", "second answer", 1704067202.0)
        .putArray("children")
        .add("u2");
    node(mapping, "u2", "a2", "user", "thanks", null);
    conversation.put("current_node", "u2");
    return "[" + Json.compact(conversation) + "]";
  }

  private static ObjectNode conversation(String id, String title) {
    ObjectNode conversation = Json.MAPPER.createObjectNode();
    conversation.put("title", title);
    conversation.put("create_time", 1704067200.0);
    conversation.put("conversation_id", id);
    conversation.put("current_node", "");
    return conversation;
  }

  private static ObjectNode node(
      ObjectNode mapping, String id, String parent, String role, String text, Double time) {
    ObjectNode node = mapping.putObject(id);
    node.put("id", id);
    node.put("parent", parent);
    node.putArray("children");
    if (role == null) {
      node.putNull("message");
      return node;
    }
    ObjectNode message = node.putObject("message");
    message.put("id", id);
    message.putObject("author").put("role", role);
    if (time == null) {
      message.putNull("create_time");
    } else {
      message.put("create_time", time);
    }
    ObjectNode content = message.putObject("content");
    content.put("content_type", "text");
    content.putArray("parts").add(text);
    message.putObject("metadata");
    message.put("recipient", "all");
    return node;
  }
}
