package dev.chatlog.capture.format.chatgpt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.TextNode;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.format.Json;
import dev.chatlog.capture.format.Messages;
import dev.chatlog.capture.format.Texts;
import dev.chatlog.capture.format.Times;
import dev.chatlog.capture.format.ToolCalls;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.model.Actor;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * One node's message as an imported message: text from {@code content.parts} or {@code
 * content.text} by content type, code as a fenced block, tool output as a result. Hidden messages,
 * empty ones and the model's private reasoning are left out.
 */
final class ChatGptMessages {
  private ChatGptMessages() {}

  static Optional<ImportedMessage> of(String nodeId, JsonNode message, ImportOptions options) {
    if (message == null || !message.isObject()) {
      return Optional.empty();
    }
    JsonNode metadata = message.path("metadata");
    if (metadata.path("is_visually_hidden_from_conversation").asBoolean(false)) {
      return Optional.empty();
    }
    JsonNode author = message.path("author");
    String role = Json.text(author, "role");
    Actor actor = actor(role);
    String text = Texts.clean(text(message, actor, Json.text(author, "name"), options));
    if (text.isBlank()) {
      return Optional.empty();
    }
    String id = Json.text(message, "id");
    return Optional.of(
        new ImportedMessage(
            id.isBlank() ? nodeId : id,
            actor,
            Times.epochSeconds(message.get("create_time")),
            text,
            Messages.label(Messages.MODEL, Json.text(metadata, "model_slug"))));
  }

  private static Actor actor(String role) {
    return switch (role) {
      case "user" -> Actor.USER;
      case "assistant" -> Actor.ASSISTANT;
      case "tool" -> Actor.TOOL;
      default -> Actor.SYSTEM;
    };
  }

  private static String text(
      JsonNode message, Actor actor, String authorName, ImportOptions options) {
    JsonNode content = message.path("content");
    String type = Json.text(content, "content_type");
    String recipient = Json.text(message, "recipient");
    int max = options.toolOutputMaxChars();
    switch (type) {
      case "thoughts", "reasoning_recap", "user_editable_context", "model_editable_context" -> {
        return "";
      }
      case "code" -> {
        String language = Json.text(content, "language");
        String code =
            Texts.fence(Json.text(content, "text"), "unknown".equals(language) ? "" : language);
        return recipient.isEmpty() || recipient.equals("all")
            ? code
            : ToolCalls.call(recipient, null, max) + "\n" + code;
      }
      case "execution_output", "tether_browsing_display", "system_error" -> {
        String output =
            type.equals("tether_browsing_display")
                ? Json.text(content, "result")
                : Json.text(content, "text");
        return ToolCalls.result(
            authorName.isBlank() ? "tool" : authorName, output, type.equals("system_error"), max);
      }
      case "tether_quote" -> {
        return Texts.blocks(
            List.of(Json.text(content, "title"), quote(Json.text(content, "text"))));
      }
      default -> {
        String text = parts(content);
        if (actor == Actor.TOOL) {
          return ToolCalls.result(authorName.isBlank() ? "tool" : authorName, text, false, max);
        }
        if (actor == Actor.ASSISTANT && !recipient.isEmpty() && !recipient.equals("all")) {
          return ToolCalls.call(recipient, new TextNode(text), max);
        }
        return text;
      }
    }
  }

  /** The strings of {@code parts}, with a marker for each image or file; else {@code text}. */
  private static String parts(JsonNode content) {
    JsonNode parts = content.get("parts");
    if (parts == null || !parts.isArray()) {
      return Json.text(content, "text");
    }
    List<String> out = new ArrayList<>();
    for (JsonNode part : parts) {
      if (part.isTextual()) {
        out.add(part.textValue());
      } else if (part.isObject()) {
        String text = Json.text(part, "text");
        String kind = Json.text(part, "content_type");
        out.add(!text.isBlank() ? text : "[" + (kind.isBlank() ? "attachment" : kind) + "]");
      }
    }
    return Texts.blocks(out);
  }

  private static String quote(String text) {
    return text.isBlank() ? "" : "> " + text.strip().replace("\n", "\n> ");
  }
}
