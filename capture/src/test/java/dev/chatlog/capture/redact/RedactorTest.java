package dev.chatlog.capture.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class RedactorTest {
  private static final Redactor REDACTOR = Redactor.defaults();

  /** Characters of a secret, repeated to a length; built here so no source line holds a key. */
  static String chars(String alphabet, int length) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; out.length() < length; i++) {
      out.append(alphabet.charAt((i * 7 + 3) % alphabet.length()));
    }
    return out.toString();
  }

  private static final String ALNUM =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789";
  private static final String URLSAFE = ALNUM + "_-";

  static final String PRIVATE_KEY =
      "-----BEGIN RSA PRIVATE KEY-----\n"
          + chars(ALNUM + "+/", 64)
          + "\n"
          + chars(ALNUM + "+/", 64)
          + "\n-----END RSA PRIVATE KEY-----";

  /**
   * Each default rule with a realistic secret (the part that must disappear), the text it sits in,
   * and a near miss that must stay as it is.
   */
  static Stream<Arguments> rules() {
    return Stream.of(
        rule("private-key", PRIVATE_KEY, "%s", PRIVATE_KEY.replace("RSA PRIVATE", "PUBLIC")),
        rule(
            "anthropic-api-key",
            "sk-ant-api03-" + chars(URLSAFE, 93) + "AA",
            "export ANTHROPIC_API_KEY=%s\n",
            "sk-ant-api03-" + chars(URLSAFE, 40) + "AA"),
        rule(
            "anthropic-admin-api-key",
            "sk-ant-admin01-" + chars(URLSAFE, 93) + "AA",
            "key: \"%s\"",
            "sk-ant-admin01-" + chars(URLSAFE, 93) + "BB"),
        rule(
            "openai-api-key",
            "sk-proj-" + chars(URLSAFE, 74) + "T3BlbkFJ" + chars(URLSAFE, 74),
            "OPENAI_API_KEY=%s",
            "sk-proj-" + chars(URLSAFE, 156)),
        rule(
            "aws-access-token",
            "AKIA" + "Z7XQ2MLK4PQRSTUV",
            "aws configure set aws_access_key_id %s",
            "AKIA1234567890123456"),
        rule(
            "aws-secret-access-key",
            chars(ALNUM + "/+", 40),
            "aws_secret_access_key = %s\n",
            "aws_region = eu-west-1"),
        rule(
            "gcp-api-key",
            "AIza" + chars(URLSAFE, 35),
            "const key = '%s';",
            "AIza" + chars(URLSAFE, 20)),
        rule(
            "github-fine-grained-pat",
            "github_pat_" + chars(ALNUM + "_", 82),
            "token %s",
            "github_pat_" + chars(ALNUM, 30)),
        rule(
            "github-pat",
            "ghp_" + chars(ALNUM, 36),
            "git clone https://x:%s@github.com/a/b",
            "ghp_" + chars(ALNUM, 35)),
        rule("github-oauth", "gho_" + chars(ALNUM, 36), "%s", "gho_" + chars(ALNUM, 20)),
        rule("github-app-token", "ghs_" + chars(ALNUM, 36), "%s", "ghx_" + chars(ALNUM, 36)),
        rule("github-refresh-token", "ghr_" + chars(ALNUM, 36), "%s", "ghr_short"),
        rule(
            "gitlab-pat-routable",
            "glpat-" + chars(URLSAFE, 30) + ".01" + chars("abcdefghij0123456789", 7),
            "%s",
            "glpat-" + chars("abc", 12)),
        rule(
            "gitlab-pat",
            "glpat-" + chars(URLSAFE, 20),
            "PRIVATE-TOKEN: %s",
            "glpat-" + chars(ALNUM, 19)),
        rule(
            "gitlab-ptt",
            "glptt-" + chars("0123456789abcdef", 40),
            "%s",
            "glptt-" + chars("xyz", 40)),
        rule("gitlab-rrt", "GR1348941" + chars(URLSAFE, 20), "%s", "GR1348941" + chars(ALNUM, 10)),
        rule(
            "gitlab-runner-authentication-token",
            "glrt-" + chars(URLSAFE, 20),
            "%s",
            "glrt-" + chars(ALNUM, 10)),
        rule("gitlab-deploy-token", "gldt-" + chars(URLSAFE, 20), "%s", "gldt-abc"),
        rule(
            "gitlab-cicd-job-token",
            "glcbt-ab1_" + chars(URLSAFE, 20),
            "%s",
            "glcbt-" + chars(ALNUM, 20)),
        rule("gitlab-feed-token", "glft-" + chars(URLSAFE, 20), "%s", "glft-abc"),
        rule(
            "gitlab-oauth-app-secret",
            "gloas-" + chars(URLSAFE, 64),
            "%s",
            "gloas-" + chars(ALNUM, 30)),
        rule("gitlab-scim-token", "glsoat-" + chars(URLSAFE, 20), "%s", "glsoat-abc"),
        rule(
            "slack-bot-token",
            "xoxb-12345678901-123456789012-" + chars(ALNUM, 24),
            "SLACK_BOT=%s",
            "xoxb-not-a-token"),
        rule(
            "slack-legacy-bot-token",
            "xoxb-123456789-" + chars(ALNUM, 22),
            "%s",
            "xoxb-123456789-" + chars(ALNUM, 10)),
        rule(
            "slack-user-token",
            "xoxp-1234567890-1234567890-1234567890-" + chars(ALNUM, 32),
            "%s",
            "xoxp-1234567890-1234567890-" + chars(ALNUM, 32)),
        rule(
            "slack-app-token",
            "xapp-1-A0123ABCD-1234567890123-" + chars("abcdef0123456789", 64),
            "%s",
            "xapp-one-A0123ABCD"),
        rule(
            "slack-config-access-token",
            "xoxe.xoxp-1-" + chars(ALNUM, 165),
            "%s",
            "xoxe.xoxp-1-" + chars(ALNUM, 100)),
        rule(
            "slack-config-refresh-token",
            "xoxe-1-" + chars(ALNUM, 146),
            "%s",
            "xoxe-1-" + chars(ALNUM, 100)),
        rule(
            "slack-legacy-token",
            "xoxs-1234-5678-9012-" + chars("abcdef0123456789", 64),
            "%s",
            "xoxs-one-two"),
        rule("slack-legacy-workspace-token", "xoxa-2-" + chars(ALNUM, 30), "%s", "xoxa-short"),
        rule(
            "slack-webhook-url",
            "https://hooks.slack.com/services/T0123ABCD/B0123ABCD/" + chars(ALNUM, 24),
            "curl -X POST %s",
            "https://hooks.slack.com/services/T0123ABCD"),
        rule(
            "jwt",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiIxMjM0NTY3ODkwIiwibmFtZSI6IkFkYSJ9."
                + chars(URLSAFE, 43),
            "Cookie: session=%s",
            "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9"),
        rule(
            "password-in-url",
            "Tr0ub4dor-3x",
            "DATABASE_URL=postgres://app:%s@db.internal:5432/app",
            "see https://ada@example.com/docs and mailto:ada@example.com"),
        rule(
            "authorization-header",
            "c2VjcmV0LWJlYXJlci12YWx1ZQ",
            "curl -H 'Authorization: Bearer %s' https://api.example.com",
            "Authorization: Bearer <token>"),
        rule(
            "password-assignment",
            "hunter2!x",
            "DB_PASSWORD=%s ./run",
            "password: string; PWD=/home/ada; passwordless login"),
        rule(
            "secret-assignment",
            "f9Kq2LmP0xZw",
            "client_secret: '%s'",
            "secret_length = 32 and secret: ${CLIENT_SECRET}"),
        rule(
            "token-assignment",
            "a1b2c3d4e5f6g7h8",
            "GITLAB_TOKEN=%s",
            "max_tokens: 4096, tokenizer=cl100k_base, token: null"));
  }

  private static Arguments rule(String name, String secret, String context, String nearMiss) {
    return Arguments.of(name, secret, context, nearMiss);
  }

  @Test
  void everyDefaultRuleIsCovered() {
    assertThat(rules().map(arguments -> (String) arguments.get()[0]))
        .containsExactlyInAnyOrderElementsOf(
            RedactionRules.defaults().stream().map(RedactionRule::name).toList());
  }

  @ParameterizedTest(name = "{0}")
  @MethodSource("rules")
  void eachRuleReplacesItsSecretAndNotItsNearMiss(
      String name, String secret, String context, String nearMiss) {
    String text = "before " + context.formatted(secret) + " after";
    Redacted redacted = REDACTOR.redact(text);
    assertThat(redacted.text())
        .doesNotContain(secret)
        .contains("[REDACTED:" + name + "]")
        .startsWith("before ")
        .endsWith(" after");
    assertThat(redacted.counts()).containsEntry(name, 1);

    Redacted again = REDACTOR.redact(redacted.text());
    assertThat(again.text()).isEqualTo(redacted.text());
    assertThat(again.counts()).isEmpty();

    Redacted miss = REDACTOR.redact("before " + nearMiss + " after");
    assertThat(miss.counts()).isEmpty();
    assertThat(miss.text()).isEqualTo("before " + nearMiss + " after");
  }

  @Test
  void onlyTheSecretOfAnAssignmentIsReplaced() {
    assertThat(REDACTOR.redact("\"password\": \"correct horse battery\",").text())
        .isEqualTo("\"password\": \"[REDACTED:password-assignment]\",");
    assertThat(REDACTOR.redact("api_token='s3cr3t-v4lue-here'").text())
        .isEqualTo("api_token='[REDACTED:token-assignment]'");
  }

  @Test
  void anEarlierRuleWinsWhereRulesOverlap() {
    String pat = "ghp_" + chars(ALNUM, 36);
    Redacted redacted = REDACTOR.redact("GITHUB_TOKEN=" + pat + "\n");
    assertThat(redacted.text()).isEqualTo("GITHUB_TOKEN=[REDACTED:github-pat]\n");
    assertThat(redacted.counts()).containsExactly(Map.entry("github-pat", 1));
  }

  @Test
  void countsEverySecretByRule() {
    String pat = "ghp_" + chars(ALNUM, 36);
    String key = "AKIA" + "Z7XQ2MLK4PQRSTUV";
    Redacted redacted = REDACTOR.redact(pat + " " + key + " " + pat);
    assertThat(redacted.counts())
        .containsExactly(Map.entry("aws-access-token", 1), Map.entry("github-pat", 2));
    assertThat(redacted.total()).isEqualTo(3);
    assertThat(RedactionTally.describe(redacted.counts()))
        .isEqualTo("3 secrets redacted (aws-access-token 1, github-pat 2)");
    RedactionTally tally = new RedactionTally();
    assertThat(REDACTOR.redact("x " + key, tally)).isEqualTo("x [REDACTED:aws-access-token]");
    tally.add(redacted.counts());
    assertThat(tally.total()).isEqualTo(4);
    assertThat(tally.describe()).isEqualTo("4 secrets redacted (aws-access-token 2, github-pat 2)");
    assertThat(new RedactionTally().describe()).isEmpty();
  }

  @Test
  void plainTextAndTheNoneRedactorKeepTextAsItIs() {
    String text = "We discussed the retry budget and the manifest swap.";
    assertThat(REDACTOR.redact(text).text()).isSameAs(text);
    assertThat(REDACTOR.redact("").text()).isEmpty();
    String pat = "ghp_" + chars(ALNUM, 36);
    assertThat(Redactor.none().redact(pat).text()).isEqualTo(pat);
    assertThat(Redactor.none().enabled()).isFalse();
    assertThat(Redactor.of(List.of())).isSameAs(Redactor.none());
    assertThat(REDACTOR.enabled()).isTrue();
  }

  @Test
  void theSameInputGivesTheSameOutput() {
    String text = "key " + "AKIA" + "Z7XQ2MLK4PQRSTUV" + " and " + PRIVATE_KEY;
    assertThat(REDACTOR.redact(text)).isEqualTo(REDACTOR.redact(text));
  }
}
