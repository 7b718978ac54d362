package dev.chatlog.capture.format.claudecode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.format.Json;
import dev.chatlog.capture.format.Texts;
import dev.chatlog.capture.format.ToolCalls;
import dev.chatlog.model.Actor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The content of Claude Code's lines as Markdown: assistant blocks (text, tool calls; private
 * reasoning left out), and what a user line really is: typed input, a slash command, a command's
 * output, a notice, or tool results.
 */
final class ClaudeCodeContent {
  private static final Pattern COMMAND_NAME =
      Pattern.compile("<command-name>(.*?)</command-name>", Pattern.DOTALL);
  private static final Pattern COMMAND_ARGS =
      Pattern.compile("<command-args>(.*?)</command-args>", Pattern.DOTALL);
  private static final Pattern OUTPUT =
      Pattern.compile(
          "<(local-command-stdout|local-command-stderr|bash-stdout|bash-stderr)>(.*?)</\\1>",
          Pattern.DOTALL);
  private static final Pattern BASH_INPUT =
      Pattern.compile("<bash-input>(.*?)</bash-input>", Pattern.DOTALL);

  /** Who said a user line's content, and what. */
  record Said(Actor actor, String text) {}

  private final int maxChars;
  private final Map<String, String> toolNames = new HashMap<>();

  ClaudeCodeContent(int maxChars) {
    this.maxChars = maxChars;
  }

  /** The parts of an assistant line. */
  List<String> assistant(JsonNode content) {
    List<String> parts = new ArrayList<>();
    if (content == null || content.isTextual()) {
      parts.add(Json.text(content));
      return parts;
    }
    for (JsonNode block : content) {
      switch (Json.text(block, "type")) {
        case "text" -> parts.add(Json.text(block, "text"));
        case "tool_use", "server_tool_use" -> {
          String name = Json.text(block, "name");
          toolNames.put(Json.text(block, "id"), name);
          parts.add(ToolCalls.call(name, block.get("input"), maxChars));
        }
        default -> {
          // thinking, redacted thinking and unknown blocks are not part of the transcript
        }
      }
    }
    return parts;
  }

  /** What a user line is. */
  Said user(JsonNode content, boolean compactSummary) {
    if (content == null || content.isTextual()) {
      return said(Json.text(content), compactSummary);
    }
    List<String> results = new ArrayList<>();
    List<String> texts = new ArrayList<>();
    for (JsonNode block : content) {
      switch (Json.text(block, "type")) {
        case "tool_result" ->
            results.add(
                ToolCalls.result(
                    toolNames.getOrDefault(Json.text(block, "tool_use_id"), "tool"),
                    ToolCalls.resultText(block.get("content")),
                    block.path("is_error").asBoolean(false),
                    maxChars));
        case "text" -> texts.add(Json.text(block, "text"));
        case "image" -> texts.add("[image]");
        case "document" -> texts.add("[document]");
        default -> {
          // other blocks carry nothing to read
        }
      }
    }
    if (!results.isEmpty()) {
      results.addAll(texts);
      return new Said(Actor.TOOL, Texts.blocks(results));
    }
    return said(Texts.blocks(texts), compactSummary);
  }

  /** A system line of a slash command: the command, or its output. */
  Said command(String text) {
    return said(text, false);
  }

  private static Said said(String text, boolean compactSummary) {
    String stripped = text.strip();
    if (compactSummary) {
      return new Said(Actor.SYSTEM, stripped);
    }
    Matcher name = COMMAND_NAME.matcher(stripped);
    if (name.find()) {
      Matcher args = COMMAND_ARGS.matcher(stripped);
      String command = name.group(1).strip();
      String arguments = args.find() ? args.group(1).strip() : "";
      return new Said(Actor.USER, arguments.isEmpty() ? command : command + " " + arguments);
    }
    Matcher bash = BASH_INPUT.matcher(stripped);
    if (bash.find()) {
      return new Said(Actor.USER, "! " + bash.group(1).strip());
    }
    Matcher output = OUTPUT.matcher(stripped);
    if (output.find()) {
      StringBuilder out = new StringBuilder();
      do {
        String part = Texts.stripAnsi(output.group(2)).strip();
        if (!part.isEmpty()) {
          out.append(out.length() > 0 ? "\n" : "").append(part);
        }
      } while (output.find());
      return new Said(Actor.SYSTEM, out.toString());
    }
    if (stripped.startsWith("<local-command-caveat>")) {
      return new Said(Actor.SYSTEM, "");
    }
    if (stripped.startsWith("[Request interrupted by user")) {
      return new Said(Actor.SYSTEM, stripped);
    }
    return new Said(Actor.USER, text);
  }
}
