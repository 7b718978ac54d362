package dev.chatlog.cli.transfer;

import java.nio.charset.StandardCharsets;
import java.text.Normalizer;
import java.util.Locale;
import java.util.Set;

/**
 * File names made from names users gave (titles, projects): one name, never a path. Separators,
 * characters that Windows, macOS or a notes vault refuse in names ({@code / \ : * ? " < > | # ^ [
 * ]}) and control characters become {@code -}; runs of white space one space; leading dots and
 * trailing dots and spaces are dropped; Windows' device names get a {@code _}; a name is cut to
 * {@value #MAX_BYTES} bytes of UTF-8 on a character's edge; nothing left is {@code untitled}.
 */
public final class SafeNames {
  /** The longest name made, in bytes of UTF-8 (file systems allow 255). */
  public static final int MAX_BYTES = 120;

  private static final Set<String> DEVICES =
      Set.of(
          "con", "prn", "aux", "nul", "com1", "com2", "com3", "com4", "com5", "com6", "com7",
          "com8", "com9", "lpt1", "lpt2", "lpt3", "lpt4", "lpt5", "lpt6", "lpt7", "lpt8", "lpt9");

  private SafeNames() {}

  /** A safe file name made from {@code name}. */
  public static String of(String name) {
    String text = Normalizer.normalize(name == null ? "" : name, Normalizer.Form.NFC);
    StringBuilder out = new StringBuilder();
    boolean space = false;
    for (int i = 0; i < text.length(); ) {
      int c = text.codePointAt(i);
      i += Character.charCount(c);
      if (Character.isWhitespace(c) || Character.isSpaceChar(c)) {
        space = out.length() > 0;
        continue;
      }
      if (space) {
        out.append(' ');
        space = false;
      }
      out.appendCodePoint(refused(c) ? '-' : c);
    }
    int start = 0;
    while (start < out.length() && out.charAt(start) == '.') {
      start++;
    }
    String safe = cut(out.substring(start));
    int end = safe.length();
    while (end > 0 && (safe.charAt(end - 1) == '.' || safe.charAt(end - 1) == ' ')) {
      end--;
    }
    safe = safe.substring(0, end);
    if (safe.isEmpty()) {
      return "untitled";
    }
    String stem = safe.contains(".") ? safe.substring(0, safe.indexOf('.')) : safe;
    return DEVICES.contains(stem.toLowerCase(Locale.ROOT)) ? safe + "_" : safe;
  }

  private static boolean refused(int c) {
    return c < 0x20
        || (c >= 0x7f && c <= 0x9f)
        || "/\\:*?\"<>|#^[]".indexOf(c) >= 0
        || Character.getType(c) == Character.FORMAT
        || Character.getType(c) == Character.SURROGATE;
  }

  private static String cut(String text) {
    if (text.getBytes(StandardCharsets.UTF_8).length <= MAX_BYTES) {
      return text;
    }
    int bytes = 0;
    int end = 0;
    while (end < text.length()) {
      int c = text.codePointAt(end);
      int size = new String(Character.toChars(c)).getBytes(StandardCharsets.UTF_8).length;
      if (bytes + size > MAX_BYTES) {
        break;
      }
      bytes += size;
      end += Character.charCount(c);
    }
    return text.substring(0, end);
  }
}
