package dev.chatlog.capture.store;

import static java.util.Objects.requireNonNull;

import dev.chatlog.ChatLog;
import dev.chatlog.SaveRequest;
import dev.chatlog.SaveResult;
import dev.chatlog.capture.model.ImportLabels;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.capture.render.MessageSections;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.text.ChunkSplitter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Saves imported conversations, the one mapping of every format: a conversation is one session
 * (named by its native id), its title the topic, its project {@code --project}, else the one the
 * source names, else the format's name. Consecutive messages are packed into chunks up to the chunk
 * limit, each a section headed by its actor and time ({@link MessageSections}); a longer message is
 * split as {@code save} splits. Each chunk's labels name the native ids of its first and last
 * message and how many it holds, so importing again writes nothing and a conversation that has
 * grown gets only its new messages.
 */
public final class ConversationWriter {
  /** Label of the native id of a chunk's first message. */
  public static final String FIRST_MESSAGE = "first-message";

  /** Label of the native id of a chunk's last message. */
  public static final String LAST_MESSAGE = "last-message";

  /** Label of how many messages a chunk holds (the parts of one split message count once). */
  public static final String MESSAGES = "messages";

  /** Chunks saved with one append. */
  private static final int BATCH = 64;

  private final ChatLog chatLog;
  private final String project;
  private final boolean dryRun;

  /**
   * @param chatLog where to save
   * @param project the project of every conversation; {@code null} to take the source's
   * @param dryRun plan only, writing nothing
   */
  public ConversationWriter(ChatLog chatLog, String project, boolean dryRun) {
    this.chatLog = requireNonNull(chatLog, "chatLog is null");
    this.project = project;
    this.dryRun = dryRun;
  }

  /** What writing one conversation did. */
  public record Outcome(
      String project,
      String topic,
      String session,
      int messages,
      int newMessages,
      int chunksWritten,
      int chunksPresent) {}

  /** Saves the messages of {@code conversation} that the store does not hold yet. */
  public Outcome write(ImportedConversation conversation) {
    requireNonNull(conversation, "conversation is null");
    String projectName =
        name(firstNonBlank(project, conversation.projectHint(), conversation.format()));
    String topic = name(firstNonBlank(conversation.title(), "untitled"));
    String session = name(conversation.nativeId());
    List<ImportedMessage> messages = conversation.messages();
    int from = alreadyImported(projectName, topic, session, messages);
    List<SaveRequest> chunks =
        chunks(conversation, messages.subList(from, messages.size()), projectName, topic, session);
    int written = 0;
    int present = 0;
    if (dryRun) {
      written = chunks.size();
    } else {
      for (int i = 0; i < chunks.size(); i += BATCH) {
        for (SaveResult result :
            chatLog.saveAll(chunks.subList(i, Math.min(chunks.size(), i + BATCH)))) {
          written += (int) result.chunks().stream().filter(chunk -> chunk.created()).count();
          present += (int) result.chunks().stream().filter(chunk -> !chunk.created()).count();
        }
      }
    }
    return new Outcome(
        projectName, topic, session, messages.size(), messages.size() - from, written, present);
  }

  /**
   * How many of the messages, from the first, the store holds already: up to the last message of
   * the furthest chunk of the session whose last message is among them; by count when the source
   * gives no native ids.
   */
  private int alreadyImported(
      String projectName, String topic, String session, List<ImportedMessage> messages) {
    List<ChunkMeta> saved =
        chatLog.list(
            ChunkFilter.all().withProject(projectName).withTopic(topic).withSession(session),
            Integer.MAX_VALUE);
    if (saved.isEmpty()) {
      return 0;
    }
    Set<String> lastIds = new LinkedHashSet<>();
    int counted = 0;
    for (ChunkMeta meta : saved) {
      lastIds.addAll(meta.labels().getOrDefault(LAST_MESSAGE, List.of()));
      for (String count : meta.labels().getOrDefault(MESSAGES, List.of())) {
        counted += Integer.parseInt(count);
      }
    }
    for (int i = messages.size() - 1; i >= 0; i--) {
      String id = messages.get(i).nativeId();
      if (!id.isEmpty() && lastIds.contains(ImportLabels.value(id))) {
        return i + 1;
      }
    }
    return Math.min(counted, messages.size());
  }

