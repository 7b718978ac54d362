package dev.chatlog.capture.format.claude;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.capture.TestImports;
import dev.chatlog.capture.Zips;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.model.Actor;
import java.nio.file.Path;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ClaudeImporterTest {
  @TempDir Path dir;

  @Test
  void readsAnExportZipWithBlocksAttachmentsAndProjectNames() throws Exception {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("users.json", "[{\"uuid\":\"u\",\"full_name\":\"Me\"}]");
    entries.put("projects.json", "[{\"uuid\":\"p1\",\"name\":\"Shop\",\"docs\":[]}]");
    entries.put(
        "conversations.json",
        "[{\"uuid\":\"c1\",\"name\":\"Checkout retries\",\"summary\":\"Retry budget.\\nAgreed.\","
            + "\"project_uuid\":\"p1\",\"created_at\":\"2025-11-17T05:34:19.504762Z\",\"chat_messages\":["
            + "{\"uuid\":\"m1\",\"sender\":\"human\",\"created_at\":\"2025-11-17T05:34:21.730215Z\","
            + "\"text\":\"Why do retries stop?\",\"content\":[{\"type\":\"text\",\"text\":\"Why do retries stop?\"}],"
            + "\"attachments\":[{\"file_name\":\"log.txt\",\"file_size\":9,\"extracted_content\":\"timeout x2\"}],"
            + "\"files\":[{\"file_name\":\"shot.png\"}]},"
            + "{\"uuid\":\"m2\",\"sender\":\"assistant\",\"created_at\":\"2025-11-17T05:34:22.721191+00:00\","
            + "\"content\":[{\"type\":\"thinking\",\"thinking\":\"private\"},"
            + "{\"type\":\"tool_use\",\"name\":\"web_search\",\"input\":{\"query\":\"retry budget\"}},"
            + "{\"type\":\"tool_result\",\"name\":\"web_search\",\"content\":[{\"type\":\"text\",\"text\":\"3 results\"}]},"
            + "{\"type\":\"text\",\"text\":\"The budget is 2.\"}]}]},"
            + "{\"uuid\":\"c2\",\"name\":\"Old one\",\"chat_messages\":["
            + "{\"uuid\":\"n1\",\"sender\":\"human\",\"text\":\"hello\",\"created_at\":\"2024-01-01T00:00:00Z\"}]}]");
    Path zip = Zips.write(dir.resolve("claude-export.zip"), entries);

    TestImports.Result result = TestImports.read(zip, null);

    assertThat(result.format()).isEqualTo("claude");
    assertThat(result.conversations())
        .extracting(ImportedConversation::nativeId)
        .containsExactly("c1", "c2");
    ImportedConversation first = result.byId("c1");
    assertThat(first.title()).isEqualTo("Checkout retries");
    assertThat(first.projectHint()).isEqualTo("Shop");
    assertThat(first.summary()).isEqualTo("Retry budget. Agreed.");
    assertThat(first.origin()).isEqualTo(zip + "!conversations.json");
    List<ImportedMessage> messages = first.messages();
    assertThat(messages)
        .extracting(ImportedMessage::actor)
        .containsExactly(Actor.USER, Actor.ASSISTANT);
    assertThat(messages.get(0).time()).isEqualTo(Instant.parse("2025-11-17T05:34:21.730215Z"));
    assertThat(messages.get(0).text())
        .isEqualTo(
            "Why do retries stop?\n\nAttachment: log.txt\n```\ntimeout x2\n```\n\nFile: shot.png");
    assertThat(messages.get(1).text())
        .isEqualTo(
            "→ web_search {\"query\":\"retry budget\"}\n\n← web_search\n```\n3 results\n```\n\n"
                + "The budget is 2.");
    assertThat(result.byId("c2").projectHint()).isEmpty();
  }

  @Test
  void keepsOnlyTheBranchEndingAtTheCurrentLeaf() throws Exception {
    Path file =
        TestImports.write(
            dir,
            "conversations.json",
            "[{\"uuid\":\"c1\",\"name\":\"Edited\",\"current_leaf_message_uuid\":\"m4\",\"chat_messages\":["
                + message("m1", "00000000-0000-4000-8000-000000000000", "human", "question")
                + ","
                + message("m2", "m1", "assistant", "old answer")
                + ","
                + message("m3", "m1", "assistant", "new answer")
                + ","
                + message("m4", "m3", "human", "thanks")
                + "]}]");

    ImportedConversation conversation = TestImports.read(file, "claude").only();

    assertThat(conversation.messages())
        .extracting(ImportedMessage::text)
        .containsExactly("question", "new answer", "thanks");
  }

  private static String message(String id, String parent, String sender, String text) {
    return "{\"uuid\":\""
        + id
        + "\",\"parent_message_uuid\":\""
        + parent
        + "\",\"sender\":\""
        + sender
        + "\",\"text\":\""
        + text
        + "\",\"created_at\":\"2025-01-01T00:00:00Z\"}";
  }
}
