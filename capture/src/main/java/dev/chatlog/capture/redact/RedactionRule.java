package dev.chatlog.capture.redact;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One redaction rule: what it is called, the regular expression that finds a secret, and the
 * keywords that tell, before the expression runs, whether a text may hold one.
 *
 * @param name what {@code [REDACTED:name]} and the counts call it
 * @param pattern the expression; its group named {@code secret} is replaced, else its first group
 *     that matched, else the whole match
 * @param keywords lower-case words of which a text must hold one for the rule to run; empty to run
 *     on every text
 */
public record RedactionRule(String name, Pattern pattern, List<String> keywords) {
  /** The name of the group that holds the secret. */
  public static final String SECRET_GROUP = "secret";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  public RedactionRule {
    requireNonNull(name, "name is null");
    requireNonNull(pattern, "pattern is null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid rule name: " + name);
    }
    keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
  }

  /** What replaces a secret this rule finds: {@code [REDACTED:name]}. */
  public String replacement() {
    return "[REDACTED:" + name + "]";
  }

  /** Whether the rule may match a text, given the text in lower case. */
  boolean mayMatch(String lowerCaseText) {
    if (keywords.isEmpty()) {
      return true;
    }
    for (String keyword : keywords) {
      if (lowerCaseText.contains(keyword)) {
        return true;
      }
    }
    return false;
  }

  /**
   * The start and end of the secret in a match: the group named {@link #SECRET_GROUP}, else the
   * first group that matched, else the whole match.
   */
  int[] secret(Matcher match) {
    if (pattern.pattern().contains("(?<" + SECRET_GROUP + ">")) {
      int start = match.start(SECRET_GROUP);
      return start < 0 ? null : new int[] {start, match.end(SECRET_GROUP)};
    }
    for (int group = 1; group <= match.groupCount(); group++) {
      if (match.start(group) >= 0) {
        return new int[] {match.start(group), match.end(group)};
      }
    }
    return new int[] {match.start(), match.end()};
  }
}
