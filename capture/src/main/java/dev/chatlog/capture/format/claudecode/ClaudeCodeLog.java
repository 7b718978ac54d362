package dev.chatlog.capture.format.claudecode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.LogBatch;
import dev.chatlog.capture.LogPosition;
import dev.chatlog.capture.format.Json;
import dev.chatlog.capture.format.LineReader;
import dev.chatlog.capture.format.Messages;
import dev.chatlog.capture.format.Texts;
import dev.chatlog.capture.format.Times;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.model.Actor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one read of a Claude Code log: conversations by key (the session, or a side chain of
 * it), each an ordered list of messages, the last assistant message still open to more parts.
 */
final class ClaudeCodeLog {
  private final String origin;
  private final String fallbackSession;
  private final ImportOptions options;
  private final ClaudeCodeContent content;
  private final Map<String, Thread> threads = new LinkedHashMap<>();
  private final Map<String, String> threadOfUuid = new HashMap<>();
  private String summary = "";
  private String summaryLeaf = "";
  private String customTitle = "";

  ClaudeCodeLog(String origin, String fallbackSession, ImportOptions options) {
    this.origin = origin;
    this.fallbackSession = fallbackSession;
    this.options = options;
    this.content = new ClaudeCodeContent(options.toolOutputMaxChars());
  }

  /** One conversation being read. */
  private static final class Thread {
    final String key;
    final String session;
    final String agent;
    final List<Item> items = new ArrayList<>();
    String project = "";
    String gitBranch = "";
    Item open;

    Thread(String key, String session, String agent) {
      this.key = key;
      this.session = session;
      this.agent = agent;
    }
  }

  /** A message being built: an assistant message gathers the parts of its lines. */
  private static final class Item {
    final String id;
    final Actor actor;
    final Instant time;
    final LogPosition start;
    final List<String> parts = new ArrayList<>();
    final String model;

    Item(String id, Actor actor, Instant time, LogPosition start, String model) {
      this.id = id;
      this.actor = actor;
      this.time = time;
      this.start = start;
      this.model = model;
    }
  }

  void line(JsonNode node, LineReader.Line line) {
    String type = Json.text(node, "type");
    switch (type) {
      case "summary" -> {
        summary = Json.text(node, "summary");
        summaryLeaf = Json.text(node, "leafUuid");
      }
      case "custom-title" -> customTitle = Json.text(node, "customTitle");
      case "user", "assistant", "system" -> message(node, type, line);
      default -> {
        // snapshots, progress, queue operations and other bookkeeping are not messages
      }
    }
  }

  private void message(JsonNode node, String type, LineReader.Line line) {
    if (node.path("isMeta").asBoolean(false)) {
      return;
    }
    if (type.equals("system") && !"local_command".equals(Json.text(node, "subtype"))) {
      return;
    }
    Thread thread = thread(node);
    String uuid = Json.text(node, "uuid");
    if (!uuid.isBlank()) {
      threadOfUuid.put(uuid, thread.key);
    }
    Instant time = Times.iso(Json.text(node, "timestamp"));
    LogPosition start = line.start();
    String ownId = uuid.isBlank() ? "@" + line.offset() : uuid;
    JsonNode message = node.path("message");
    if (type.equals("assistant")) {
      String id = Json.text(message, "id");
      id = id.isBlank() ? ownId : id;
      if (thread.open == null || !thread.open.id.equals(id)) {
        thread.open = new Item(id, Actor.ASSISTANT, time, start, Json.text(message, "model"));
        thread.items.add(thread.open);
      }
      thread.open.parts.addAll(content.assistant(message.get("content")));
      return;
    }
    ClaudeCodeContent.Said said =
        type.equals("system")
            ? content.command(Json.text(node, "content"))
            : content.user(message.get("content"), node.path("isCompactSummary").asBoolean(false));
    if (said.text().isBlank()) {
      return;
    }
    if (said.actor() != Actor.TOOL) {
      thread.open = null;
    }
    Item item = new Item(ownId, said.actor(), time, start, "");
    item.parts.add(said.text());
    thread.items.add(item);
  }

