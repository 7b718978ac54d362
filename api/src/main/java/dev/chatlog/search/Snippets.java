package dev.chatlog.search;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts the excerpt of a body shown with a search hit: a window of about {@value #WIDTH} characters
 * around the densest group of matches, with the matches as highlight ranges. Line breaks become
 * spaces; an ellipsis marks text left out at either end.
 *
 * @since 0.1.0
 */
public final class Snippets {
  /** The usual length of a snippet in characters. */
  public static final int WIDTH = 200;

  private static final int LEAD = 60;
  private static final String ELLIPSIS = "…";

  private Snippets() {}

  /**
   * An excerpt and the matches within it.
   *
   * @param text the excerpt
   * @param highlights the matches, as ranges of {@code text}, in order and not overlapping
   */
  public record Snippet(String text, List<SearchHit.Span> highlights) {
    public Snippet {
      highlights = List.copyOf(highlights);
    }
  }

  /** The snippet of {@code body} for a parsed query. */
  public static Snippet of(String body, QueryNode query) {
    List<TextFold.Token> tokens = TextFold.tokens(body);
    List<String> words = new ArrayList<>(tokens.size());
    tokens.forEach(token -> words.add(token.text()));
    List<int[]> spans = new ArrayList<>();
    for (QueryNode leaf : query.positiveLeaves()) {
      for (int[] range : LeafMatcher.ranges(leaf, words)) {
        spans.add(new int[] {tokens.get(range[0]).start(), tokens.get(range[1] - 1).end()});
      }
    }
    spans = merge(spans);
    int from = 0;
    if (!spans.isEmpty()) {
      int anchor = densest(spans);
      from = Math.max(0, anchor - LEAD);
      if (from > 0) {
        int space = indexOfWhitespace(body, from, anchor);
        from = space < 0 ? from : space + 1;
      }
    }
    if (from > 0 && Character.isLowSurrogate(body.charAt(from))) {
      from++;
    }
    int to = Math.min(body.length(), from + WIDTH);
    if (to < body.length()) {
      int space = lastIndexOfWhitespace(body, from + WIDTH / 2, to);
      to = space < 0 ? to : space;
      if (Character.isHighSurrogate(body.charAt(to - 1))) {
        to--;
      }
    }
    StringBuilder text = new StringBuilder();
    int shift = -from;
    if (from > 0) {
      text.append(ELLIPSIS);
      shift += ELLIPSIS.length();
    }
    for (int i = from; i < to; i++) {
      char c = body.charAt(i);
      text.append(c == '\n' || c == '\r' || c == '\t' ? ' ' : c);
    }
    if (to < body.length()) {
      text.append(ELLIPSIS);
    }
    List<SearchHit.Span> highlights = new ArrayList<>();
    for (int[] span : spans) {
      if (span[0] >= from && span[1] <= to) {
        highlights.add(new SearchHit.Span(span[0] + shift, span[1] + shift));
      }
    }
    return new Snippet(text.toString(), highlights);
  }

  /** Sorted, overlapping ranges joined. */
  private static List<int[]> merge(List<int[]> spans) {
    spans.sort((a, b) -> Integer.compare(a[0], b[0])); // not Comparator.comparingInt, see Ranking
    List<int[]> out = new ArrayList<>();
    for (int[] span : spans) {
      int[] last = out.isEmpty() ? null : out.get(out.size() - 1);
      if (last != null && span[0] <= last[1]) {
        last[1] = Math.max(last[1], span[1]);
      } else {
        out.add(span.clone());
      }
    }
    return out;
  }

  /** The start of the match whose window holds the most matches (the earliest on a tie). */
  private static int densest(List<int[]> spans) {
    int best = spans.get(0)[0];
    int bestCount = 0;
    for (int i = 0; i < spans.size(); i++) {
      int start = spans.get(i)[0];
      int count = 0;
      for (int j = i; j < spans.size() && spans.get(j)[1] <= start + WIDTH - LEAD; j++) {
        count++;
      }
      if (count > bestCount) {
        best = start;
        bestCount = count;
      }
    }
    return best;
  }

  private static int indexOfWhitespace(String text, int from, int to) {
    for (int i = from; i < to; i++) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }

  private static int lastIndexOfWhitespace(String text, int from, int to) {
    for (int i = to; i > from; i--) {
      if (Character.isWhitespace(text.charAt(i))) {
        return i;
      }
    }
    return -1;
  }
}
