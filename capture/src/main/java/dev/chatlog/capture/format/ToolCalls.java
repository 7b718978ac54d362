package dev.chatlog.capture.format;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * Tool calls and results, rendered compactly and alike for every format: a call is one line {@code
 * → name {"arg":"value"}}, a result a line {@code ← name} and its output in a fenced block; long
 * arguments and outputs are cut, with a note saying so.
 */
public final class ToolCalls {
  private ToolCalls() {}

  /** A call with arguments as JSON; {@code null} or empty arguments are left out. */
  public static String call(String name, JsonNode arguments, int maxChars) {
    String line = "→ " + name(name);
    if (arguments == null
        || arguments.isNull()
        || arguments.isMissingNode()
        || (arguments.isContainerNode() && arguments.isEmpty())) {
      return line;
    }
    String args = arguments.isTextual() ? arguments.textValue() : Json.compact(arguments);
    return line + " " + Texts.cap(oneLine(args), maxChars);
  }

  /**
   * A call whose arguments are JSON inside a string (as Codex writes them): parsed when they are
   * JSON, kept as written when not.
   */
  public static String callWithJsonString(String name, String arguments, int maxChars) {
    if (arguments == null || arguments.isBlank()) {
      return call(name, null, maxChars);
    }
    JsonNode parsed = Json.parseString(arguments);
    if (parsed == null) {
      return "→ " + name(name) + " " + Texts.cap(oneLine(arguments.strip()), maxChars);
    }
    return call(name, parsed, maxChars);
  }

  /** A result: a line naming the tool (and an error), then the output in a fenced block. */
  public static String result(String name, String output, boolean error, int maxChars) {
    String line = "← " + name(name) + (error ? " (error)" : "");
    String text = Texts.clean(output == null ? "" : output).stripTrailing();
    if (text.isBlank()) {
      return line + ": no output";
    }
    return line + "\n" + Texts.fence(Texts.cap(text, maxChars), "");
  }

  /** The text of a result given as a string or as content blocks of type text. */
  public static String resultText(JsonNode content) {
    if (content == null || content.isNull()) {
      return "";
    }
    if (content.isTextual()) {
      return content.textValue();
    }
    if (content.isArray()) {
      StringBuilder out = new StringBuilder();
      for (JsonNode block : content) {
        String text = block.isTextual() ? block.textValue() : Json.text(block, "text");
        if (text.isEmpty() && block.has("type") && !"text".equals(Json.text(block, "type"))) {
          text = "[" + Json.text(block, "type") + "]";
        }
        if (!text.isEmpty()) {
          if (out.length() > 0) {
            out.append('\n');
          }
          out.append(text);
        }
      }
      return out.toString();
    }
    return Json.compact(content);
  }

  private static String name(String name) {
    return name == null || name.isBlank() ? "tool" : oneLine(name.strip());
  }

  private static String oneLine(String text) {
    return Texts.clean(text).replace("\r", "").replace('\n', ' ');
  }
}
