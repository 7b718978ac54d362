package dev.chatlog.capture.store;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.ChatLog;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.capture.redact.Redactor;
import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.testing.ForwardingBlobStore;
import dev.chatlog.testing.MemoryBlobStore;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ConversationWriterTest {
  private static final String KEY = "AKIA" + "Z7XQ2MLK4PQRSTUV";

  private final ChatLog chatLog = MemoryBlobStore.newChatLog();

  @AfterEach
  void close() {
    chatLog.close();
  }

  private static ImportedMessage message(int n, String text) {
    return ImportedMessage.of(
        "m" + n, n % 2 == 0 ? Actor.USER : Actor.ASSISTANT, Instant.ofEpochSecond(n), text);
  }

  private static ImportedConversation conversation(String title, List<ImportedMessage> messages) {
    return new ImportedConversation(
        "claude-code", "s1", title, "shop", "", "log.jsonl", null, null, null, messages);
  }

  private static List<ImportedMessage> messages(int from, int to) {
    List<ImportedMessage> messages = new ArrayList<>();
    for (int n = from; n < to; n++) {
      messages.add(message(n, "message " + n));
    }
    return messages;
  }

  /** Writes one conversation as an import does: a batch of one. */
  private static ConversationWriter.Outcome write(
      ConversationWriter writer, ImportedConversation conversation) {
    List<ConversationWriter.Outcome> outcomes = new ArrayList<>();
    try (ConversationWriter.Batch batch = writer.batch(outcomes::add)) {
      batch.add(conversation);
    }
    return outcomes.get(0);
  }

  private List<Chunk> stored() {
    List<Chunk> chunks = new ArrayList<>();
    for (ChunkMeta meta : chatLog.list(ChunkFilter.all(), 1000)) {
      chunks.add(chatLog.show(meta.id()).orElseThrow());
    }
    return chunks;
  }

  private String bodies() {
    StringBuilder all = new StringBuilder();
    for (Chunk chunk : stored()) {
      all.append(chunk.meta()).append('\n').append(chunk.body()).append('\n');
    }
    return all.toString();
  }

  @Test
  void aPartReadFromAPositionFollowsWhatIsStoredUnderItsFirstTopic() {
    ConversationWriter writer = new ConversationWriter(chatLog, null, false);
    ConversationWriter.Outcome first = writer.append(conversation("fix the login", messages(0, 4)));
    assertThat(first.newMessages()).isEqualTo(4);
    assertThat(first.topic()).isEqualTo("fix the login");

    ConversationWriter.Outcome next = writer.append(conversation("and then", messages(4, 6)));
    assertThat(next.newMessages()).isEqualTo(2);
    assertThat(next.chunksWritten()).isEqualTo(1);
    assertThat(next.topic()).isEqualTo("fix the login");
    assertThat(stored()).extracting(chunk -> chunk.meta().topic()).containsOnly("fix the login");
    assertThat(bodies()).contains("message 0", "message 5");
  }

  @Test
  void aPartReadAgainAfterACrashAddsOnlyWhatIsMissing() {
    ConversationWriter writer = new ConversationWriter(chatLog, null, false);
    writer.append(conversation("t", messages(0, 3)));
    ConversationWriter.Outcome again = writer.append(conversation("t", messages(0, 5)));
    assertThat(again.newMessages()).isEqualTo(2);
    assertThat(writer.append(conversation("t", messages(3, 5))).newMessages()).isZero();
    assertThat(bodies().split("message 1\n", -1)).hasSize(2);
  }

  @Test
  void aWholeConversationWhoseIdsChangedIsCountedAsBefore() {
    ConversationWriter writer = new ConversationWriter(chatLog, null, false);
    write(writer, conversation("t", messages(0, 3)));
    List<ImportedMessage> renamed = new ArrayList<>();
    for (int n = 0; n < 4; n++) {
      renamed.add(ImportedMessage.of("other" + n, Actor.USER, null, "message " + n));
    }
    assertThat(write(writer, conversation("t", renamed)).newMessages()).isEqualTo(1);
  }

  @Test
  void secretsAreRedactedFromTextTitleAndSummaryBeforeAnythingIsWritten() {
    ConversationWriter writer = new ConversationWriter(chatLog, null, false, Redactor.defaults());
    ImportedConversation conversation =
        new ImportedConversation(
            "claude-code",
            "s1",
            "use " + KEY,
            "shop",
            "rotated " + KEY,
            "log.jsonl",
            null,
            null,
            null,
            List.of(message(0, "my key is " + KEY), message(1, "noted: " + KEY)));
    ConversationWriter.Outcome outcome = write(writer, conversation);
    assertThat(outcome.redactions()).containsExactly(Map.entry("aws-access-token", 3));
    assertThat(outcome.topic()).isEqualTo("use [REDACTED:aws-access-token]");
    assertThat(bodies()).doesNotContain(KEY).contains("my key is [REDACTED:aws-access-token]");

    ConversationWriter.Outcome again = write(writer, conversation);
    assertThat(again.newMessages()).isZero();
    assertThat(again.chunksWritten()).isZero();
    assertThat(again.redactions()).isEmpty();
  }

  @Test
  void theSameInputRedactedTwiceIsTheSameChunk() {
    ImportedConversation conversation =
        conversation("t", List.of(message(0, "key " + KEY), message(1, "ok")));
    write(new ConversationWriter(chatLog, null, false, Redactor.defaults()), conversation);
    ChatLog other = MemoryBlobStore.newChatLog();
    try (other) {
      write(new ConversationWriter(other, null, false, Redactor.defaults()), conversation);
      ChunkMeta mine = chatLog.list(ChunkFilter.all(), 1).get(0);
      ChunkMeta theirs = other.list(ChunkFilter.all(), 1).get(0);
      assertThat(theirs.sha256()).isEqualTo(mine.sha256());
    }
  }

  @Test
  void withoutRedactionTextIsKeptAndADryRunWritesNothing() {
    ImportedConversation conversation = conversation("t", List.of(message(0, "key " + KEY)));
    ConversationWriter.Outcome dry =
        write(new ConversationWriter(chatLog, null, true, Redactor.defaults()), conversation);
    assertThat(dry.chunksWritten()).isEqualTo(1);
    assertThat(dry.redactions()).containsEntry("aws-access-token", 1);
    assertThat(stored()).isEmpty();
    write(new ConversationWriter(chatLog, "mine", false, Redactor.none()), conversation);
    assertThat(bodies()).contains(KEY);
  }

  private static ImportedConversation conversation(String id, int messages) {
    List<ImportedMessage> all = new ArrayList<>();
    for (int n = 0; n < messages; n++) {
      all.add(message(n, id + " says " + n + " " + "words ".repeat(100)));
    }
    return new ImportedConversation(
        "chatgpt", id, "title " + id, null, "", "export.json", null, null, null, all);
  }

  @Test
  void aBatchReportsEachConversationInOrderOnceItsChunksAreSaved() {
    List<ConversationWriter.Outcome> outcomes = new ArrayList<>();
    try (ConversationWriter.Batch batch =
        new ConversationWriter(chatLog, null, false).batch(outcomes::add)) {
      for (int c = 0; c < 600; c++) {
        batch.add(conversation("c" + c, 30));
      }
    }
    assertThat(outcomes)
        .extracting(ConversationWriter.Outcome::session)
        .hasSize(600)
        .startsWith("c0", "c1")
        .endsWith("c599");
    int written = outcomes.stream().mapToInt(ConversationWriter.Outcome::chunksWritten).sum();
    assertThat(written)
        .isGreaterThan(256)
        .isEqualTo(chatLog.list(ChunkFilter.all(), 10_000).size());
    assertThat(outcomes)
        .allMatch(outcome -> outcome.newMessages() == 30 && outcome.chunksWritten() > 0);
  }

  @Test
  void nothingAfterAFailedSaveIsWrittenAndItsErrorReachesTheCaller() {
    AtomicInteger chunkPuts = new AtomicInteger();
    BlobStore failingOnce =
        new ForwardingBlobStore(new MemoryBlobStore()) {
          @Override
          public String put(String key, byte[] data, PutCondition condition) {
            if (key.startsWith("chunks/") && chunkPuts.incrementAndGet() == 257) {
              throw new StorageException("Cannot put " + key + ": disk full", false);
            }
            return super.put(key, data, condition);
          }
        };
    List<ConversationWriter.Outcome> outcomes = new ArrayList<>();
    try (ChatLog failing =
        ChatLog.over(
            BlobChunkStore.open(failingOnce, Map.of()),
            ChatLogConfig.forStore(URI.create("memory:/")))) {
      ConversationWriter.Batch batch =
          new ConversationWriter(failing, null, false).batch(outcomes::add);
      assertThatThrownBy(
              () -> {
                try (batch) {
                  for (int c = 0; c < 1500; c++) {
                    batch.add(conversation("c" + c, 30));
                  }
                }
              })
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("disk full");

      List<ChunkMeta> stored = failing.list(ChunkFilter.all(), 100_000);
      int written = outcomes.stream().mapToInt(ConversationWriter.Outcome::chunksWritten).sum();
      assertThat(written).isEqualTo(256);
      assertThat(stored).hasSize(written);
    }
  }

  @Test
  void aBatchImportingWhatIsStoredWritesNothingAndAddsOnlyWhatGrew() {
    try (ConversationWriter.Batch batch =
        new ConversationWriter(chatLog, null, false).batch(outcome -> {})) {
      batch.add(conversation("a", 10));
      batch.add(conversation("b", 4));
    }
    int stored = chatLog.list(ChunkFilter.all(), 10_000).size();
    List<ConversationWriter.Outcome> again = new ArrayList<>();
    try (ConversationWriter.Batch batch =
        new ConversationWriter(chatLog, null, false).batch(again::add)) {
      batch.add(conversation("a", 10));
      batch.add(conversation("b", 6));
      batch.add(conversation("b", 6)); // the same conversation twice in one export
    }
    assertThat(again).extracting(ConversationWriter.Outcome::newMessages).containsExactly(0, 2, 0);
    assertThat(again.get(1).topic()).isEqualTo("title b");
    assertThat(chatLog.list(ChunkFilter.all(), 10_000))
        .hasSize(stored + again.get(1).chunksWritten());
    assertThat(bodies()).contains("b says 5 ").containsOnlyOnce("b says 5 ");
  }

  @Test
  void aDryRunBatchPlansWithoutWriting() {
    List<ConversationWriter.Outcome> outcomes = new ArrayList<>();
    ConversationWriter.Batch batch =
        new ConversationWriter(chatLog, null, true).batch(outcomes::add);
    try (batch) {
      batch.add(conversation("a", 10));
      batch.add(conversation("a", 10));
    }
    assertThat(outcomes).extracting(ConversationWriter.Outcome::newMessages).containsExactly(10, 0);
    assertThat(outcomes.get(0).chunksWritten()).isPositive();
    assertThat(stored()).isEmpty();
    assertThat(batch.storeMark("chatgpt")).isEmpty();
  }

  @Test
  void aClosedBatchGivesTheMarkThatAListingOfTheStoreGives() {
    ConversationWriter writer = new ConversationWriter(chatLog, null, false);
    writer.append(conversation("another format", messages(0, 4)));
    try (ConversationWriter.Batch first = writer.batch(outcome -> {})) {
      first.add(conversation("a", 10));
      first.add(conversation("b", 4));
    }
    ConversationWriter.Batch batch = writer.batch(outcome -> {});
    try (batch) {
      batch.add(conversation("a", 10)); // stored already: nothing to save
      batch.add(conversation("b", 6)); // grown: its new messages are saved
      for (int c = 0; c < 300; c++) {
        batch.add(conversation("c" + c, 30)); // more than one save
      }
    }
    String listed = ImportRecords.storeMark(chatLog, "chatgpt");
    assertThat(listed).doesNotStartWith("0:");
    assertThat(batch.storeMark("chatgpt")).contains(listed);
    assertThat(batch.storeMark("claude-code")).isEmpty();
  }
}
