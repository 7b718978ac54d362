package dev.chatlog.capture.redact;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.InvalidInputException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.regex.PatternSyntaxException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RedactionRulesTest {
  @TempDir Path dir;

  private Path rules(String text) throws IOException {
    return Files.writeString(dir.resolve("rules.txt"), text, UTF_8);
  }

  @Test
  void aUsersRulesAreAddedAfterTheDefaults() throws IOException {
    Path file =
        rules(
            "# our own\n"
                + "\n"
                + "ticket-key [tk-] = \\btk-[0-9a-f]{12}\\b\n"
                + "employee-id = EMP(?P<secret>\\d{6})\n");
    Redactor redactor = Redactor.withRules(Optional.of(file));
    assertThat(redactor.rules()).hasSize(RedactionRules.defaults().size() + 2);
    assertThat(redactor.rules().get(redactor.rules().size() - 2).keywords()).containsExactly("tk-");
    Redacted redacted = redactor.redact("see tk-0123456789ab and EMP123456");
    assertThat(redacted.text())
        .isEqualTo("see [REDACTED:ticket-key] and EMP[REDACTED:employee-id]");
    assertThat(redacted.counts()).containsEntry("ticket-key", 1).containsEntry("employee-id", 1);
    assertThat(Redactor.withRules(Optional.empty()).rules()).isEqualTo(RedactionRules.defaults());
  }

  @Test
  void anInvalidRegexNamesItsLineAndNotTheLine() throws IOException {
    Path file = rules("ok = abc\n\n# comment\nbroken = (unclosed[\n");
    assertThatThrownBy(() -> Redactor.withRules(Optional.of(file)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "Cannot read redaction rules '"
                + file
                + "': line 4: the rule broken is not a valid"
                + " regular expression (")
        .hasMessageNotContaining("(unclosed[");
  }

  @Test
  void badLinesAreRefusedWithTheirLineNumbers() throws IOException {
    assertThatThrownBy(() -> RedactionRules.read(rules("just words\n"), Set.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageEndingWith("line 1: expected NAME [KEYWORD ...] = REGEX");
    assertThatThrownBy(() -> RedactionRules.read(rules("a = x\na = y\n"), Set.of()))
        .hasMessageEndingWith("line 2: the rule a is defined already");
    assertThatThrownBy(() -> RedactionRules.read(rules("github-pat = x\n"), Set.of("github-pat")))
        .hasMessageEndingWith("line 1: the rule github-pat is defined already");
    assertThatThrownBy(() -> RedactionRules.read(rules("empty =\n"), Set.of()))
        .hasMessageEndingWith("line 1: the rule empty has no regular expression");
    assertThatThrownBy(() -> RedactionRules.read(rules("anything = x*\n"), Set.of()))
        .hasMessageEndingWith("line 1: the rule anything matches empty text");
  }

  @Test
  void aMissingOrNonUtf8FileIsBadInput() throws IOException {
    Path missing = dir.resolve("none.txt");
    assertThatThrownBy(() -> RedactionRules.read(missing, Set.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot read redaction rules '" + missing + "': no such file");
    Path latin =
        Files.write(dir.resolve("latin.txt"), new byte[] {'a', ' ', '=', ' ', (byte) 0xE9});
    assertThatThrownBy(() -> RedactionRules.read(latin, Set.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot read redaction rules '" + latin + "': not UTF-8");
  }

  @Test
  void ruleNamesAreChecked() {
    assertThatThrownBy(() -> new RedactionRule("Bad Name", "x", List.of()))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void everyDefaultRuleIsAValidExpressionThatNeverMatchesEmptyText() {
    assertThat(RedactionRules.defaults()).hasSizeGreaterThan(30);
    for (RedactionRule rule : RedactionRules.defaults()) {
      assertThatCode(() -> RedactionRules.check(RedactionRules.DEFAULTS, 0, rule))
          .as(rule.name())
          .doesNotThrowAnyException();
      assertThat(rule.keywords()).as(rule.name()).isNotEmpty();
    }
  }

  @Test
  void aDefaultRuleIsCompiledOnlyWhenATextHoldsItsKeyword() {
    // what the defaults are parsed as: an expression that would not compile shows when it does
    RedactionRule rule =
        RedactionRules.parse("test", "broken [tk-] = (unclosed[\n", Set.of(), false).get(0);
    Redactor redactor = Redactor.of(List.of(rule));
    assertThat(redactor.redact("nothing to see here").text()).isEqualTo("nothing to see here");
    assertThatThrownBy(() -> redactor.redact("a TK-123 here"))
        .isInstanceOf(PatternSyntaxException.class);
  }
}
