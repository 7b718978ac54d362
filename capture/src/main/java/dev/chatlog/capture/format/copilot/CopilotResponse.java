package dev.chatlog.capture.format.copilot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.format.Json;
import dev.chatlog.capture.format.Texts;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * An answer merged from its response parts: text pieces joined as they streamed, references by
 * name, each tool invocation on a line of its own ({@code → Read PRD.md}), each edit as {@code
 * (edited PRD.md)}; bookkeeping parts left out.
 */
final class CopilotResponse {
  /** A Markdown link without text to a file, as tool messages write them. */
  private static final Pattern EMPTY_LINK = Pattern.compile("\\[\\]\\(([^)]*)\\)");

  private CopilotResponse() {}

  static String render(JsonNode response, ImportOptions options) {
    StringBuilder out = new StringBuilder();
    if (!response.isArray()) {
      return "";
    }
    for (JsonNode part : response) {
      String kind = Json.text(part, "kind");
      switch (kind) {
        case "", "markdownContent", "markdownVuln" -> out.append(value(part));
        case "inlineReference" ->
            out.append('`').append(reference(part.path("inlineReference"))).append('`');
        case "toolInvocationSerialized" ->
            line(out, "→ " + Texts.cap(invocation(part), options.toolOutputMaxChars()));
        case "textEditGroup", "notebookEditGroup" ->
            line(out, "(edited " + fileName(part.path("uri")) + ")");
        case "warning" -> line(out, "Warning: " + value(part));
        default -> {
          // progress, undo stops, code block URIs and confirmations are bookkeeping
        }
      }
    }
    return out.toString().strip();
  }

  private static void line(StringBuilder out, String line) {
    if (out.length() > 0 && out.charAt(out.length() - 1) != '\n') {
      out.append('\n');
    }
    out.append(line.replace('\n', ' ').strip()).append('\n');
  }

  /** A part's text: its {@code value}, or {@code content.value}. */
  private static String value(JsonNode part) {
    JsonNode value = part.get("value");
    if (value != null && value.isTextual()) {
      return value.textValue();
    }
    return Json.text(part.path("content"), "value");
  }

  private static String invocation(JsonNode part) {
    String text = message(part.get("pastTenseMessage"));
    if (text.isBlank()) {
      text = message(part.get("invocationMessage"));
    }
    if (text.isBlank()) {
      text = Json.text(part, "toolId");
    }
    Matcher link = EMPTY_LINK.matcher(text);
    StringBuilder out = new StringBuilder();
    while (link.find()) {
      link.appendReplacement(out, Matcher.quoteReplacement(baseName(link.group(1))));
    }
    link.appendTail(out);
    return out.toString();
  }

  private static String message(JsonNode message) {
    if (message == null) {
      return "";
    }
    return message.isTextual() ? message.textValue() : Json.text(message, "value");
  }

  private static String reference(JsonNode reference) {
    String name = Json.text(reference, "name");
    if (!name.isBlank()) {
      return name;
    }
    JsonNode uri = reference.has("uri") ? reference.path("uri") : reference;
    return fileName(uri);
  }

  private static String fileName(JsonNode uri) {
    String path = Json.text(uri, "path");
    if (path.isBlank()) {
      path = Json.text(uri, "fsPath");
    }
    if (path.isBlank()) {
      path = Json.text(uri, "external");
    }
    return path.isBlank() ? "a file" : baseName(path);
  }

  private static String baseName(String uri) {
    String path = uri.replaceFirst("#.*$", "").replaceFirst("[?].*$", "");
    String name = Texts.folderName(path);
    return name.isBlank() ? uri : name;
  }
}
