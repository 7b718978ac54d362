package dev.chatlog.cli;

import java.util.Collection;
import java.util.Optional;

/**
 * The name a person most likely meant when they typed one that does not exist: a command or an
 * option name a typo or two away ({@code retreive}, {@code --limt}), or one they typed the start
 * of.
 */
final class Suggestions {
  private Suggestions() {}

  /**
   * The closest of {@code names} to {@code typed}: within two edits (one for names of up to four
   * letters), a swap of neighbours being one, or starting with at least three typed letters; empty
   * when none is that close.
   */
  static Optional<String> closest(String typed, Collection<String> names) {
    String best = null;
    int bestDistance = Integer.MAX_VALUE;
    for (String name : names) {
      int distance = distance(typed, name);
      if (distance < bestDistance) {
        best = name;
        bestDistance = distance;
      }
    }
    if (best != null && bestDistance <= (typed.length() <= 4 ? 1 : 2)) {
      return Optional.of(best);
    }
    String stem = typed.replaceFirst("^-+", "");
    if (stem.length() >= 3) {
      for (String name : names) {
        if (name.replaceFirst("^-+", "").startsWith(stem)) {
          return Optional.of(name);
        }
      }
    }
    return Optional.empty();
  }

  /**
   * The edit distance between two texts: insertions, deletions, replacements and swaps of two
   * neighbouring characters each count one (the optimal string alignment distance).
   */
  static int distance(String a, String b) {
    int[][] d = new int[a.length() + 1][b.length() + 1];
    for (int i = 0; i <= a.length(); i++) {
      d[i][0] = i;
    }
    for (int j = 0; j <= b.length(); j++) {
      d[0][j] = j;
    }
    for (int i = 1; i <= a.length(); i++) {
      for (int j = 1; j <= b.length(); j++) {
        int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
        d[i][j] = Math.min(Math.min(d[i - 1][j] + 1, d[i][j - 1] + 1), d[i - 1][j - 1] + cost);
        if (i > 1
            && j > 1
            && a.charAt(i - 1) == b.charAt(j - 2)
            && a.charAt(i - 2) == b.charAt(j - 1)) {
          d[i][j] = Math.min(d[i][j], d[i - 2][j - 2] + 1);
        }
      }
    }
    return d[a.length()][b.length()];
  }
}
