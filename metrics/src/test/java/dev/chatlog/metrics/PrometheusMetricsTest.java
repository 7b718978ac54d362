package dev.chatlog.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.chatlog.observe.Operation;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class PrometheusMetricsTest {
  @TempDir Path temp;

  private final PrometheusMetrics metrics = new PrometheusMetrics();

  @Test
  void theGroupOfAPushIsAPathOfLabels() {
    Map<String, String> grouping = new LinkedHashMap<>();
    grouping.put("command", "save");
    grouping.put("store", "file:///a b");
    grouping.put("empty", "");

    assertThat(PrometheusMetrics.groupUri(URI.create("http://gw:9091/"), "chatlog", grouping))
        .hasToString(
            "http://gw:9091/metrics/job/chatlog/command/save/store@base64/ZmlsZTovLy9hIGI="
                + "/empty@base64/=");
    assertThat(PrometheusMetrics.groupUri(URI.create("http://gw:9091/x"), "a b", Map.of()))
        .hasToString("http://gw:9091/x/metrics/job/a%20b");
  }

  @Test
  void aTextfileIsReplacedWholeAndHoldsTheScrape() throws Exception {
    metrics.observer().operation(Operation.COMPACT, 1_000, null);
    Path file = temp.resolve("chatlog.prom");
    Files.writeString(file, "old");

    metrics.writeTextfile(file);

    assertThat(Files.readString(file)).isEqualTo(metrics.scrape());
    assertThat(Files.readString(file)).contains("chatlog_compactions_total{outcome=\"ok\"} 1.0");
    try (var files = Files.list(temp)) {
      assertThat(files).containsExactly(file);
    }
  }

  @Test
  void anUnwritableFolderIsAnIoException() throws Exception {
    Path folder = Files.createDirectory(temp.resolve("locked"));
    Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("r-xr-xr-x"));
    try {
      assertThatThrownBy(() -> metrics.writeTextfile(temp.resolve("missing/chatlog.prom")))
          .isInstanceOf(IOException.class);
      if (!"root".equals(System.getProperty("user.name"))) {
        assertThatThrownBy(() -> metrics.writeTextfile(folder.resolve("chatlog.prom")))
            .isInstanceOf(IOException.class);
      }
    } finally {
      Files.setPosixFilePermissions(folder, PosixFilePermissions.fromString("rwxr-xr-x"));
    }
  }

  @Test
  void aPushPutsTheTextFormatToTheGroup() throws Exception {
    metrics.observer().operation(Operation.SAVE, 1_000, null);
    AtomicReference<String> seen = new AtomicReference<>();
    HttpServer server =
        HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        exchange -> {
          seen.set(
              exchange.getRequestMethod()
                  + " "
                  + exchange.getRequestURI()
                  + " "
                  + exchange.getRequestHeaders().getFirst("Content-Type")
                  + "\n"
                  + new String(exchange.getRequestBody().readAllBytes(), UTF_8));
          exchange.sendResponseHeaders(200, -1);
          exchange.close();
        });
    server.start();
    try {
      URI gateway = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
      metrics.push(gateway, "chatlog", Map.of("command", "save"), Duration.ofSeconds(5));
    } finally {
      server.stop(0);
    }
    assertThat(seen.get())
        .startsWith(
            "PUT /metrics/job/chatlog/command/save text/plain; version=0.0.4; charset=utf-8\n")
        .contains("chatlog_saves_total{outcome=\"ok\"} 1.0");
  }

  @Test
  void anErrorAnswerIsAnIoExceptionWithTheStatusAndTheGatewaysWords() throws Exception {
    HttpServer server = TestServers.answering(400, "text/plain", "pushed metrics are invalid");
    try {
      URI gateway = URI.create("http://user:secret@127.0.0.1:" + server.getAddress().getPort());
      assertThatThrownBy(() -> metrics.push(gateway, "chatlog", Map.of(), Duration.ofSeconds(5)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("HTTP 400 from http://****@127.0.0.1:")
          .hasMessageEndingWith(": pushed metrics are invalid")
          .message()
          .doesNotContain("secret");
    } finally {
      server.stop(0);
    }
  }

  @Test
  void aGatewayThatNeverAnswersIsGivenUpAfterTheTimeout() throws Exception {
    try (TestServers.Silent silent = TestServers.silent()) {
      long start = System.nanoTime();
      assertThatThrownBy(
              () -> metrics.push(silent.uri(), "chatlog", Map.of(), Duration.ofMillis(500)))
          .isInstanceOf(IOException.class)
          .hasMessageContaining("within 500 ms");
      long millis = (System.nanoTime() - start) / 1_000_000;

      assertThat(millis).isBetween(400L, 3_000L);
    }
  }

  @Test
  void aGatewayThatRefusesConnectionsIsAnIoException() throws Exception {
    URI gateway = URI.create("http://127.0.0.1:" + PrometheusServers.freePort());
    assertThatThrownBy(() -> metrics.push(gateway, "chatlog", Map.of(), Duration.ofSeconds(5)))
        .isInstanceOf(IOException.class);
  }
}
