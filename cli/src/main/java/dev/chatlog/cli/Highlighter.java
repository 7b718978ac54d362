package dev.chatlog.cli;

import dev.chatlog.search.SearchHit;
import java.util.List;
import java.util.function.UnaryOperator;

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
   * The snippet on one line (line breaks and tabs become spaces), each highlight range wrapped in
   * this highlighter's marks and every piece of stored text shown by {@code shown}.
   */
  String apply(String snippet, List<SearchHit.Span> highlights, UnaryOperator<String> shown) {
    String text = oneLine(snippet);
    StringBuilder out = new StringBuilder(text.length() + highlights.size() * 8);
    int at = 0;
    for (SearchHit.Span span : highlights) {
      int start = Math.max(at, Math.min(span.start(), text.length()));
      int end = Math.max(start, Math.min(span.end(), text.length()));
      out.append(shown.apply(text.substring(at, start)));
      if (end > start) {
        out.append(open).append(shown.apply(text.substring(start, end))).append(close);
      }
      at = end;
    }
    return out.append(shown.apply(text.substring(at))).toString();
  }

  private static String oneLine(String text) {
    return text.replace('\n', ' ').replace('\r', ' ').replace('\t', ' ');
  }
}
