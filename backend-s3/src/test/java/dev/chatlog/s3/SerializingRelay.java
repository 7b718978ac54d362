package dev.chatlog.s3;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
import java.util.concurrent.Executors;

/**
 * A loopback HTTP relay in front of S3Proxy that handles one request at a time.
 *
 * <p>Why it exists: S3Proxy checks {@code If-None-Match} and {@code If-Match} on a PUT by reading
 * the object's metadata and then writing, two steps that are not atomic together, so two racing
 * conditional writes of one key can both succeed there. Real S3 (and MinIO) decide such races on
 * the server. The relay serializes requests, so that each check-then-write of S3Proxy runs alone
 * and the concurrency tests exercise chatlog's use of the conditions, not S3Proxy's missing
 * atomicity. The relay itself checks no condition: it forwards every header and body unchanged,
 * unless told to drop {@code If-None-Match} (to play a server that ignores it) or to answer a 500
 * after forwarding a PUT (to play a write that succeeded but whose answer was lost).
 */
final class SerializingRelay implements AutoCloseable {
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
  private final ExecutorService oneAtATime = Executors.newSingleThreadExecutor();
  private final HttpClient upstream =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI target;
  private final boolean dropIfNoneMatch;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private volatile int putsToLose;

  private SerializingRelay(URI target, boolean dropIfNoneMatch) throws IOException {
    this.target = target;
    this.dropIfNoneMatch = dropIfNoneMatch;
    // Without TCP_NODELAY every answer waits for a delayed ACK (about 40 ms on Linux).
    System.setProperty("sun.net.httpserver.nodelay", "true");
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext("/", this::relay);
    server.setExecutor(oneAtATime);
    server.start();
  }

  /** A relay that forwards everything unchanged. */
  static SerializingRelay to(URI target) {
    return create(target, false);
  }

  /** A relay that drops {@code If-None-Match} from every request: a server that ignores it. */
  static SerializingRelay ignoringIfNoneMatch(URI target) {
    return create(target, true);
  }

  private static SerializingRelay create(URI target, boolean dropIfNoneMatch) {
    try {
      return new SerializingRelay(target, dropIfNoneMatch);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** The relay's endpoint. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every request relayed so far, as {@code METHOD path}. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Forgets the requests relayed so far. */
  void clearRequests() {
    requests.clear();
  }

  /** The next {@code n} PUTs are forwarded and applied, but answered with a 500. */
  void losePutAnswers(int n) {
    putsToLose = n;
  }

  private void relay(HttpExchange exchange) throws IOException {
    try (exchange) {
      String method = exchange.getRequestMethod();
      URI uri = exchange.getRequestURI();
      requests.add(method + " " + uri.getRawPath());
      byte[] body;
      try (InputStream in = exchange.getRequestBody()) {
        body = in.readAllBytes();
      }
      HttpRequest.Builder request =
          HttpRequest.newBuilder(target.resolve(uri.getRawPath() + query(uri)))
              .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
      for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
        String name = header.getKey().toLowerCase(Locale.ROOT);
        if (HOP_HEADERS.contains(name) || (dropIfNoneMatch && name.equals("if-none-match"))) {
          continue;
        }
        for (String value : header.getValue()) {
          request.header(header.getKey(), value);
        }
      }
      HttpResponse<byte[]> response;
      try {
        response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        exchange.sendResponseHeaders(502, -1);
        return;
      }
      if (method.equals("PUT") && putsToLose > 0 && response.statusCode() == 200) {
        putsToLose--;
        byte[] error =
            "<Error><Code>InternalError</Code><Message>lost</Message></Error>".getBytes();
        exchange.sendResponseHeaders(500, error.length);
        exchange.getResponseBody().write(error);
        return;
      }
      response
          .headers()
          .map()
          .forEach(
              (name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                  exchange.getResponseHeaders().put(name, values);
                }
              });
      byte[] out = response.body();
      boolean noBody =
          method.equals("HEAD") || response.statusCode() == 204 || response.statusCode() == 304;
      exchange.sendResponseHeaders(
          response.statusCode(), noBody || out.length == 0 ? -1 : out.length);
      if (!noBody && out.length > 0) {
        try (OutputStream os = exchange.getResponseBody()) {
          os.write(out);
        }
      }
    }
  }

  private static String query(URI uri) {
    return uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
  }

  @Override
  public void close() {
    server.stop(0);
    oneAtATime.shutdownNow();
  }
}
