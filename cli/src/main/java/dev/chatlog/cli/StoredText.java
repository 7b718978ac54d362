package dev.chatlog.cli;

/**
 * Stored text as it is shown on a terminal: a chat may hold a tool's output with escape sequences
 * that set the window title, write the clipboard or move the cursor, so every control character but
 * newline and tab is shown escaped ({@code ^[} for ESC, {@code ^?} for DEL, {@code <U+009B>} for a
 * C1 control). Pipes and {@code --raw} get the text as stored.
 */
final class StoredText {
  private StoredText() {}

  /** The text with every control character but newline and tab made visible. */
  static String escaped(String text) {
    StringBuilder out = null;
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      boolean control = Character.isISOControl(c) && c != '\n' && c != '\t';
      if (control && out == null) {
        out = new StringBuilder(text.length() + 16).append(text, 0, i);
      }
      if (out == null) {
        continue;
      }
      if (!control) {
        out.append(c);
      } else if (c < 0x20) {
        out.append('^').append((char) (c + '@'));
      } else if (c == 0x7f) {
        out.append("^?");
      } else {
        out.append("<U+").append(String.format("%04X", (int) c)).append('>');
      }
    }
    return out == null ? text : out.toString();
  }
}
