package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatlog.capture.watch.ClaudeLines;
import dev.chatlog.metrics.PrometheusServers;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.function.BooleanSupplier;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code import --watch} as a real process: killed with SIGKILL and started again it loses and
 * doubles nothing; SIGTERM stops it cleanly. Every wait is on a condition, with a generous timeout.
 */
class WatchProcessTest {
  private static final Duration PATIENCE = Duration.ofSeconds(90);

  @TempDir Path temp;

  private final List<Process> started = new ArrayList<>();

  @AfterEach
  void stopAll() {
    started.forEach(Process::destroyForcibly);
  }

  private Path store() {
    return temp.resolve("store");
  }

  private Map<String, String> env() {
    return Map.of(
        "CHM_STORE", store().toUri().toString(),
        "HOME", temp.toString(),
        "XDG_CACHE_HOME", temp.resolve("cache").toString(),
        "XDG_STATE_HOME", temp.resolve("state").toString());
  }

  private Process watch(String name, String... more) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.addAll(List.of("-Xmx128m", "-XX:TieredStopAtLevel=1", "-cp"));
    command.add(System.getProperty("java.class.path"));
    command.add(Main.class.getName());
    command.addAll(
        List.of(
            "import",
            "--watch",
            "--from",
            "claude-code",
            "--poll-interval",
            "200ms",
            temp.resolve("projects").toString()));
    command.addAll(List.of(more));
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(
                ProcessBuilder.Redirect.from(Files.createFile(temp.resolve(name + ".in")).toFile()))
            .redirectOutput(temp.resolve(name + ".out").toFile())
            .redirectError(temp.resolve(name + ".err").toFile());
    builder.environment().clear();
    builder.environment().putAll(env());
    Process process = builder.start();
    started.add(process);
    return process;
  }

  private String err(String name) throws IOException {
    Path file = temp.resolve(name + ".err");
    return Files.exists(file) ? Files.readString(file, UTF_8) : "";
  }

  /** Every message text stored, read by a separate run of the command. */
  private String stored() {
    CliRunner cli = new CliRunner(store());
    env().forEach(cli::env);
    return cli.run("retrieve", "--limit", "1000").out();
  }

  private static int count(String text, String word) {
    return text.split(Pattern.quote(word), -1).length - 1;
  }

  private static void awaitUntil(String what, BooleanSupplier condition) {
    await(what)
        .atMost(PATIENCE)
        .pollInterval(Duration.ofMillis(100))
        .until(condition::getAsBoolean);
  }

  private String errText(String name) {
    try {
      return err(name);
    } catch (IOException e) {
      return "";
    }
  }

  private BooleanSupplier errContains(String name, String text) {
    return () -> errText(name).contains(text);
  }

  private static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return socket.getLocalPort();
    }
  }

  @Test
  void aWatcherKilledWithSigkillAndStartedAgainLosesAndDoublesNothing() throws Exception {
    Path log = temp.resolve("projects").resolve("-work-shop").resolve("s1.jsonl");
    ClaudeLines lines = new ClaudeLines("s1", "/work/shop");
    ClaudeLines.append(log, lines.user("alpha prompt") + lines.assistant("m1", "alpha answer"));

    Process first = watch("first");
    awaitUntil("first import", () -> stored().contains("alpha answer"));
    ClaudeLines.append(log, lines.user("bravo prompt") + lines.assistant("m2", "bravo answer"));
    awaitUntil("second import", () -> stored().contains("bravo answer"));
    ClaudeLines.append(log, lines.user("charlie prompt"));
    first.destroyForcibly(); // SIGKILL, perhaps in the middle of importing charlie
    assertThat(first.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();

    ClaudeLines.append(log, lines.assistant("m3", "charlie answer") + lines.user("delta prompt"));
    Process second = watch("second");
    awaitUntil("after the restart", () -> stored().contains("delta prompt"));
    second.destroy(); // SIGTERM
    assertThat(second.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    assertThat(err("second")).contains("stopped watching");

    String all = stored();
    for (String text :
        List.of(
            "alpha prompt",
            "alpha answer",
            "bravo prompt",
            "bravo answer",
            "charlie prompt",
            "charlie answer",
            "delta prompt")) {
      assertThat(count(all, "\n" + text + "\n")).as(text + " in\n" + all).isEqualTo(1);
    }
  }

  @Test
  void metricsAreServedOnTheMetricsPortWhileWatching() throws Exception {
    Path log = temp.resolve("projects").resolve("-work-shop").resolve("s1.jsonl");
    ClaudeLines lines = new ClaudeLines("s1", "/work/shop");
    ClaudeLines.append(log, lines.user("echo prompt"));
    int port = freePort();
    Process process = watch("metrics", "--metrics-port", Integer.toString(port));
    awaitUntil("metrics port", errContains("metrics", "metrics on port " + port));
    awaitUntil("import", errContains("metrics", "session s1: 1 new message"));

    HttpResponse<String> response =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/metrics"))
                    .timeout(PATIENCE)
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    assertThat(response.body())
        .contains("chatlog_watch_messages_total 1.0")
        .contains("chatlog_chunks_written_total");
    process.destroy();
    assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
  }

  @Test
  void aRealPrometheusScrapesTheWatcher() throws Exception {
    Path log = temp.resolve("projects").resolve("-work-shop").resolve("s1.jsonl");
    ClaudeLines lines = new ClaudeLines("s1", "/work/shop");
    ClaudeLines.append(log, lines.user("echo prompt"));
    PrometheusServers.binary("prometheus");
    int port = freePort();
    Process process = watch("prometheus", "--metrics-port", Integer.toString(port));
    awaitUntil("import", errContains("prometheus", "session s1: 1 new message"));

    try (PrometheusServers.Server prometheus =
        PrometheusServers.prometheus(
            Files.createDirectories(temp.resolve("prometheus-server")), "127.0.0.1:" + port)) {
      URI query =
          URI.create(
              prometheus.uri()
                  + "/api/v1/query?query="
                  + URLEncoder.encode("chatlog_watch_messages_total", UTF_8));
      String answer =
          PrometheusServers.await(query, body -> body.contains("\"result\":[{"), PATIENCE);

      JsonNode result = new ObjectMapper().readTree(answer).path("data").path("result").get(0);
      assertThat(result.path("metric").path("job").asText()).isEqualTo("chatlog");
      assertThat(result.path("value").get(1).asText()).isEqualTo("1");
    } finally {
      process.destroy();
      assertThat(process.waitFor(PATIENCE.toSeconds(), TimeUnit.SECONDS)).isTrue();
    }
  }
}
