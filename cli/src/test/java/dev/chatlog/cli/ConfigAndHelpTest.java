package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.params.provider.ValueSource;

class ConfigAndHelpTest {
  @TempDir Path temp;

  CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
  }

  @Test
  void configPrintsEachSettingWithItsSource() {
    cli.env("CHM_CHUNK_MAX_CHARS", "5000");

    CliRunner.Result result = cli.run("config");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .containsPattern("CHM_STORE\\s+" + cli.store().toUri().toString().replace("/", "/?"))
        .containsPattern("CHM_CHUNK_MAX_CHARS\\s+5000\\s+env CHM_CHUNK_MAX_CHARS")
        .containsPattern("CHM_READ_ONLY\\s+false\\s+default");
  }

  @Test
  void configRedactsSecretsAndOffersJson() {
    cli.env("CHM_STORE", "s3://bucket/prefix").env("CHM_S3_SECRET_ACCESS_KEY", "hunter2");

    CliRunner.Result result = cli.run("config", "--format", "json");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out()).doesNotContain("hunter2");
    JsonNode json = CliRunner.json(result.out());
    Map<String, JsonNode> byName = new HashMap<>();
    json.forEach(setting -> byName.put(setting.get("name").asText(), setting));
    assertThat(byName.get("CHM_STORE").get("value").asText()).isEqualTo("s3://bucket/prefix");
    assertThat(byName.values())
        .anySatisfy(
            setting -> {
              assertThat(setting.get("secret").asBoolean()).isTrue();
              assertThat(setting.get("value").asText()).isEqualTo("****");
            });
  }

  @Test
  void configShowsALegacyVariableAsTheSource() {
    cli.env("CHM_STORE", null).env("CHAT_HISTORY_BASE_DIR", temp.resolve("legacy").toString());

    CliRunner.Result result = cli.run("config");

    assertThat(result.out()).contains("CHAT_HISTORY_BASE_DIR").contains("legacy");
  }

  @Test
  void versionPrintsTheBuildVersion() {
    CliRunner.Result result = cli.run("--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("chatlog " + VersionProvider.version());
    assertThat(VersionProvider.version()).matches("\\d+\\.\\d+\\.\\d+.*");
  }

  @ParameterizedTest
  @ValueSource(strings = {"save", "retrieve", "search", "list", "doctor"})
  void everySubcommandPrintsTheBuildVersion(String subcommand) {
    CliRunner.Result result = cli.run(subcommand, "--version");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("chatlog " + subcommand + " " + VersionProvider.version());
  }

  @Test
  void helpListsEveryCommandAndTheExitCodes() {
    CliRunner.Result result = cli.run("--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .contains("save", "retrieve", "search", "list", "show", "delete", "compact", "stats")
        .contains("config")
        .contains("3 read-only");
  }

  static List<String> commands() {
    return ChatlogCommand.SUBCOMMANDS;
  }

  @ParameterizedTest
  @MethodSource("commands")
  void everyCommandHasHelp(String command) {
    CliRunner.Result result = cli.run(command, "--help");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out())
        .startsWith("Usage: chatlog " + command)
        .contains("--help", "--verbose", "Show stack traces of errors.");
    assertThat(result.err()).isEmpty();
  }

  @Test
  void saveHelpDocumentsTheLegacyAliases() {
    assertThat(cli.run("save", "--help").out())
        .contains("--project-name", "--session-id", "--keywords", "--adrs", "--epics")
        .contains("--capabilities", "--dry-run", "--label");
  }

  @Test
  void usageNamesTheAliasWhenRunAsChm() {
    CliRunner.Result result = cli.runAs("chm", "list", "--help");

    assertThat(result.out()).startsWith("Usage: chm list");
  }

  @Test
  void noCommandIsAUsageErrorThatShowsTheCommands() {
    CliRunner.Result result = cli.run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("Usage: chatlog").contains("Commands:");
  }

  @Test
  void noCommandIsOneErrorLineWhenStderrHoldsJsonLogs() {
    cli.env("CHM_LOG_FORMAT", "json");

    CliRunner.Result result = cli.run();

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Missing command").hasLineCount(1);
  }

  @Test
  void anUnknownOptionIsAUsageErrorOnOneLine() {
    CliRunner.Result result = cli.run("list", "--frobnicate");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).startsWith("chatlog: Unknown option '--frobnicate'");
    assertThat(result.err()).contains("chatlog list --help").hasLineCount(1);
  }
}