  /** The new messages packed into chunks, as save requests in order. */
  private List<SaveRequest> chunks(
      ImportedConversation conversation,
      List<ImportedMessage> messages,
      String projectName,
      String topic,
      String session) {
    int maxChars = chatLog.config().chunkMaxChars();
    List<SaveRequest> requests = new ArrayList<>();
    Pack pack = new Pack();
    for (ImportedMessage message : messages) {
      String section = MessageSections.render(message);
      int length = section.codePointCount(0, section.length());
      if (!pack.isEmpty() && pack.length + length > maxChars) {
        requests.add(pack.request(conversation, projectName, topic, session));
        pack = new Pack();
      }
      if (length <= maxChars) {
        pack.add(message, section, length);
        continue;
      }
      List<String> parts = ChunkSplitter.split(section, maxChars);
      for (int i = 0; i < parts.size(); i++) {
        Pack part = new Pack();
        part.add(message, parts.get(i), maxChars);
        part.count = i == parts.size() - 1 ? 1 : 0;
        requests.add(part.request(conversation, projectName, topic, session));
      }
    }
    if (!pack.isEmpty()) {
      requests.add(pack.request(conversation, projectName, topic, session));
    }
    return requests;
  }

  /** The messages of one chunk being packed. */
  private static final class Pack {
    private final StringBuilder body = new StringBuilder();
    private final List<ImportedMessage> messages = new ArrayList<>();
    private int length;
    private int count;

    boolean isEmpty() {
      return messages.isEmpty();
    }

    void add(ImportedMessage message, String section, int sectionLength) {
      if (!isEmpty()) {
        body.append('\n');
        length++;
      }
      body.append(section);
      length += sectionLength;
      messages.add(message);
      count++;
    }

    SaveRequest request(
        ImportedConversation conversation, String projectName, String topic, String session) {
      Set<Actor> actors = new LinkedHashSet<>();
      Set<String> models = new LinkedHashSet<>();
      Instant created = null;
      for (ImportedMessage message : messages) {
        actors.add(message.actor());
        if (!message.label("model").isEmpty()) {
          models.add(message.label("model"));
        }
        created = created == null ? message.time() : created;
      }
      Map<String, List<String>> labels = new LinkedHashMap<>(conversation.labels());
      ImportedMessage first = messages.get(0);
      ImportedMessage last = messages.get(messages.size() - 1);
      if (!first.nativeId().isEmpty()) {
        labels.put(FIRST_MESSAGE, List.of(ImportLabels.value(first.nativeId())));
      }
      if (!last.nativeId().isEmpty() && count > 0) {
        labels.put(LAST_MESSAGE, List.of(ImportLabels.value(last.nativeId())));
      }
      labels.put(MESSAGES, List.of(Integer.toString(count)));
      if (!models.isEmpty()) {
        labels.put("model", List.copyOf(models));
      }
      return new SaveRequest(
          projectName,
          topic,
          session,
          List.copyOf(actors),
          conversation.format(),
          conversation.tags(),
          oneLine(conversation.summary()),
          labels,
          body.toString(),
          created);
    }
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "default";
  }

  /** A name as a store takes it: one line without control characters, at most 200 characters. */
  static String name(String text) {
    String line = oneLine(text);
    if (line.length() > SaveRequest.MAX_NAME_LENGTH) {
      line = line.substring(0, SaveRequest.MAX_NAME_LENGTH).strip();
    }
    return line.isEmpty() ? "untitled" : line;
  }

  private static String oneLine(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return out.toString().replaceAll(" {2,}", " ").strip();
  }
}
