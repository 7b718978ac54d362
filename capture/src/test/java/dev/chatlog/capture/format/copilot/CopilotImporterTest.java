package dev.chatlog.capture.format.copilot;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatlog.capture.TestImports;
import dev.chatlog.capture.format.Json;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.model.Actor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CopilotImporterTest {
  @TempDir Path dir;

  @Test
  void readsTheExportedChatWithEachAnswerMergedFromItsParts() {
    TestImports.Result result =
        TestImports.read(TestImports.sample("copilot-vscode/chat.json"), null);

    assertThat(result.format()).isEqualTo("copilot");
    ImportedConversation chat = result.only();
    assertThat(chat.nativeId()).isEqualTo("request_2a622857-c442-47c6-8d5e-e8236c2065ef");
    assertThat(chat.title())
        .isEqualTo(
            "I want to create a Repo Organizer that Helps me organize my own github repos, and any I've starred.");
    assertThat(chat.models()).containsExactly("copilot/claude-sonnet-4");
    List<ImportedMessage> messages = chat.messages();
    assertThat(messages).hasSize(16);
    for (int i = 0; i < messages.size(); i++) {
      assertThat(messages.get(i).actor()).isEqualTo(i % 2 == 0 ? Actor.USER : Actor.ASSISTANT);
    }
    ImportedMessage first = messages.get(0);
    assertThat(first.time()).isEqualTo(Instant.ofEpochMilli(1757720474534L));
    assertThat(first.text()).startsWith("I want to create a Repo Organizer");
    ImportedMessage answer = messages.get(1);
    assertThat(answer.nativeId()).isEqualTo("response_9508662a-ed8e-4332-b0a2-fc2591200128");
    assertThat(answer.time()).isEqualTo(Instant.ofEpochMilli(1757720474534L + 57939));
    assertThat(answer.text())
        .startsWith(
            "I'll help you create a comprehensive PRD for your Repo Organizer app. Let me first read"
                + " the current PRD template to understand the structure and then discuss the key"
                + " aspects before making changes. \n→ Read PRD.md\nNow let me also check");
    assertThat(answer.text()).doesNotContain("Optimizing tool selection", "file:///");
    assertThat(messages.get(9).label("status")).isEqualTo("failed");
    assertThat(messages.get(9).text()).contains("(failed: Sorry, your request failed.");
    assertThat(messages.get(11).text()).contains("→ Created BRAINSTORM.md\n(edited BRAINSTORM.md)");
    ImportedMessage last = messages.get(15);
    assertThat(last.text()).startsWith("Yes! In VS Code, you can export your chat history.");
    assertThat(last.labels()).doesNotContainKey("status");
  }

  @Test
  void aChatStillRunningIsImportedAsFarAsItGoes() throws Exception {
    ObjectNode chat =
        (ObjectNode)
            Json.MAPPER.readTree(Files.readString(TestImports.sample("copilot-vscode/chat.json")));
    ArrayNode requests = (ArrayNode) chat.get("requests");
    ObjectNode running = (ObjectNode) requests.get(requests.size() - 1);
    running.remove("result");
    ArrayNode parts = (ArrayNode) running.get("response");
    parts.removeAll();
    parts.addObject().put("value", "Yes! In VS Code, you can");
    Path file = Files.writeString(dir.resolve("chat.json"), Json.compact(chat));

    ImportedMessage last = TestImports.read(file, "copilot").only().messages().get(15);

    assertThat(last.actor()).isEqualTo(Actor.ASSISTANT);
    assertThat(last.text()).isEqualTo("Yes! In VS Code, you can");
    assertThat(last.label("status")).isEqualTo("incomplete");
    assertThat(last.time()).isEqualTo(Instant.ofEpochMilli(1757723745296L));
  }

  @Test
  void readsStoredSessionsWithTheirTitleAndWorkspaceFolder() throws Exception {
    Path storage = dir.resolve("workspaceStorage");
    TestImports.write(
        storage, "abc123/workspace.json", "{\"folder\":\"file:///home/me/repo-organizer\"}");
    TestImports.write(storage, "abc123/state.json", "{\"other\":1}");
    TestImports.write(
        storage,
        "abc123/chatSessions/5e1d.json",
        "{\"version\":3,\"sessionId\":\"5e1d\",\"customTitle\":\"Plan the PRD\",\"requests\":["
            + "{\"requestId\":\"r1\",\"timestamp\":1757720474534,\"message\":{\"text\":\"hi\"},"
            + "\"response\":[{\"value\":\"Hello\"},{\"kind\":\"inlineReference\",\"inlineReference\":"
            + "{\"path\":\"/home/me/repo-organizer/PRD.md\"}},{\"value\":\" is there.\"}],"
            + "\"responseId\":\"p1\",\"result\":{\"timings\":{\"totalElapsed\":1000}}}]}");

    TestImports.Result result = TestImports.read(storage, null);

    ImportedConversation chat = result.only();
    assertThat(chat.nativeId()).isEqualTo("5e1d");
    assertThat(chat.title()).isEqualTo("Plan the PRD");
    assertThat(chat.projectHint()).isEqualTo("repo-organizer");
    assertThat(chat.messages())
        .extracting(ImportedMessage::text)
        .containsExactly("hi", "Hello`PRD.md` is there.");
    assertThat(result.skipped()).isEmpty();
  }
}
