package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.sun.net.httpserver.HttpServer;
import dev.chatlog.metrics.TestServers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code CHM_LOG_FORMAT=json}: every line a command prints on stderr, logged or its own, is one
 * JSON object with the fields {@code time}, {@code level}, {@code logger}, {@code message}, {@code
 * command} and {@code store} (without credentials), and {@code error_type} for an error; no secret
 * ever appears.
 */
class JsonLogsTest {
  private static final String SECRET = "wJalrXUtnFEMI-never-printed-7f3a";

  @TempDir Path temp;

  private CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
  }

  /** Every stderr line as JSON, checked for the fields every line has. */
  private List<JsonNode> jsonLines(CliRunner.Result result, String command) {
    List<String> lines = result.err().lines().toList();
    assertThat(lines).as("stderr of %s", command).isNotEmpty();
    assertThat(result.err()).doesNotContain(SECRET);
    return lines.stream()
        .map(
            line -> {
              JsonNode json = CliRunner.json(line);
              assertThat(json.isObject()).as(line).isTrue();
              assertThat(Instant.parse(json.path("time").asText())).as(line).isNotNull();
              assertThat(json.path("level").asText()).as(line).isIn("ERROR", "WARN", "INFO");
              assertThat(json.path("logger").asText()).as(line).startsWith("dev.chatlog.");
              assertThat(json.path("message").asText()).as(line).isNotBlank();
              assertThat(json.path("command").asText()).as(line).isEqualTo(command);
              return json;
            })
        .toList();
  }

  @Test
  void aVerifyOfADamagedStoreLogsJsonLines() throws Exception {
    cli.save("good chunk", "-p", "demo");
    String bad = cli.save("bad chunk", "-p", "demo");
    Files.writeString(CliRunner.only(cli.store().resolve("chunks"), bad + ".md"), "garbage");

    CliRunner.Result child =
        cli.runInChild(
            Map.of("CHM_LOG_FORMAT", "json", "CHM_LOG_LEVEL", "info"), "verify", "--repair");

    List<JsonNode> lines = jsonLines(child, "verify");
    assertThat(lines)
        .allSatisfy(
            json ->
                assertThat(json.path("store").asText()).isEqualTo(cli.store().toUri().toString()));
    assertThat(lines).anySatisfy(json -> assertThat(json.path("message").asText()).contains(bad));
  }

  @Test
  void aPruneLogsItsSummaryAsJson() {
    cli.env("CHM_LOG_FORMAT", "json");
    cli.save("one", "-p", "demo");
    cli.save("two", "-p", "demo");
    cli.save("three", "-p", "demo");

    CliRunner.Result prune = cli.run("prune", "--max-chunks", "1");

    assertThat(prune.exitCode()).as(prune.err()).isZero();
    JsonNode line = jsonLines(prune, "prune").get(0);
    assertThat(line.path("level").asText()).isEqualTo("INFO");
    assertThat(line.path("logger").asText()).isEqualTo("dev.chatlog.cli");
    assertThat(line.path("message").asText()).startsWith("removed 2 of 3 chunks");
    assertThat(line.path("store").asText() + "/").isEqualTo(cli.store().toUri().toString());
    assertThat(line.has("error_type")).isFalse();
  }

  @Test
  void retentionAfterASavePrintsOneLineByDefault() {
    cli.env("CHM_RETENTION_MAX_CHUNKS", "1");
    cli.save("one", "-p", "demo");

    CliRunner.Result second = cli.runWithInput("two", "save", "-p", "demo");

    assertThat(second.exitCode()).isZero();
    assertThat(second.err().lines())
        .containsExactly(
            "chatlog: retention (--max-chunks 1) removed 1 of 2 chunks after the save");

    cli.env("CHM_LOG_FORMAT", "json");
    CliRunner.Result third = cli.runWithInput("three", "save", "-p", "demo");
    assertThat(jsonLines(third, "save"))
        .singleElement()
        .satisfies(
            json ->
                assertThat(json.path("message").asText())
                    .isEqualTo("retention (--max-chunks 1) removed 1 of 2 chunks after the save"));
  }

  @Test
  void anErrorIsAJsonLineWithItsType() {
    cli.env("CHM_LOG_FORMAT", "json");

    CliRunner.Result show = cli.run("show", "01JD3ZV6Q2N8K4X7W5T9R1M0AB");
    CliRunner.Result usage = cli.run("list", "--limit", "many");

    assertThat(show.exitCode()).isEqualTo(ExitCodes.NOT_FOUND);
    JsonNode notFound = jsonLines(show, "show").get(0);
    assertThat(notFound.path("level").asText()).isEqualTo("ERROR");
    assertThat(notFound.path("error_type").asText())
        .isEqualTo("dev.chatlog.error.NotFoundException");
    assertThat(notFound.has("stack_trace")).isFalse();
    assertThat(usage.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(jsonLines(usage, "list").get(0).path("error_type").asText())
        .endsWith("ParameterException");
  }

  @Test
  void verboseAddsTheStackTraceToAJsonError() {
    cli.env("CHM_LOG_FORMAT", "json");

    CliRunner.Result show = cli.run("--verbose", "show", "01JD3ZV6Q2N8K4X7W5T9R1M0AB");

    JsonNode line = jsonLines(show, "show").get(0);
    assertThat(line.path("stack_trace").asText()).contains("NotFoundException").contains("\tat ");
  }

  @Test
  void anUnknownLogFormatIsRefusedLikeAnUnknownLevel() {
    cli.env("CHM_LOG_FORMAT", "xml");

    CliRunner.Result result = cli.run("list");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err())
        .isEqualTo("chatlog: Cannot use CHM_LOG_FORMAT 'xml': expected text or json\n");
  }

  @Test
  void aRetriedS3RequestLogsJsonAndNoSecret() throws Exception {
    HttpServer slow =
        TestServers.answering(
            503,
            "application/xml",
            "<Error><Code>SlowDown</Code><Message>Please reduce your request rate.</Message></Error>");
    try {
      String endpoint = TestServers.uri(slow).toString();
      CliRunner.Result child =
          cli.runInChild(
              Map.of(
                  "CHM_STORE",
                  "s3://team-chats/alice?endpoint=" + endpoint + "&path-style=true",
                  "CHM_S3_REGION",
                  "eu-west-1",
                  "CHM_S3_MAX_ATTEMPTS",
                  "3",
                  "CHM_S3_PROBE_CACHE",
                  temp.resolve("probe").toString(),
                  "AWS_ACCESS_KEY_ID",
                  "AKIDEXAMPLE",
                  "AWS_SECRET_ACCESS_KEY",
                  SECRET,
                  "CHM_LOG_FORMAT",
                  "json",
                  "CHM_LOG_LEVEL",
                  "info"),
              "list");

      assertThat(child.exitCode()).as(child.err()).isEqualTo(ExitCodes.FAILURE);
      List<JsonNode> lines = jsonLines(child, "list");
      assertThat(lines)
          .allSatisfy(
              json -> assertThat(json.path("store").asText()).isEqualTo("s3://team-chats/alice"));
      assertThat(lines)
          .filteredOn(json -> json.path("message").asText().startsWith("Retrying the "))
          .hasSize(2)
          .allSatisfy(
              json ->
                  assertThat(json.path("logger").asText()).isEqualTo("dev.chatlog.s3.S3BlobStore"));
      JsonNode last = lines.get(lines.size() - 1);
      assertThat(last.path("level").asText()).isEqualTo("ERROR");
      assertThat(last.path("error_type").asText()).isEqualTo("dev.chatlog.error.StorageException");
      assertThat(child.out()).doesNotContain(SECRET);
    } finally {
      slow.stop(0);
    }
  }
}
