package dev.chatlog.capture.format;

import java.util.List;
import java.util.regex.Pattern;

/** Text helpers shared by the formats. */
public final class Texts {
  /** Longest title taken from a conversation's first message. */
  public static final int TITLE_MAX_CHARS = 100;

  private static final Pattern ANSI = Pattern.compile("\u001B\\[[0-9;?]*[ -/]*[@-~]");

  private Texts() {}

  /** The text with each NUL replaced by U+FFFD, which a chunk accepts. */
  public static String clean(String text) {
    return text == null ? "" : text.replace('\0', '\uFFFD');
  }

  /** The text without terminal colour and cursor codes. */
  public static String stripAnsi(String text) {
    return ANSI.matcher(text).replaceAll("");
  }

  /**
   * The text, or its first {@code max} characters and a line that says how many were cut: cutting
   * is never silent.
   */
  public static String cap(String text, int max) {
    if (text.length() <= max) {
      return text;
    }
    int end = max;
    if (Character.isHighSurrogate(text.charAt(end - 1))) {
      end--;
    }
    return text.substring(0, end) + "\n… (" + (text.length() - end) + " more characters cut)";
  }

  /** The body in a fenced code block whose fence is longer than any run of backticks in it. */
  public static String fence(String body, String info) {
    int longest = 0;
    int run = 0;
    for (int i = 0; i < body.length(); i++) {
      run = body.charAt(i) == '`' ? run + 1 : 0;
      longest = Math.max(longest, run);
    }
    String fence = "`".repeat(Math.max(3, longest + 1));
    String content = body.endsWith("\n") ? body : body + "\n";
    return fence + (info == null ? "" : info) + "\n" + content + fence;
  }

  /** The non-blank parts, each stripped of trailing white space, joined by blank lines. */
  public static String blocks(List<String> parts) {
    StringBuilder out = new StringBuilder();
    for (String part : parts) {
      if (part == null || part.isBlank()) {
        continue;
      }
      if (out.length() > 0) {
        out.append("\n\n");
      }
      out.append(part.stripTrailing());
    }
    return out.toString();
  }

  /**
   * A title made from a message: its first non-blank line, without leading Markdown heading marks,
   * at most {@value #TITLE_MAX_CHARS} characters.
   */
  public static String title(String text) {
    if (text == null) {
      return "";
    }
    for (String line : text.split("\n")) {
      String stripped = line.replaceFirst("^\\s*#+\\s*", "").strip();
      if (!stripped.isEmpty()) {
        return stripped.length() <= TITLE_MAX_CHARS
            ? stripped
            : stripped.substring(0, TITLE_MAX_CHARS).strip() + "…";
      }
    }
    return "";
  }

  /** The last name of a path, whatever its separators (slash or backslash); {@code ""} for none. */
  public static String folderName(String path) {
    String trimmed = path == null ? "" : path.replaceAll("[/\\\\]+$", "");
    return trimmed.substring(Math.max(trimmed.lastIndexOf('/'), trimmed.lastIndexOf('\\')) + 1);
  }
}
