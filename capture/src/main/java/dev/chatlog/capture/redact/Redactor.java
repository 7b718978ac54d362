package dev.chatlog.capture.redact;

import static java.util.Objects.requireNonNull;

import java.io.Reader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.regex.Matcher;

/**
 * Replaces the secrets in a text with {@code [REDACTED:rule]} before it is written anywhere. Each
 * rule runs on the original text, in order; where two rules match overlapping text the earlier one
 * wins. The same text always gives the same result, and a redacted text stays as it is when
 * redacted again, so that saving or importing the same input twice still gives the same chunk.
 * Immutable and safe to share between threads.
 */
public final class Redactor {
  private static final Redactor NONE = new Redactor(List.of());

  private final List<RedactionRule> rules;
  private final boolean anyKeywords;

  private Redactor(List<RedactionRule> rules) {
    this.rules = List.copyOf(rules);
    this.anyKeywords = rules.stream().anyMatch(rule -> !rule.keywords().isEmpty());
  }

  /** A redactor of these rules, applied in this order. */
  public static Redactor of(List<RedactionRule> rules) {
    requireNonNull(rules, "rules is null");
    return rules.isEmpty() ? NONE : new Redactor(rules);
  }

  /** A redactor of the default rules ({@link RedactionRules#defaults()}). */
  public static Redactor defaults() {
    return of(RedactionRules.defaults());
  }

  /** A redactor that keeps every text as it is ({@code --no-redact}, {@code CHM_REDACT=off}). */
  public static Redactor none() {
    return NONE;
  }

  /**
   * The default rules followed by those of a user's file, when one is given.
   *
   * @throws dev.chatlog.error.InvalidInputException naming the file and line of a bad rule
   */
  public static Redactor withRules(Optional<Path> file) {
    List<RedactionRule> all = new ArrayList<>(RedactionRules.defaults());
    if (file.isPresent()) {
      Set<String> taken = new HashSet<>();
      all.forEach(rule -> taken.add(rule.name()));
      all.addAll(RedactionRules.read(file.get(), taken));
    }
    return of(all);
  }

  /** The rules, in the order they apply. */
  public List<RedactionRule> rules() {
    return rules;
  }

  /** Whether this redactor replaces anything at all (false for {@link #none()}). */
  public boolean enabled() {
    return !rules.isEmpty();
  }

  /** The text with every secret replaced, and how many each rule replaced. */
  public Redacted redact(String text) {
    requireNonNull(text, "text is null");
    List<Span> spans = find(text);
    if (spans.isEmpty()) {
      return Redacted.unchanged(text);
    }
    StringBuilder out = new StringBuilder(text.length());
    Map<String, Integer> counts = new HashMap<>();
    replace(text, spans, text.length(), out, counts);
    return new Redacted(out.toString(), counts);
  }

  /** {@link #redact(String)}, counting what was replaced in {@code tally}. */
  public String redact(String text, RedactionTally tally) {
    Redacted redacted = redact(text);
    tally.add(redacted.counts());
    return redacted.text();
  }

  /**
   * A reader of {@code in} with every secret replaced, for inputs too large to hold whole: the text
   * is redacted in windows of {@value RedactingReader#WINDOW} characters that overlap by {@value
   * RedactingReader#OVERLAP}, so a secret found by a rule is replaced unless its match is longer
   * than the overlap.
   */
  public Reader reader(Reader in, RedactionTally tally) {
    requireNonNull(in, "in is null");
    requireNonNull(tally, "tally is null");
    return enabled() ? new RedactingReader(in, this, tally) : in;
  }

  /** A secret found: where it is in the text, and the rule that found it. */
  record Span(int start, int end, RedactionRule rule) {}

  /** The secrets in a text, in text order, none overlapping another. */
  List<Span> find(CharSequence text) {
    if (rules.isEmpty() || text.length() == 0) {
      return List.of();
    }
    // what the rules' keywords are looked for in; a redactor whose rules have none needs neither
    String lower = anyKeywords ? text.toString().toLowerCase(Locale.ROOT) : "";
    Bigrams pairs = anyKeywords ? Bigrams.of(lower) : null;
    TreeMap<Integer, Span> found = new TreeMap<>();
    for (RedactionRule rule : rules) {
      if (!rule.mayMatch(lower, pairs)) {
        continue;
      }
      Matcher match = rule.pattern().matcher(text);
      while (match.find()) {
        int[] secret = rule.secret(match);
        if (secret == null || secret[0] == secret[1] || overlaps(found, secret)) {
          continue;
        }
        found.put(secret[0], new Span(secret[0], secret[1], rule));
      }
    }
    return List.copyOf(found.values());
  }

  /**
   * Appends the text up to {@code end} to {@code out}, each span that starts before {@code end}
   * replaced (none may cross it), and counts the spans replaced per rule.
   */
  static void replace(
      CharSequence text,
      List<Span> spans,
      int end,
      StringBuilder out,
      Map<String, Integer> counts) {
    int at = 0;
    for (Span span : spans) {
      if (span.start >= end) {
        break;
      }
      out.append(text, at, span.start).append(span.rule.replacement());
      counts.merge(span.rule.name(), 1, Integer::sum);
      at = span.end;
    }
    out.append(text, at, end);
  }

  private static boolean overlaps(TreeMap<Integer, Span> found, int[] secret) {
    Map.Entry<Integer, Span> before = found.floorEntry(secret[0]);
    if (before != null && before.getValue().end > secret[0]) {
      return true;
    }
    Map.Entry<Integer, Span> after = found.ceilingEntry(secret[0]);
    return after != null && after.getKey() < secret[1];
  }
}
