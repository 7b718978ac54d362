package dev.chatlog.cli;

import dev.chatlog.search.SearchHit;
import java.util.List;

/**
 * Marks the matches of a search snippet: ANSI bold on a terminal, {@code **…**} in Markdown, or
 * nothing.
 */
enum Highlighter {
  /** Bold with ANSI escape codes. */
  ANSI("\u001b[1m", "\u001b[0m"),
  /** Markdown strong emphasis. */
  MARKDOWN("**", "**"),
  /** No marks. */
  PLAIN("", "");

  private final String open;
  private final String close;

  Highlighter(String open, String close) {
    this.open = open;
    this.close = close;
  }

  /**
   * The snippet with each highlight range wrapped in this highlighter's marks. Control characters
   * of the text become spaces, so that a chunk's content cannot drive the terminal.
   */
  String apply(String snippet, List<SearchHit.Span> highlights) {
    String text = printable(snippet);
    StringBuilder out = new StringBuilder(text.length() + highlights.size() * 8);
    int at = 0;
    for (SearchHit.Span span : highlights) {
      int start = Math.max(at, Math.min(span.start(), text.length()));
      int end = Math.max(start, Math.min(span.end(), text.length()));
      out.append(text, at, start);
      if (end > start) {
        out.append(open).append(text, start, end).append(close);
      }
      at = end;
    }
    return out.append(text, at, text.length()).toString();
  }

  private static String printable(String text) {
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    return out.toString();
  }
}
