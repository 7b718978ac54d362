package dev.chatlog.text;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.InvalidInputException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Cuts content into parts of at most a given number of Unicode code points, so that nothing is ever
 * truncated: the parts, concatenated, give back the content exactly.
 *
 * <p>Each cut falls in the second half of its window of {@code maxChars} code points, preferring
 * (in this order) the end of a blank line (a paragraph boundary), the end of a line, and the end of
 * a space or tab; where the second half holds none of these, the window is cut at its end. A cut
 * never falls between the two halves of a surrogate pair.
 *
 * <p>The parts of one content are pairwise different: a store keeps one chunk per distinct body in
 * a session, so two equal parts would lose one of them. Where a cut would repeat an earlier part,
 * it moves back one code point at a time until the part is new (and a remainder that repeats an
 * earlier part is cut once more).
 *
 * @since 0.1.0
 */
public final class ChunkSplitter {
  private ChunkSplitter() {}

  /**
   * Splits content into consecutive, pairwise different parts of at most {@code maxChars} code
   * points each.
   *
   * @return the content itself when it fits, else two or more non-empty parts
   * @throws IllegalArgumentException when {@code maxChars} is less than 1
   * @throws InvalidInputException when the content repeats itself so much that it has no split into
   *     different parts of that size
   */
  public static List<String> split(String content, int maxChars) {
    requireNonNull(content, "content is null");
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be at least 1: " + maxChars);
    }
    List<String> parts = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    int start = 0;
    int length = content.length();
    while (start < length || parts.isEmpty()) {
      String rest = content.substring(start);
      int restChars = rest.codePointCount(0, rest.length());
      int cut;
      if (restChars <= maxChars && !seen.contains(rest)) {
        cut = length;
      } else {
        int end = restChars <= maxChars ? length : content.offsetByCodePoints(start, maxChars);
        cut = distinctCut(content, start, preferredCut(content, start, end), end, seen, maxChars);
      }
      String part = content.substring(start, cut);
      parts.add(part);
      seen.add(part);
      start = cut;
    }
    return List.copyOf(parts);
  }

  /**
   * The preferred cut, or the nearest one before it whose part is new; when the window is the whole
   * remainder, the cut must leave something after it.
   */
  private static int distinctCut(
      String content, int start, int preferred, int end, Set<String> seen, int maxChars) {
    int cut = preferred == content.length() ? content.offsetByCodePoints(preferred, -1) : preferred;
    while (cut > start && seen.contains(content.substring(start, cut))) {
      cut = content.offsetByCodePoints(cut, -1);
    }
    if (cut == start) {
      throw new InvalidInputException(
          "Cannot split the input into different chunks of at most "
              + maxChars
              + " characters: it repeats itself too often; raise CHM_CHUNK_MAX_CHARS");
    }
    return cut;
  }

  /** Where to cut the window {@code [start, end)}: a position in {@code (start, end]}. */
  private static int preferredCut(String content, int start, int end) {
    int floor = start + (end - start) / 2;
    int line = -1;
    int space = -1;
    for (int i = end; i > floor; i--) {
      char last = content.charAt(i - 1);
      if (last == '\n') {
        if (isBlankLineEnd(content, start, i)) {
          return i;
        } else if (line < 0) {
          line = i;
        }
      } else if ((last == ' ' || last == '\t') && space < 0) {
        space = i;
      }
    }
    if (line > 0) {
      return line;
    }
    return space > 0 ? space : end;
  }

  /** Whether {@code content[..i)} ends with a line break that closes an empty line. */
  private static boolean isBlankLineEnd(String content, int start, int i) {
    int j = i - 2;
    if (j >= start && content.charAt(j) == '\r') {
      j--;
    }
    return j >= start && content.charAt(j) == '\n';
  }
}
