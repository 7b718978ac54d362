package dev.chatlog.s3;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;

/**
 * A loopback HTTP server on 127.0.0.1 that forwards requests to another endpoint, the common part
 * of the test relays in front of S3Proxy: it records every request, copies headers and bodies both
 * ways (less the hop-by-hop headers) and leaves to a subclass what to do with each request.
 */
abstract class LoopbackRelay implements AutoCloseable {
  private static final Set<String> HOP_HEADERS =
      Set.of(
          "host",
          "connection",
          "content-length",
          "transfer-encoding",
          "expect",
          "upgrade",
          "date",
          "from",
          "via",
          "warning");

  private final HttpServer server;
  private final ExecutorService handlers;
  private final HttpClient upstream =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI target;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());

  /** A relay to {@code target} whose requests run on {@code handlers}. */
  LoopbackRelay(URI target, ExecutorService handlers) {
    this.target = target;
    this.handlers = handlers;
    // Without TCP_NODELAY every answer waits for a delayed ACK (about 40 ms on Linux).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::handle);
    server.setExecutor(handlers);
    server.start();
  }

  /** The relay's endpoint. */
  final URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every request that reached the relay so far, as {@code METHOD path}. */
  final List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Forgets the requests seen so far. */
  final void clearRequests() {
    requests.clear();
  }

  /** Answers one request, whose body has been read already. */
  abstract void relay(HttpExchange exchange, String method, URI uri, byte[] body)
      throws IOException, InterruptedException;

  /** Whether a request header (in lower case) goes on to the server; hop-by-hop ones never do. */
  boolean forwards(String header) {
    return true;
  }

  private void handle(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      URI uri = exchange.getRequestURI();
      requests.add(method + " " + uri.getRawPath());
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      try {
        relay(exchange, method, uri, body);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
      }
    }
  }

  /** Sends the request on to the server, unchanged but for the headers it does not forward. */
  final HttpResponse<byte[]> forward(HttpExchange exchange, String method, URI uri, byte[] body)
      throws IOException, InterruptedException {
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.resolve(uri.getRawPath() + query))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      String name = header.getKey().toLowerCase(Locale.ROOT);
      if (!HOP_HEADERS.contains(name) && forwards(name)) {
        header.getValue().forEach(value -> request.header(header.getKey(), value));
      }
    }
    return upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
  }

  /** Copies the server's answer headers, less the hop-by-hop ones, to the client's answer. */
  static void copyHeaders(HttpResponse<byte[]> response, HttpExchange exchange) {
    response
        .headers()
        .map()
        .forEach(
            (name, values) -> {
              if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                exchange.getResponseHeaders().put(name, values);
              }
            });
  }

  /** Whether an answer has no body: to a HEAD, or a 204 or 304. */
  static boolean noBody(String method, HttpResponse<byte[]> response) {
    return method.equals("HEAD") || response.statusCode() == 204 || response.statusCode() == 304;
  }

  /** Gives the server's answer, headers and body, to the client unchanged. */
  static void passOn(HttpExchange exchange, String method, HttpResponse<byte[]> response)
      throws IOException {
    copyHeaders(response, exchange);
    byte[] out = response.body();
    boolean noBody = noBody(method, response);
    exchange.sendResponseHeaders(
        response.statusCode(), noBody || out.length == 0 ? -1 : out.length);
    if (!noBody && out.length > 0) {
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    }
  }

  /** Answers with an S3 error document, without asking the server. */
  static void error(HttpExchange exchange, int status, String code, String message)
      throws IOException {
    byte[] error =
        ("<?xml version=\"1.0\" encoding=\"UTF-8\"?><Error><Code>"
                + code
                + "</Code><Message>"
                + message
                + "</Message></Error>")
            .getBytes(UTF_8);
    exchange.getResponseHeaders().add("Content-Type", "application/xml");
    exchange.sendResponseHeaders(status, error.length);
    try (OutputStream os = exchange.getResponseBody()) {
      os.write(error);
    }
  }

  @Override
  public void close() {
    server.stop(0);
    handlers.shutdownNow();
  }
}
