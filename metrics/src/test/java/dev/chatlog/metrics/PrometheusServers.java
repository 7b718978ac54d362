package dev.chatlog.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.InputStream;
import java.net.HttpURLConnection;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Real Prometheus servers for tests, from Debian's packages ({@code prometheus-pushgateway}, {@code
 * prometheus}, {@code prometheus-node-exporter}), each started on a free loopback port and stopped
 * when closed. A test whose package is missing is skipped with a message naming it ({@code .ci/run}
 * installs them).
 */
public final class PrometheusServers {
  private static final Duration START = Duration.ofSeconds(60);

  private PrometheusServers() {}

  /** One server process. */
  public static final class Server implements AutoCloseable {
    private final Process process;
    private final int port;
    private final Path log;

    Server(Process process, int port, Path log) {
      this.process = process;
      this.port = port;
      this.log = log;
    }

    /** {@code http://127.0.0.1:<port>}. */
    public URI uri() {
      return URI.create("http://127.0.0.1:" + port);
    }

    /** What the server printed so far, for failure messages. */
    public String log() {
      try {
        return Files.readString(log, UTF_8);
      } catch (IOException e) {
        return "(no log: " + e + ")";
      }
    }

    @Override
    public void close() throws InterruptedException {
      process.destroy();
      if (!process.waitFor(10, TimeUnit.SECONDS)) {
        process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  /** Debian's Pushgateway on a free loopback port; the test is skipped when it is missing. */
  public static Server pushgateway(Path folder) throws Exception {
    Path binary = binary("prometheus-pushgateway");
    int port = freePort();
    return start(
        folder,
        "pushgateway",
        port,
        List.of(binary.toString(), "--web.listen-address=127.0.0.1:" + port));
  }

  /**
   * Debian's Prometheus on a free loopback port, scraping {@code target} ({@code host:port}) every
   * second; the test is skipped when it is missing.
   */
  public static Server prometheus(Path folder, String target) throws Exception {
    Path binary = binary("prometheus");
    Path config = folder.resolve("prometheus.yml");
    Files.writeString(
        config,
        String.join(
            "\n",
            "global:",
            "  scrape_interval: 1s",
            "  scrape_timeout: 1s",
            "scrape_configs:",
            "  - job_name: chatlog",
            "    static_configs:",
            "      - targets: ['" + target + "']",
            ""),
        UTF_8);
    int port = freePort();
    return start(
        folder,
        "prometheus",
        port,
        List.of(
            binary.toString(),
            "--config.file=" + config,
            "--storage.tsdb.path=" + folder.resolve("prometheus-data"),
            "--web.listen-address=127.0.0.1:" + port));
  }

  /**
   * Debian's node_exporter on a free loopback port with only its textfile collector, reading the
   * {@code *.prom} files of {@code textfiles}; the test is skipped when it is missing.
   */
  public static Server nodeExporter(Path folder, Path textfiles) throws Exception {
    Path binary = binary("prometheus-node-exporter");
    int port = freePort();
    return start(
        folder,
        "node-exporter",
        port,
        List.of(
            binary.toString(),
            "--collector.disable-defaults",
            "--collector.textfile",
            "--collector.textfile.directory=" + textfiles,
            "--web.listen-address=127.0.0.1:" + port));
  }

  /** The Debian binary of {@code name}; skips the test with the package to install otherwise. */
  public static Path binary(String name) {
    Path binary = Path.of("/usr/bin", name);
    assumeTrue(
        Files.isExecutable(binary),
        "needs Debian's " + name + " package: apt-get install -y " + name);
    return binary;
  }

  /** The body of a {@code GET}; an {@link IOException} for a status other than 200. */
  public static String get(URI uri) throws IOException {
    HttpURLConnection connection = (HttpURLConnection) uri.toURL().openConnection();
    connection.setConnectTimeout(5_000);
    connection.setReadTimeout(10_000);
    try {
      int status = connection.getResponseCode();
      if (status != 200) {
        throw new IOException("HTTP " + status + " from " + uri);
      }
      try (InputStream in = connection.getInputStream()) {
        return new String(in.readAllBytes(), UTF_8);
      }
    } finally {
      connection.disconnect();
    }
  }

  /**
   * {@code GET}s {@code uri} until the body passes {@code done}, at most {@code within}.
   *
   * @return the last body
   * @throws AssertionError naming the last body when it never passes
   */
  public static String await(URI uri, Predicate<String> done, Duration within) throws Exception {
    long deadline = System.nanoTime() + within.toNanos();
    String last = "(nothing)";
    while (System.nanoTime() < deadline) {
      try {
        last = get(uri);
        if (done.test(last)) {
          return last;
        }
      } catch (IOException e) {
        last = e.toString();
      }
      Thread.sleep(200);
    }
    throw new AssertionError(uri + " did not answer as expected within " + within + ": " + last);
  }

  /** A port that was free a moment ago. */
  public static int freePort() throws IOException {
    try (ServerSocket socket = new ServerSocket(0)) {
      return socket.getLocalPort();
    }
  }

  private static Server start(Path folder, String name, int port, List<String> command)
      throws Exception {
    Files.createDirectories(folder);
    Path log = folder.resolve(name + ".log");
    Process process =
        new ProcessBuilder(new ArrayList<>(command))
            .redirectErrorStream(true)
            .redirectOutput(log.toFile())
            .redirectInput(ProcessBuilder.Redirect.from(nullFile()))
            .directory(folder.toFile())
            .start();
    Server server = new Server(process, port, log);
    URI ready = URI.create(server.uri() + (name.equals("node-exporter") ? "/metrics" : "/-/ready"));
    try {
      long deadline = System.nanoTime() + START.toNanos();
      while (true) {
        try {
          get(ready);
          return server;
        } catch (IOException e) {
          if (!process.isAlive() || System.nanoTime() > deadline) {
            throw new AssertionError(name + " did not start: " + server.log(), e);
          }
          Thread.sleep(100);
        }
      }
    } catch (RuntimeException | Error | InterruptedException e) {
      server.close();
      throw e;
    }
  }

  private static java.io.File nullFile() {
    return new java.io.File("/dev/null");
  }
}
