package dev.chatlog.capture.redact;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One redaction rule: what it is called, the regular expression that finds a secret, and the
 * keywords that tell, before the expression runs, whether a text may hold one. The expression is
 * compiled the first time a text holds a keyword: most texts hold none, so a {@code chatlog save}
 * no longer compiles the 37 default rules (about 5 ms of its CPU time) to use none of them.
 *
 * <p>Immutable and safe to share between threads.
 */
public final class RedactionRule {
  /** The name of the group that holds the secret. */
  public static final String SECRET_GROUP = "secret";

  private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  private final String name;
  private final String regex;
  private final List<String> keywords;
  private final int[][] keywordPairs;
  private final boolean namesSecret;
  private volatile Pattern pattern;

  /**
   * A rule.
   *
   * @param name what {@code [REDACTED:name]} and the counts call it
   * @param regex the expression, in {@link Pattern}'s syntax; its group named {@code secret} is
   *     replaced, else its first group that matched, else the whole match
   * @param keywords words of which a text must hold one, in any case, for the rule to run; empty to
   *     run on every text
   * @throws IllegalArgumentException when the name is not lower-case letters, digits, {@code .},
   *     {@code _} and {@code -}
   */
  public RedactionRule(String name, String regex, List<String> keywords) {
    requireNonNull(name, "name is null");
    requireNonNull(regex, "regex is null");
    if (!NAME.matcher(name).matches()) {
      throw new IllegalArgumentException("invalid rule name: " + name);
    }
    this.name = name;
    this.regex = regex;
    this.keywords = keywords.stream().map(k -> k.toLowerCase(Locale.ROOT)).toList();
    this.keywordPairs = this.keywords.stream().map(Bigrams::ofWord).toArray(int[][]::new);
    this.namesSecret = regex.contains("(?<" + SECRET_GROUP + ">");
  }

  /** What {@code [REDACTED:name]} and the counts call it. */
  public String name() {
    return name;
  }

  /** The lower-case keywords of which a text must hold one for the rule to run. */
  public List<String> keywords() {
    return keywords;
  }

  /**
   * The compiled expression, compiled on the first call.
   *
   * @throws java.util.regex.PatternSyntaxException when the expression is not valid (never for the
   *     default rules, nor for those of a file, which {@link RedactionRules#read} checks)
   */
  public Pattern pattern() {
    Pattern compiled = pattern;
    if (compiled == null) {
      compiled = Pattern.compile(regex);
      pattern = compiled;
    }
    return compiled;
  }

  /** What replaces a secret this rule finds: {@code [REDACTED:name]}. */
  public String replacement() {
    return "[REDACTED:" + name + "]";
  }

  /**
   * Whether the rule may match a text, given the text in lower case and its {@link Bigrams}: a
   * keyword is looked for only where the text holds each pair of its characters. A rule without
   * keywords looks at neither.
   */
  boolean mayMatch(String lowerCaseText, Bigrams pairs) {
    if (keywords.isEmpty()) {
      return true;
    }
    for (int k = 0; k < keywordPairs.length; k++) {
      if (pairs.mayHold(keywordPairs[k]) && lowerCaseText.contains(keywords.get(k))) {
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
    if (namesSecret) {
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

  @Override
  public String toString() {
    return "RedactionRule[" + name + "]";
  }
}
