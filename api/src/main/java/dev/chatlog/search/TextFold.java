package dev.chatlog.search;

import java.text.Normalizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The one tokenizer of chatlog's search, shared by the scan and the SQLite index so that both find
 * the same words. A token is a run of letters and digits, folded to lower case with accents removed
 * (NFKD, marks dropped: {@code Café} becomes {@code cafe}); every Chinese, Japanese or Korean
 * character is a token of its own, so a CJK word is searched as a phrase of its characters.
 *
 * @since 0.1.0
 */
public final class TextFold {
  private TextFold() {}

  /**
   * A token and where it came from.
   *
   * @param text the folded token
   * @param start index of its first character in the original text
   * @param end index after its last character in the original text
   */
  public record Token(String text, int start, int end) {}

  /** Receives the tokens of a text in order; {@code folded} is valid only during the call. */
  private interface TokenSink {
    void token(CharSequence folded, int start, int end);
  }

  /** The folded tokens of {@code text}, with their positions in it. */
  public static List<Token> tokens(String text) {
    List<Token> out = new ArrayList<>();
    scan(text, (folded, start, end) -> out.add(new Token(folded.toString(), start, end)));
    return out;
  }

  /** The folded tokens of {@code text} without positions. */
  public static List<String> words(String text) {
    List<String> out = new ArrayList<>();
    scan(text, (folded, start, end) -> out.add(folded.toString()));
    return out;
  }

  /**
   * The text as the search index stores it: text that FTS5's {@code unicode61} tokenizer splits
   * into exactly the tokens of {@link #words}. Runs of ASCII are kept as they are, since that
   * tokenizer folds ASCII case and separates at every other ASCII character just as this class
   * does; only a word holding a character above ASCII, and whatever lies between two ASCII
   * separators around it, is replaced by its folded tokens separated by spaces. Most text is ASCII,
   * and an all-ASCII text is returned as it is: folding every character here took a fifth of an
   * import's indexing.
   */
  public static String indexText(String text) {
    int special = nextNonAscii(text, 0);
    if (special == text.length()) {
      return text;
    }
    StringBuilder out = new StringBuilder(text.length() + 16);
    int kept = 0;
    while (special < text.length()) {
      int from = special;
      while (from > kept && isAsciiLetterOrDigit(text.charAt(from - 1))) {
        from--;
      }
      int to = special;
      while (to < text.length()
          && (text.charAt(to) >= 0x80 || isAsciiLetterOrDigit(text.charAt(to)))) {
        to++;
      }
      out.append(text, kept, from).append(' ');
      scan(text, from, to, (folded, start, end) -> out.append(folded).append(' '));
      kept = to;
      special = nextNonAscii(text, to);
    }
    return out.append(text, kept, text.length()).toString();
  }

  private static int nextNonAscii(String text, int from) {
    int i = from;
    while (i < text.length() && text.charAt(i) < 0x80) {
      i++;
    }
    return i;
  }

  private static boolean isAsciiLetterOrDigit(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  private static void scan(String text, TokenSink out) {
    scan(text, 0, text.length(), out);
  }

  /** Scans {@code text} from {@code from} to {@code to}; positions are those in the whole text. */
  private static void scan(String text, int from, int to, TokenSink out) {
    StringBuilder current = new StringBuilder();
    int start = -1;
    int end = -1;
    int i = from;
    while (i < to) {
      int cp = text.codePointAt(i);
      int next = i + Character.charCount(cp);
      if (cp < 0x80) {
        // ASCII, most of every text: the same as below, without allocating per character.
        if ((cp >= 'a' && cp <= 'z') || (cp >= '0' && cp <= '9')) {
          start = start < 0 ? i : start;
          current.append((char) cp);
          end = next;
        } else if (cp >= 'A' && cp <= 'Z') {
          start = start < 0 ? i : start;
          current.append((char) (cp + ('a' - 'A')));
          end = next;
        } else {
          flush(out, current, start, end);
          start = -1;
        }
      } else if (isCjk(cp)) {
        flush(out, current, start, end);
        start = -1;
        String folded = fold(cp);
        if (!folded.isEmpty()) {
          out.token(folded, i, next);
        }
      } else if (isWordChar(cp)) {
        String folded = fold(cp);
        if (!folded.isEmpty()) {
          if (start < 0) {
            start = i;
          }
          current.append(folded);
          end = next;
        } else if (start >= 0) {
          end = next; // a combining mark extends the word it follows
        }
      } else {
        flush(out, current, start, end);
        start = -1;
      }
      i = next;
    }
    flush(out, current, start, end);
  }

  private static void flush(TokenSink out, StringBuilder current, int start, int end) {
    if (start >= 0 && current.length() > 0) {
      out.token(current, start, end);
    }
    current.setLength(0);
  }

  private static boolean isWordChar(int cp) {
    if (Character.isLetterOrDigit(cp)) {
      return true;
    }
    int type = Character.getType(cp);
    return type == Character.NON_SPACING_MARK
        || type == Character.COMBINING_SPACING_MARK
        || type == Character.ENCLOSING_MARK
        || type == Character.LETTER_NUMBER
        || type == Character.OTHER_NUMBER;
  }

  /**
   * Whether the code point is of a Chinese, Japanese or Korean script. Below U+2E80, where most
   * text is, only Hangul Jamo (U+1100 to U+11FF) and two Bopomofo tone letters are, so those code
   * points skip the script lookup, a binary search that took a quarter of an import's indexing.
   */
  static boolean isCjk(int cp) {
    if (cp < 0x2E80 && (cp < 0x1100 || cp > 0x11FF) && cp != 0x02EA && cp != 0x02EB) {
      return false;
    }
    Character.UnicodeScript script = Character.UnicodeScript.of(cp);
    return script == Character.UnicodeScript.HAN
        || script == Character.UnicodeScript.HIRAGANA
        || script == Character.UnicodeScript.KATAKANA
        || script == Character.UnicodeScript.HANGUL
        || script == Character.UnicodeScript.BOPOMOFO;
  }

  /** One code point folded: compatibility-decomposed, marks dropped, lower case. */
  private static String fold(int cp) {
    if (cp < 0x80) {
      return Character.isLetterOrDigit(cp) ? String.valueOf((char) Character.toLowerCase(cp)) : "";
    }
    String decomposed =
        Normalizer.normalize(new String(Character.toChars(cp)), Normalizer.Form.NFKD);
    StringBuilder out = new StringBuilder(decomposed.length());
    decomposed
        .toLowerCase(Locale.ROOT)
        .codePoints()
        .filter(Character::isLetterOrDigit)
        .forEach(out::appendCodePoint);
    return out.toString();
  }
}
