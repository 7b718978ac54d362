package dev.chatlog.capture.format.claude;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportProblem;
import dev.chatlog.capture.Sniff;
import dev.chatlog.capture.format.FormatImporter;
import dev.chatlog.capture.format.Json;
import dev.chatlog.capture.format.JsonArrayReader;
import dev.chatlog.capture.format.Messages;
import dev.chatlog.capture.format.Texts;
import dev.chatlog.capture.format.Times;
import dev.chatlog.capture.format.ToolCalls;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.capture.source.ImportSource;
import dev.chatlog.capture.source.SourceEntry;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.Actor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a Claude.ai data export: each conversation's {@code chat_messages} in order (only the
 * branch that ends at {@code current_leaf_message_uuid} when the export names one), content blocks
 * with tool calls compact, attachments with their extracted text, the project's name when the
 * conversation or {@code projects.json} gives it.
 */
public final class ClaudeImporter extends FormatImporter {
  /** This format's name. */
  public static final String NAME = "claude";

  public ClaudeImporter() {
    super(NAME, "a Claude.ai data export (conversations.json or the export's .zip)");
  }

  @Override
  public List<SourceEntry> select(ImportSource source) {
    return byName(source, ".json", "conversations");
  }

  @Override
  public boolean sniff(Sniff sniff) {
    return sniff.firstObjectFields().contains("chat_messages");
  }

  @Override
  public Stream<ImportedConversation> read(
      ImportSource source, List<SourceEntry> entries, ImportOptions options) {
    return eachElement(
        entries,
        entry -> {
          Map<String, String> projects = projects(source, entry, options);
          return (node, reader) -> conversation(node, reader, projects, options).stream().toList();
        });
  }

  /** Project names by uuid, from {@code projects.json} beside the entry; empty when absent. */
  private static Map<String, String> projects(
      ImportSource source, SourceEntry entry, ImportOptions options) {
    String folder = entry.path().contains("/") ? entry.path().replaceFirst("/[^/]*$", "/") : "";
    Optional<SourceEntry> file = source.find(folder + "projects.json");
    Map<String, String> names = new HashMap<>();
    if (file.isEmpty()) {
      return names;
    }
    try (JsonArrayReader reader = JsonArrayReader.open(file.get())) {
      while (reader.hasNext()) {
        JsonNode project = reader.next();
        String uuid = Json.text(project, "uuid");
        String name = Json.text(project, "name");
        if (!uuid.isBlank() && !name.isBlank()) {
          names.put(uuid, name);
        }
      }
    } catch (InvalidInputException e) {
      options
          .listener()
          .skipped(
              ImportProblem.of(
                  file.get().displayName(), "project names not read: " + e.getMessage()));
    }
    return names;
  }

  private static Optional<ImportedConversation> conversation(
      JsonNode conversation,
      JsonArrayReader reader,
      Map<String, String> projects,
      ImportOptions options) {
    String id = Json.text(conversation, "uuid");
    if (id.isBlank()) {
      options
          .listener()
          .skipped(
              ImportProblem.of(reader.origin(), "conversation " + reader.index() + " has no uuid"));
      return Optional.empty();
    }
    String model = Json.text(conversation, "model");
    List<ImportedMessage> messages = new ArrayList<>();
    for (JsonNode message : branch(conversation)) {
      message(message, model, options).ifPresent(messages::add);
    }
    return Messages.conversation(
        NAME,
        id,
        Json.text(conversation, "name"),
        project(conversation, projects),
        Json.text(conversation, "summary"),
        reader.origin(),
        List.of(),
        Map.of(),
        messages,
        options);
  }

  private static String project(JsonNode conversation, Map<String, String> projects) {
    JsonNode project = conversation.get("project");
    String name = Json.text(project, "name");
    if (!name.isBlank()) {
      return name;
    }
    String uuid = Json.text(project, "uuid");
    if (uuid.isBlank()) {
      uuid = Json.text(conversation, "project_uuid");
    }
    return projects.getOrDefault(uuid, "");
  }

  /**
   * The messages in order; when the conversation names its current leaf and the messages their
   * parents, only those on the path from the root to that leaf.
   */
  private static List<JsonNode> branch(JsonNode conversation) {
    List<JsonNode> all = Json.array(conversation, "chat_messages");
    String leaf = Json.text(conversation, "current_leaf_message_uuid");
    Map<String, JsonNode> byId = new HashMap<>();
    for (JsonNode message : all) {
      byId.put(Json.text(message, "uuid"), message);
    }
    if (leaf.isBlank() || !byId.containsKey(leaf)) {
      return all;
    }
    Set<String> path = new HashSet<>();
    String id = leaf;
    while (byId.containsKey(id) && path.add(id)) {
      id = Json.text(byId.get(id), "parent_message_uuid");
    }
    return all.stream().filter(m -> path.contains(Json.text(m, "uuid"))).toList();
  }

  private static Optional<ImportedMessage> message(
      JsonNode message, String model, ImportOptions options) {
    String id = Json.text(message, "uuid");
    Actor actor =
        switch (Json.text(message, "sender")) {
          case "human", "user" -> Actor.USER;
          case "assistant" -> Actor.ASSISTANT;
          default -> Actor.SYSTEM;
        };
    List<String> parts = new ArrayList<>();
    List<JsonNode> blocks = Json.array(message, "content");
    if (blocks.isEmpty()) {
      parts.add(Json.text(message, "text"));
    }
    for (JsonNode block : blocks) {
      parts.add(block(block, options));
    }
    for (JsonNode attachment : Json.array(message, "attachments")) {
      String name = Json.text(attachment, "file_name");
      String content = Json.text(attachment, "extracted_content");
      parts.add(
          "Attachment: "
              + (name.isBlank() ? "(unnamed)" : name)
              + (content.isBlank() ? "" : "\n" + Texts.fence(content, "")));
    }
    for (JsonNode file : Json.array(message, "files")) {
      String name = Json.text(file, "file_name");
      parts.add("File: " + (name.isBlank() ? "(unnamed)" : name));
    }
    String text = Texts.clean(Texts.blocks(parts));
    if (id.isBlank() || text.isBlank()) {
      return Optional.empty();
    }
    return Optional.of(
        new ImportedMessage(
            id,
            actor,
            Times.iso(Json.text(message, "created_at")),
            text,
            actor == Actor.ASSISTANT ? Messages.label(Messages.MODEL, model) : Map.of()));
  }

  private static String block(JsonNode block, ImportOptions options) {
    int max = options.toolOutputMaxChars();
    return switch (Json.text(block, "type")) {
      case "thinking", "redacted_thinking" -> "";
      case "tool_use" -> ToolCalls.call(Json.text(block, "name"), block.get("input"), max);
      case "tool_result" ->
          ToolCalls.result(
              Json.text(block, "name"),
              ToolCalls.resultText(block.get("content")),
              block.path("is_error").asBoolean(false),
              max);
      default -> Json.text(block, "text");
    };
  }
}
