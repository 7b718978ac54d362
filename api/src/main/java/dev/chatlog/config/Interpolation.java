package dev.chatlog.config;

import dev.chatlog.error.InvalidInputException;
import java.util.Map;

/**
 * Expands {@code ${VAR}} and {@code ${VAR:-default}} in a setting's value against an environment
 * map. A missing variable expands to nothing; a default applies when the variable is unset or
 * empty, and may itself hold references. Expanded values are not expanded again. A {@code $} not
 * followed by <code>{</code> is kept as it is.
 */
final class Interpolation {
  private final Map<String, String> env;
  private final String setting;
  private final String text;
  private int pos;

  private Interpolation(Map<String, String> env, String setting, String text) {
    this.env = env;
    this.setting = setting;
    this.text = text;
  }

  /**
   * Expands every reference in a value.
   *
   * @param setting the name of the variable holding the value, for error messages
   * @throws InvalidInputException when a reference is unclosed or names no valid variable
   */
  static String expand(Map<String, String> env, String setting, String value) {
    if (!value.contains("${")) {
      return value;
    }
    return new Interpolation(env, setting, value).parse(false);
  }

  /** Parses up to the end of the text, or up to the closing brace of a default when nested. */
  private String parse(boolean nested) {
    StringBuilder out = new StringBuilder();
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (nested && c == '}') {
        return out.toString();
      }
      if (c == '$' && pos + 1 < text.length() && text.charAt(pos + 1) == '{') {
        pos += 2;
        out.append(reference());
      } else {
        out.append(c);
        pos++;
      }
    }
    if (nested) {
      throw unclosed();
    }
    return out.toString();
  }

  /** Parses one reference after its opening <code>${</code>, through its closing brace. */
  private String reference() {
    int start = pos;
    while (pos < text.length() && isNameChar(text.charAt(pos), pos == start)) {
      pos++;
    }
    String name = text.substring(start, pos);
    if (pos >= text.length()) {
      throw unclosed();
    }
    if (name.isEmpty()) {
      throw bad("'${' must be followed by a variable name");
    }
    String value = env.getOrDefault(name, "");
    if (text.charAt(pos) == '}') {
      pos++;
      return value;
    }
    if (text.startsWith(":-", pos)) {
      pos += 2;
      String fallback = parse(true);
      pos++; // the closing brace
      return value.isEmpty() ? fallback : value;
    }
    throw bad("unexpected '" + text.charAt(pos) + "' in ${" + name + "...}");
  }

  private static boolean isNameChar(char c, boolean first) {
    return c == '_'
        || (c >= 'A' && c <= 'Z')
        || (c >= 'a' && c <= 'z')
        || (!first && c >= '0' && c <= '9');
  }

  private InvalidInputException unclosed() {
    return bad("'${' without a closing '}'");
  }

  private InvalidInputException bad(String detail) {
    return new InvalidInputException("Cannot use " + setting + " '" + text + "': " + detail);
  }
}