  private Thread thread(JsonNode node) {
    String given = Json.text(node, "sessionId");
    String session = given.isBlank() ? fallbackSession : given;
    String key = session;
    String agent = "";
    if (node.path("isSidechain").asBoolean(false)) {
      agent = Json.text(node, "agentId");
      if (!agent.isBlank()) {
        key = session + ":agent-" + agent;
      } else {
        String parentThread = threadOfUuid.get(Json.text(node, "parentUuid"));
        key =
            parentThread != null && !parentThread.equals(session)
                ? parentThread
                : session + ":sidechain-" + Json.text(node, "uuid");
      }
    }
    String threadKey = key;
    String threadAgent = agent;
    Thread thread = threads.computeIfAbsent(key, k -> new Thread(threadKey, session, threadAgent));
    if (thread.project.isEmpty()) {
      thread.project = Texts.folderName(Json.text(node, "cwd"));
    }
    if (thread.gitBranch.isEmpty()) {
      thread.gitBranch = Json.text(node, "gitBranch");
    }
    return thread;
  }

  /**
   * The conversations read. While the log may grow, a message whose parts may still come, and all
   * that follows it, are held back: the batch resumes at the first line of the first one.
   */
  LogBatch batch(LogPosition end, boolean endOfInput) {
    LogPosition resume = end;
    boolean holding = false;
    if (!endOfInput) {
      for (Thread thread : threads.values()) {
        if (thread.open != null && thread.open.start.offset() < resume.offset()) {
          resume = thread.open.start;
          holding = true;
        }
      }
    }
    List<ImportedConversation> conversations = new ArrayList<>();
    for (Thread thread : threads.values()) {
      List<ImportedMessage> messages = new ArrayList<>();
      for (Item item : thread.items) {
        if (holding && item.start.offset() >= resume.offset()) {
          break;
        }
        String text = Texts.clean(Texts.blocks(item.parts));
        if (!text.isBlank()) {
          messages.add(
              new ImportedMessage(
                  item.id,
                  item.actor,
                  item.time,
                  text,
                  Messages.label(Messages.MODEL, item.model)));
        }
      }
      if (messages.isEmpty()) {
        continue;
      }
      conversations.add(conversation(thread, messages));
    }
    return new LogBatch(conversations, resume);
  }

  private ImportedConversation conversation(Thread thread, List<ImportedMessage> messages) {
    Map<String, List<String>> labels = new LinkedHashMap<>();
    if (!thread.key.equals(thread.session)) {
      labels.put("parent-session", List.of(thread.session));
      if (!thread.agent.isBlank()) {
        labels.put("agent", List.of(thread.agent));
      }
    }
    if (!thread.gitBranch.isBlank()) {
      labels.put("git-branch", List.of(thread.gitBranch));
    }
    boolean main = thread.key.equals(thread.session);
    String title = main && !customTitle.isBlank() ? customTitle : firstUserText(messages);
    boolean summarised =
        !summary.isBlank()
            && (summaryLeaf.isBlank() && main
                || thread.key.equals(threadOfUuid.get(summaryLeaf))
                || main && !threadOfUuid.containsKey(summaryLeaf));
    return new ImportedConversation(
        ClaudeCodeImporter.NAME,
        thread.key,
        Messages.oneLine(title),
        Messages.oneLine(thread.project),
        summarised ? Messages.oneLine(summary) : "",
        origin,
        List.of(),
        labels,
        Messages.models(messages),
        messages);
  }

  private static String firstUserText(List<ImportedMessage> messages) {
    for (ImportedMessage message : messages) {
      if (message.actor() == Actor.USER) {
        return Texts.title(message.text());
      }
    }
    return "";
  }
}
