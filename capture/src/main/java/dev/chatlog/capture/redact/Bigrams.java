package dev.chatlog.capture.redact;

/**
 * The pairs of adjacent ASCII characters that a text holds, as a set of bits. A word with a pair
 * the text does not hold is not in the text; a word whose pairs it all holds may be, and is then
 * looked for. One pass over a text this way lets the redaction skip most of its keywords (55 for
 * the default rules) instead of searching the whole text for each one.
 */
final class Bigrams {
  private static final int ASCII = 128;

  private final long[] bits = new long[ASCII * ASCII / Long.SIZE];

  private Bigrams() {}

  /** The pairs of {@code text}. */
  static Bigrams of(String text) {
    Bigrams pairs = new Bigrams();
    long[] bits = pairs.bits;
    int previous = ASCII; // no pair ends the first character
    for (int i = 0; i < text.length(); i++) {
      int c = text.charAt(i);
      if ((previous | c) < ASCII) {
        int pair = previous << 7 | c;
        bits[pair >>> 6] |= 1L << pair;
      }
      previous = c;
    }
    return pairs;
  }

  /**
   * The pairs of a word, as {@link #mayHold} takes them; {@code null} for a word shorter than two
   * characters or with a character outside ASCII, which every text may hold.
   */
  static int[] ofWord(String word) {
    if (word.length() < 2 || !word.chars().allMatch(c -> c < ASCII)) {
      return null;
    }
    int[] pairs = new int[word.length() - 1];
    for (int i = 1; i < word.length(); i++) {
      pairs[i - 1] = word.charAt(i - 1) << 7 | word.charAt(i);
    }
    return pairs;
  }

  /**
   * Whether the text may hold a word of these pairs ({@link #ofWord}): false only when it certainly
   * does not.
   */
  boolean mayHold(int[] wordPairs) {
    if (wordPairs == null) {
      return true;
    }
    for (int pair : wordPairs) {
      if ((bits[pair >>> 6] & 1L << pair) == 0) {
        return false;
      }
    }
    return true;
  }
}
