package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.metrics.PrometheusServers;
import dev.chatlog.metrics.TestServers;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One-shot commands push their metrics to a Pushgateway ({@code CHM_METRICS_PUSHGATEWAY}) or write
 * them as a node_exporter textfile ({@code CHM_METRICS_FILE}); neither failing changes the exit
 * code or takes longer than the timeout.
 */
class MetricsCliTest {
  @TempDir Path temp;

  private CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
  }

  /** The value of one sample of the Prometheus text, by its name and labels as printed. */
  private static double sample(String text, String series) {
    Matcher matcher =
        Pattern.compile("(?m)^" + Pattern.quote(series) + " ([0-9.e+-]+)$").matcher(text);
    assertThat(matcher.find()).as("%s in%n%s", series, text).isTrue();
    return Double.parseDouble(matcher.group(1));
  }

  @Test
  void aSaveAndARetrieveShowUpInThePushgateway() throws Exception {
    try (PrometheusServers.Server gateway = PrometheusServers.pushgateway(temp.resolve("gw"))) {
      cli.env("CHM_METRICS_PUSHGATEWAY", gateway.uri().toString());
      String first = "x".repeat(30);
      String second = "héllo";

      assertThat(cli.runWithInput(first, "save", "-p", "demo").exitCode()).isZero();
      CliRunner.Result saved = cli.runWithInput(second, "save", "-p", "demo");
      assertThat(saved.exitCode()).as(saved.err()).isZero();
      assertThat(saved.err()).isEmpty();
      CliRunner.Result retrieved = cli.run("retrieve", "-p", "demo", "--limit", "5");
      assertThat(retrieved.exitCode()).isZero();

      String text = PrometheusServers.get(URI.create(gateway.uri() + "/metrics"));
      String save = "command=\"save\",instance=\"\",job=\"chatlog\"";
      String retrieve = "command=\"retrieve\",instance=\"\",job=\"chatlog\"";
      // the group holds the last run of each command: the save of "héllo" (6 bytes)
      assertThat(sample(text, "chatlog_saves_total{" + save + ",outcome=\"ok\"}")).isEqualTo(1);
      assertThat(sample(text, "chatlog_chunks_written_total{" + save + "}")).isEqualTo(1);
      assertThat(sample(text, "chatlog_chunks_written_bytes_total{" + save + "}")).isEqualTo(6);
      assertThat(sample(text, "chatlog_run_exit_code{" + save + "}")).isZero();
      assertThat(sample(text, "chatlog_retrievals_total{" + retrieve + ",outcome=\"ok\"}"))
          .isEqualTo(1);
      assertThat(sample(text, "chatlog_chunks_read_total{" + retrieve + "}")).isEqualTo(2);
      assertThat(sample(text, "chatlog_chunks_read_bytes_total{" + retrieve + "}")).isEqualTo(36);
      assertThat(
              sample(
                  text,
                  "chatlog_operation_duration_seconds_count{"
                      + retrieve
                      + ",operation=\"retrieve\",outcome=\"ok\"}"))
          .isEqualTo(1);
    }
  }

  @Test
  void aFailedCommandPushesItsErrorAndExitCode() throws Exception {
    try (PrometheusServers.Server gateway = PrometheusServers.pushgateway(temp.resolve("gw"))) {
      cli.env("CHM_METRICS_PUSHGATEWAY", gateway.uri().toString());

      assertThat(cli.run("delete", "01JD3ZV6Q2N8K4X7W5T9R1M0AB").exitCode())
          .isEqualTo(ExitCodes.NOT_FOUND);

      String text = PrometheusServers.get(URI.create(gateway.uri() + "/metrics"));
      String delete = "command=\"delete\",instance=\"\",job=\"chatlog\"";
      assertThat(sample(text, "chatlog_run_exit_code{" + delete + "}")).isEqualTo(4);
      assertThat(
              sample(
                  text,
                  "chatlog_errors_total{" + delete + ",kind=\"not_found\",operation=\"delete\"}"))
          .isEqualTo(1);
    }
  }

  @Test
  void aPushgatewayThatDoesNotAnswerIsAWarningAfterTheTimeout() throws Exception {
    try (TestServers.Silent silent = TestServers.silent()) {
      cli.env("CHM_METRICS_PUSHGATEWAY", silent.uri().toString());
      cli.env("CHM_METRICS_TIMEOUT", "PT0.5S");

      long start = System.nanoTime();
      CliRunner.Result saved = cli.runWithInput("note", "save", "-p", "demo");
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(saved.exitCode()).isZero();
      assertThat(saved.outLines()).hasSize(1);
      assertThat(saved.err())
          .startsWith("chatlog: Cannot push metrics: no answer from http://127.0.0.1:")
          .endsWith(" within 500 ms\n");
      assertThat(millis).isLessThan(5_000);
    }
  }

  @Test
  void metricsAreWrittenAsATextfile() throws Exception {
    Path file = temp.resolve("chatlog.prom");
    cli.env("CHM_METRICS_FILE", file.toString());

    assertThat(cli.runWithInput("note", "save", "-p", "demo").exitCode()).isZero();
    assertThat(cli.run("compact").exitCode()).isZero();

    String text = Files.readString(file);
    assertThat(sample(text, "chatlog_compactions_total{outcome=\"ok\"}")).isEqualTo(1);
    assertThat(sample(text, "chatlog_run_exit_code")).isZero();
    assertThat(text).doesNotContain("chatlog_saves_total");
  }

  @Test
  void anUnwritableMetricsFileIsAWarning() throws Exception {
    Path notAFolder = Files.writeString(temp.resolve("file"), "x");
    cli.env("CHM_METRICS_FILE", notAFolder.resolve("chatlog.prom").toString());

    CliRunner.Result saved = cli.runWithInput("note", "save", "-p", "demo");

    assertThat(saved.exitCode()).isZero();
    assertThat(saved.err()).startsWith("chatlog: Cannot write metrics to " + notAFolder);
    assertThat(saved.err().lines()).hasSize(1);
  }

  @Test
  void aBadPushgatewayIsAUsageError() {
    cli.env("CHM_METRICS_PUSHGATEWAY", "pushgateway:9091");

    CliRunner.Result result = cli.run("list");

    assertThat(result.exitCode()).isEqualTo(ExitCodes.USAGE);
    assertThat(result.err())
        .startsWith("chatlog: Cannot use CHM_METRICS_PUSHGATEWAY 'pushgateway:9091'");
  }
}
