package dev.chatlog.capture.format.codex;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.format.Json;
import dev.chatlog.capture.format.LineReader;
import dev.chatlog.capture.format.Messages;
import dev.chatlog.capture.format.Texts;
import dev.chatlog.capture.format.Times;
import dev.chatlog.capture.format.ToolCalls;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.model.Actor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** The state of one read of a Codex log: the session's facts and its messages so far. */
final class CodexLog {
  /** What Codex sends as a user message but the user did not type. */
  private static final List<String> CONTEXT_PREFIXES =
      List.of(
          "<environment_context>",
          "<user_instructions>",
          "<permissions instructions>",
          "<INSTRUCTIONS>",
          "# AGENTS.md instructions",
          "<user_shell_command>",
          "<turn_aborted>");

  private static final Pattern SESSION_IN_NAME =
      Pattern.compile("([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})\\.jsonl$");

  private final String origin;
  private final ImportOptions options;
  private final List<ImportedMessage> messages = new ArrayList<>();
  private final Map<String, String> toolNames = new HashMap<>();
  private String session;
  private String project = "";
  private String gitBranch = "";
  private String model = "";

  CodexLog(String origin, String fileName, ImportOptions options) {
    this.origin = origin;
    this.options = options;
    Matcher inName = SESSION_IN_NAME.matcher(fileName);
    this.session = inName.find() ? inName.group(1) : fileName.replaceFirst("\\.jsonl$", "");
  }

  /** Takes the session's facts from its first line, without reading it as a message. */
  void header(JsonNode node) {
    if ("session_meta".equals(Json.text(node, "type"))) {
      meta(node.path("payload"));
    } else if (!node.has("type") && node.has("id")) {
      meta(node);
    }
  }

  void line(JsonNode node, LineReader.Line line) {
    String type = Json.text(node, "type");
    JsonNode payload = node.path("payload");
    Instant time = Times.iso(Json.text(node, "timestamp"));
    switch (type) {
      case "session_meta" -> meta(payload);
      case "turn_context" -> {
        model = Json.text(payload, "model").isBlank() ? model : Json.text(payload, "model");
        if (project.isEmpty()) {
          project = Texts.folderName(Json.text(payload, "cwd"));
        }
      }
      case "response_item" -> item(payload, time, line);
      case "" -> {
        if (node.has("id") && node.has("timestamp") && line.number() == 1) {
          meta(node);
        }
      }
      default -> {
        if (node.has("role") || node.has("call_id")) {
          item(node, null, line);
        }
        // event_msg and other records repeat or annotate the response items
      }
    }
  }

  private void meta(JsonNode payload) {
    String id = Json.text(payload, "id");
    if (!id.isBlank()) {
      session = id;
    }
    String cwd = Json.text(payload, "cwd");
    if (!cwd.isBlank()) {
      project = Texts.folderName(cwd);
    }
    String branch = Json.text(payload.path("git"), "branch");
    if (!branch.isBlank()) {
      gitBranch = branch;
    }
  }

  private void item(JsonNode item, Instant time, LineReader.Line line) {
    String id = "@" + line.offset();
    int max = options.toolOutputMaxChars();
    String callId = Json.text(item, "call_id");
    switch (Json.text(item, "type")) {
      case "message" -> message(item, id, time);
      case "function_call", "custom_tool_call" -> {
        String name = Json.text(item, "name");
        toolNames.put(callId, name);
        String call =
            Json.text(item, "type").equals("function_call")
                ? ToolCalls.callWithJsonString(name, Json.text(item, "arguments"), max)
                : ToolCalls.call(name, new TextNode(Json.text(item, "input")), max);
        add(callId.isBlank() ? id : callId, Actor.ASSISTANT, time, call, model);
      }
      case "local_shell_call" -> {
        toolNames.put(callId, "shell");
        add(
            callId.isBlank() ? id : callId,
            Actor.ASSISTANT,
            time,
            ToolCalls.call("shell", item.get("action"), max),
            model);
      }
      case "web_search_call" ->
          add(
              id,
              Actor.ASSISTANT,
              time,
              ToolCalls.call("web_search", item.get("action"), max),
              model);
      case "function_call_output", "custom_tool_call_output" ->
          add(
              callId.isBlank() ? id : callId + ":output",
              Actor.TOOL,
              time,
              ToolCalls.result(
                  toolNames.getOrDefault(callId, "tool"), output(item.get("output")), false, max),
              "");
      default -> {
        // reasoning is private to the model; other items carry nothing to read
      }
    }
  }

  private void message(JsonNode item, String id, Instant time) {
    List<String> parts = new ArrayList<>();
    for (JsonNode block : Json.array(item, "content")) {
      String type = Json.text(block, "type");
      if (type.endsWith("image")) {
        parts.add("[image]");
      } else {
        parts.add(Json.text(block, "text"));
      }
    }
    String text = Texts.blocks(parts);
    Actor actor =
        switch (Json.text(item, "role")) {
          case "user" -> isContext(text) ? Actor.SYSTEM : Actor.USER;
          case "assistant" -> Actor.ASSISTANT;
          default -> Actor.SYSTEM;
        };
    add(id, actor, time, text, actor == Actor.ASSISTANT ? model : "");
  }

  private static boolean isContext(String text) {
    String stripped = text.stripLeading();
    return CONTEXT_PREFIXES.stream().anyMatch(stripped::startsWith);
  }

  /** A tool's output: a string, or (older logs) JSON with an {@code output} field inside one. */
  private static String output(JsonNode output) {
    if (output == null || !output.isTextual()) {
      return ToolCalls.resultText(output);
    }
    String text = output.textValue();
    if (text.startsWith("{")) {
      JsonNode parsed = Json.parseString(text);
      if (parsed != null && parsed.path("output").isTextual()) {
        return parsed.path("output").textValue();
      }
    }
    return text;
  }

  private void add(String id, Actor actor, Instant time, String text, String model) {
    String clean = Texts.clean(text);
    if (!clean.isBlank()) {
      messages.add(
          new ImportedMessage(id, actor, time, clean, Messages.label(Messages.MODEL, model)));
    }
  }

  /** The conversation read, or empty when no message was read. */
  Optional<ImportedConversation> conversation() {
    if (messages.isEmpty()) {
      return Optional.empty();
    }
    String title = "";
    for (ImportedMessage message : messages) {
      if (message.actor() == Actor.USER) {
        title = Texts.title(message.text());
        break;
      }
    }
    Map<String, List<String>> labels = new LinkedHashMap<>(Messages.label("git-branch", gitBranch));
    return Optional.of(
        new ImportedConversation(
            CodexImporter.NAME,
            session,
            Messages.oneLine(title),
            Messages.oneLine(project),
            "",
            origin,
            List.of(),
            labels,
            Messages.models(messages),
            messages));
  }
}
