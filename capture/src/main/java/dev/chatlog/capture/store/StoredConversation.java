package dev.chatlog.capture.store;

import dev.chatlog.SaveRequest;
import dev.chatlog.capture.model.ImportLabels;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.model.ChunkMeta;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * What the store holds of one imported conversation, learnt from its chunks' labels: the topic it
 * was first saved under, the native ids of its chunks' last messages, and how many messages its
 * chunks hold. Enough to tell which of a conversation's messages are new.
 */
final class StoredConversation {
  private final Set<String> lastIds = new HashSet<>();
  private String topic;
  private int messages;

  /** What the chunks, newest first as the store lists them, hold. */
  static StoredConversation of(List<ChunkMeta> newestFirst) {
    StoredConversation stored = new StoredConversation();
    newestFirst.forEach(stored::addOlder);
    return stored;
  }

  /** Adds a chunk saved before those added so far: its topic is the conversation's first. */
  void addOlder(ChunkMeta meta) {
    topic = meta.topic();
    addLabels(meta.labels());
  }

  /** Adds a chunk saved after those added so far. */
  void addNewer(SaveRequest request) {
    topic = topic == null ? request.topic() : topic;
    addLabels(request.labels());
  }

  private void addLabels(Map<String, List<String>> labels) {
    lastIds.addAll(labels.getOrDefault(ConversationWriter.LAST_MESSAGE, List.of()));
    for (String count : labels.getOrDefault(ConversationWriter.MESSAGES, List.of())) {
      messages += Integer.parseInt(count);
    }
  }

  /** The topic of the conversation's first chunk; {@code null} when nothing is stored. */
  String topic() {
    return topic;
  }

  /**
   * How many of the messages, from the first, the store holds already: up to the last message of
   * the furthest chunk whose last message is among them; when none is, by count for a whole
   * conversation, none for a part.
   */
  int alreadyImported(List<ImportedMessage> imported, boolean part) {
    if (topic == null) {
      return 0;
    }
    for (int i = imported.size() - 1; i >= 0; i--) {
      String id = imported.get(i).nativeId();
      if (!id.isEmpty() && lastIds.contains(ImportLabels.value(id))) {
        return i + 1;
      }
    }
    return part ? 0 : Math.min(messages, imported.size());
  }
}
