package dev.chatlog.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatlog.observe.Operation;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The three ways out against the real servers: a push that the Pushgateway serves again, a {@code
 * /metrics} endpoint that Prometheus scrapes and answers queries about, and a textfile that
 * node_exporter reads.
 */
class RealPrometheusTest {
  private static final Duration WAIT = Duration.ofSeconds(60);

  @TempDir Path temp;

  @Test
  void aPushShowsUpInThePushgateway() throws Exception {
    try (PrometheusServers.Server gateway = PrometheusServers.pushgateway(temp)) {
      PrometheusMetrics metrics = new PrometheusMetrics();
      metrics.observer().operation(Operation.SAVE, 1_000_000, null);
      metrics.observer().chunksWritten(2, 300);

      metrics.push(gateway.uri(), "chatlog", Map.of("command", "save"), Duration.ofSeconds(5));

      String served = PrometheusServers.get(URI.create(gateway.uri() + "/metrics"));
      assertThat(served)
          .contains(
              "chatlog_saves_total{command=\"save\",instance=\"\",job=\"chatlog\",outcome=\"ok\"}"
                  + " 1")
          .contains(
              "chatlog_chunks_written_bytes_total{command=\"save\",instance=\"\",job=\"chatlog\"}"
                  + " 300");
    }
  }

  @Test
  void prometheusScrapesTheMetricsEndpoint() throws Exception {
    PrometheusMetrics metrics = new PrometheusMetrics();
    metrics.observer().operation(Operation.COMPACT, 1_000_000, null);
    metrics.observer().operation(Operation.COMPACT, 1_000_000, null);
    try (MetricsServer server =
            MetricsServer.start(
                metrics, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
        PrometheusServers.Server prometheus =
            PrometheusServers.prometheus(temp, "127.0.0.1:" + server.port())) {
      URI query =
          URI.create(
              prometheus.uri()
                  + "/api/v1/query?query="
                  + URLEncoder.encode(
                      "chatlog_compactions_total{job=\"chatlog\"}", StandardCharsets.UTF_8));
      String answer = PrometheusServers.await(query, body -> body.contains("\"result\":[{"), WAIT);

      JsonNode result = new ObjectMapper().readTree(answer).path("data").path("result").get(0);
      assertThat(result.path("metric").path("outcome").asText()).isEqualTo("ok");
      assertThat(result.path("value").get(1).asText()).isEqualTo("2");
    }
  }

  @Test
  void nodeExporterReadsTheTextfile() throws Exception {
    PrometheusMetrics metrics = new PrometheusMetrics();
    metrics.observer().operation(Operation.PRUNE, 1_000_000, null);
    metrics.observer().chunksRemoved(Operation.PRUNE, 7);
    Path textfiles = Files.createDirectories(temp.resolve("textfiles"));
    metrics.writeTextfile(textfiles.resolve("chatlog.prom"));

    try (PrometheusServers.Server exporter = PrometheusServers.nodeExporter(temp, textfiles)) {
      String served = PrometheusServers.get(URI.create(exporter.uri() + "/metrics"));
      assertThat(served)
          .contains("chatlog_chunks_removed_total{operation=\"prune\"} 7")
          .contains("chatlog_prunes_total{outcome=\"ok\"} 1")
          .contains("node_textfile_scrape_error 0");
    }
  }
}
