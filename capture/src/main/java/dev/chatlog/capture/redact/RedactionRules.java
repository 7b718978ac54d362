package dev.chatlog.capture.redact;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.StorageException;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Reads redaction rules, one a line: {@code NAME [KEYWORD ...] = REGEX}. Blank lines and lines
 * starting with {@code #} are skipped. The default rules are the resource {@code rules.txt} beside
 * this class; a user adds rules of their own in a file of the same form ({@code CHM_REDACT_RULES}).
 */
public final class RedactionRules {
  /** The resource of the default rules. */
  static final String DEFAULTS = "rules.txt";

  private static final Pattern LINE =
      Pattern.compile("([a-z0-9][a-z0-9._-]*)\\s*(?:\\[([^\\]]*)\\])?\\s*=\\s*(.*)");

  private static volatile List<RedactionRule> defaults;

  private RedactionRules() {}

  /** The default rules, in the order they apply. */
  public static List<RedactionRule> defaults() {
    List<RedactionRule> rules = defaults;
    if (rules == null) {
      try (InputStream in = RedactionRules.class.getResourceAsStream(DEFAULTS)) {
        if (in == null) {
          throw new IllegalStateException("Cannot find the default redaction rules " + DEFAULTS);
        }
        // compiled when first used: the build checks them (RedactionRulesTest)
        rules = parse(DEFAULTS, new String(in.readAllBytes(), UTF_8), Set.of(), false);
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the default redaction rules", e);
      }
      defaults = rules;
    }
    return rules;
  }

  /**
   * Reads a file of rules.
   *
   * @param taken names already in use (the default rules'), which the file may not use again
   * @throws InvalidInputException naming the file and the line of the first bad rule, or when the
   *     file is missing or not UTF-8
   * @throws StorageException when the file cannot be read
   */
  public static List<RedactionRule> read(Path file, Set<String> taken) {
    String text;
    try {
      text =
          UTF_8
              .newDecoder()
              .onMalformedInput(CodingErrorAction.REPORT)
              .onUnmappableCharacter(CodingErrorAction.REPORT)
              .decode(ByteBuffer.wrap(Files.readAllBytes(file)))
              .toString();
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("Cannot read redaction rules '" + file + "': no such file");
    } catch (CharacterCodingException e) {
      throw new InvalidInputException("Cannot read redaction rules '" + file + "': not UTF-8");
    } catch (IOException e) {
      throw new StorageException(
          "Cannot read redaction rules '" + file + "': " + e.getMessage(), false, e);
    }
    return parse(file.toString(), text, taken, true);
  }

  /**
   * Parses rules from text.
   *
   * @param origin the file's name, for errors
   * @param compile whether to compile each expression now, so that a bad one is named with its
   *     line; otherwise each compiles when first used
   * @throws InvalidInputException naming the origin and the line of the first bad rule; the message
   *     never quotes the line
   */
  static List<RedactionRule> parse(String origin, String text, Set<String> taken, boolean compile) {
    List<RedactionRule> rules = new ArrayList<>();
    Set<String> names = new LinkedHashSet<>(taken);
    int number = 0;
    try (BufferedReader lines = new BufferedReader(new StringReader(text))) {
      String line;
      while ((line = lines.readLine()) != null) {
        number++;
        String stripped = line.strip();
        if (stripped.isEmpty() || stripped.startsWith("#")) {
          continue;
        }
        Matcher parts = LINE.matcher(stripped);
        if (!parts.matches()) {
          throw bad(origin, number, "expected NAME [KEYWORD ...] = REGEX");
        }
        String name = parts.group(1);
        if (!names.add(name)) {
          throw bad(origin, number, "the rule " + name + " is defined already");
        }
        RedactionRule rule = rule(origin, number, name, parts.group(2), parts.group(3));
        if (compile) {
          check(origin, number, rule);
        }
        rules.add(rule);
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return List.copyOf(rules);
  }

  private static RedactionRule rule(
      String origin, int number, String name, String keywordList, String regex) {
    if (regex.isEmpty()) {
      throw bad(origin, number, "the rule " + name + " has no regular expression");
    }
    List<String> keywords =
        keywordList == null
            ? List.of()
            : Arrays.stream(keywordList.strip().split("\\s+")).filter(k -> !k.isEmpty()).toList();
    // gitleaks writes named groups as Go does
    return new RedactionRule(name, regex.replace("(?P<", "(?<"), keywords);
  }

  /** Compiles a rule's expression, which must be valid and never match empty text. */
  static void check(String origin, int number, RedactionRule rule) {
    Pattern pattern;
    try {
      pattern = rule.pattern();
    } catch (PatternSyntaxException e) {
      throw bad(
          origin,
          number,
          "the rule "
              + rule.name()
              + " is not a valid regular expression ("
              + e.getDescription()
              + " at index "
              + e.getIndex()
              + ")");
    }
    if (pattern.matcher("").find()) {
      throw bad(origin, number, "the rule " + rule.name() + " matches empty text");
    }
  }

  private static InvalidInputException bad(String origin, int line, String detail) {
    return new InvalidInputException(
        "Cannot read redaction rules '" + origin + "': line " + line + ": " + detail);
  }
}
