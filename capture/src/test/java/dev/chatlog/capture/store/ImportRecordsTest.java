package dev.chatlog.capture.store;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.ChatLog;
import dev.chatlog.SaveRequest;
import dev.chatlog.testing.MemoryBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ImportRecordsTest {
  @TempDir Path temp;

  private final ChatLog chatLog = MemoryBlobStore.newChatLog();

  @AfterEach
  void close() {
    chatLog.close();
  }

  private static final ConversationWriter.Outcome IMPORTED =
      new ConversationWriter.Outcome("shop", "Retry budget", "s1", 42, 42, 2, 0, Map.of("aws", 1));

  private void saveFrom(String source) {
    chatLog.save(SaveRequest.of("hello from " + source).withSource(source));
  }

  /** The record of the file as it is now, in the scope {@code scope}. */
  private ImportRecords.Record recordOf(Path export, String scope, String format) {
    return new ImportRecords(temp.resolve("records"), scope).of(export, format);
  }

  private ImportRecords.Record recordOf(Path export) {
    return recordOf(export, "scope", "chatgpt");
  }

  /** Records an import of the file as it is now, into the store as it is now. */
  private void recorded(Path export) {
    recordOf(export).save(List.of(IMPORTED), ImportRecords.storeMark(chatLog, "chatgpt"));
  }

  @Test
  void anUnchangedFileGivesEveryConversationWithNothingNew() throws IOException {
    Path export = Files.writeString(temp.resolve("conversations.json"), "[]");
    saveFrom("chatgpt");
    recorded(export);

    assertThat(recordOf(export).unchanged(chatLog))
        .contains(
            List.of(
                new ConversationWriter.Outcome(
                    "shop", "Retry budget", "s1", 42, 0, 0, 0, Map.of())));
  }

  @Test
  void aChangedFileOrStoreOrAnotherScopeHasNoAnswer() throws IOException {
    Path export = Files.writeString(temp.resolve("conversations.json"), "[]");
    recorded(export);
    saveFrom("claude");
    assertThat(recordOf(export).unchanged(chatLog)).as("another format's chunk").isPresent();
    assertThat(recordOf(export, "other", "chatgpt").unchanged(chatLog)).isEmpty();
    assertThat(recordOf(export, "scope", "claude").unchanged(chatLog)).isEmpty();

    saveFrom("chatgpt");
    assertThat(recordOf(export).unchanged(chatLog)).as("a chunk of the format since").isEmpty();

    recorded(export);
    Files.writeString(export, "[ ]");
    assertThat(recordOf(export).unchanged(chatLog)).as("a file of another size").isEmpty();

    recorded(export);
    Files.writeString(export, "[\t]");
    assertThat(recordOf(export).unchanged(chatLog)).as("same size, other bytes").isEmpty();
  }

  @Test
  void aFileThatChangesWhileItIsImportedGetsNoRecord() throws IOException {
    Path export = Files.writeString(temp.resolve("session.jsonl"), "{}\n");
    ImportRecords.Record record = recordOf(export);
    Files.writeString(export, "{}\n{}\n");

    record.save(List.of(IMPORTED), ImportRecords.storeMark(chatLog, "chatgpt"));

    assertThat(temp.resolve("records")).doesNotExist();
    assertThat(recordOf(export).unchanged(chatLog)).isEmpty();
  }

  @Test
  void anUnreadableRecordHasNoAnswer() throws IOException {
    Path export = Files.writeString(temp.resolve("conversations.json"), "[]");
    recorded(export);
    try (var files = Files.list(temp.resolve("records"))) {
      for (Path file : files.toList()) {
        Files.writeString(file, "{\"version\": 1");
      }
    }

    assertThat(recordOf(export).unchanged(chatLog)).isEmpty();
  }
}
