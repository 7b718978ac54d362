package dev.chatlog.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/**
 * Serves {@link PrometheusMetrics#scrape} on {@code GET /metrics} with the JDK's HTTP server, for a
 * long-running command ({@code --metrics-port}). Every other path is 404, every other method 405.
 * One thread answers; close the server to stop it.
 */
public final class MetricsServer implements AutoCloseable {
  /** The path metrics are served on. */
  public static final String PATH = "/metrics";

  private final HttpServer server;
  private final ExecutorService executor;

  private MetricsServer(HttpServer server, ExecutorService executor) {
    this.server = server;
    this.executor = executor;
  }

  /**
   * Starts serving {@code metrics} on {@code address} (port 0: a free port, see {@link #port}).
   *
   * @throws UncheckedIOException when the address cannot be bound, for example a port in use
   */
  public static MetricsServer start(PrometheusMetrics metrics, InetSocketAddress address) {
    requireNonNull(metrics, "metrics is null");
    requireNonNull(address, "address is null");
    HttpServer server;
    try {
      server = HttpServer.create(address, 16);
    } catch (IOException e) {
      throw new UncheckedIOException(
          "Cannot serve metrics on " + address + ": " + e.getMessage(), e);
    }
    ExecutorService executor =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "chatlog-metrics-server");
              thread.setDaemon(true);
              return thread;
            });
    server.setExecutor(executor);
    server.createContext("/", exchange -> answer(exchange, metrics));
    server.start();
    return new MetricsServer(server, executor);
  }

  private static void answer(HttpExchange exchange, PrometheusMetrics metrics) throws IOException {
    try (exchange) {
      if (!PATH.equals(exchange.getRequestURI().getPath())) {
        send(exchange, 404, "text/plain; charset=utf-8", "Not found; metrics are on /metrics\n");
      } else if (!"GET".equals(exchange.getRequestMethod())
          && !"HEAD".equals(exchange.getRequestMethod())) {
        exchange.getResponseHeaders().set("Allow", "GET, HEAD");
        send(exchange, 405, "text/plain; charset=utf-8", "Method not allowed\n");
      } else {
        send(exchange, 200, PrometheusMetrics.CONTENT_TYPE, metrics.scrape());
      }
    }
  }

  private static void send(HttpExchange exchange, int status, String type, String text)
      throws IOException {
    byte[] body = text.getBytes(UTF_8);
    exchange.getResponseHeaders().set("Content-Type", type);
    boolean head = "HEAD".equals(exchange.getRequestMethod());
    exchange.sendResponseHeaders(status, head ? -1 : body.length);
    if (!head) {
      try (OutputStream out = exchange.getResponseBody()) {
        out.write(body);
      }
    }
  }

  /** The port the server listens on. */
  public int port() {
    return server.getAddress().getPort();
  }

  /** Stops serving, waiting at most a second for answers under way. */
  @Override
  public void close() {
    server.stop(1);
    executor.shutdownNow();
  }
}
