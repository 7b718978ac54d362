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
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A loopback HTTP relay in front of S3Proxy that injects faults into a share of the requests,
 * chosen by a seeded random plan so that every run meets the same faults in the same order. Like
 * {@link SerializingRelay} it forwards one request at a time (so that S3Proxy's conditional writes
 * are not raced) and checks no condition itself. The faults are those a real S3 endpoint shows:
 *
 * <ul>
 *   <li>{@link Fault#SLOW_DOWN}: {@code 503 SlowDown}, not forwarded (throttling);
 *   <li>{@link Fault#INTERNAL_ERROR}: {@code 500 InternalError}, not forwarded;
 *   <li>{@link Fault#LOST_ANSWER}: forwarded and applied, then answered {@code 500}, as when the
 *       server applied a write but its answer was lost;
 *   <li>{@link Fault#TIMEOUT}: held for {@link #delay} (longer than the client's time-out) and then
 *       forwarded, so the request is applied after the client gave up on it;
 *   <li>{@link Fault#DROP}: forwarded and applied, then the connection is closed in the middle of
 *       the answer (after the headers and half the body, or before any byte when there is no body).
 * </ul>
 */
final class FaultyRelay implements AutoCloseable {
  /** The kinds of fault the relay injects. */
  enum Fault {
    SLOW_DOWN,
    INTERNAL_ERROR,
    LOST_ANSWER,
    TIMEOUT,
    DROP
  }

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
  private final ExecutorService handlers = Executors.newCachedThreadPool();
  private final Object oneAtATime = new Object();
  private final HttpClient upstream =
      HttpClient.newBuilder()
          .version(HttpClient.Version.HTTP_1_1)
          .connectTimeout(Duration.ofSeconds(5))
          .build();
  private final URI target;
  private final Duration delay;
  private final List<Fault> kinds;
  private final List<String> requests = Collections.synchronizedList(new ArrayList<>());
  private final Map<Fault, AtomicInteger> injected = new EnumMap<>(Fault.class);
  private Random plan;
  private double share;
  private int next;

  /**
   * A relay to {@code target} that injects no fault until {@link #inject} is called.
   *
   * @param delay how long a {@link Fault#TIMEOUT} holds a request
   * @param kinds the faults to choose from, each equally likely
   */
  FaultyRelay(URI target, Duration delay, Fault... kinds) {
    this.target = target;
    this.delay = delay;
    this.kinds = List.of(kinds);
    for (Fault fault : Fault.values()) {
      injected.put(fault, new AtomicInteger());
    }
    System.setProperty("sun.net.httpserver.nodelay", "true");
    try {
      server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    server.createContext("/", this::relay);
    server.setExecutor(handlers);
    server.start();
  }

  /**
   * From now on, a fault on each request with probability {@code share}, drawn from {@code seed}.
   */
  synchronized void inject(double share, long seed) {
    this.share = share;
    this.plan = new Random(seed);
  }

  /** The next {@code count} requests each get a fault, taking the kinds in turn. */
  synchronized void injectNext(int count) {
    this.next = count;
  }

  /** From now on, every request is relayed unchanged. */
  synchronized void heal() {
    this.share = 0;
    this.next = 0;
  }

  /** The relay's endpoint. */
  URI endpoint() {
    return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
  }

  /** Every request that reached the relay so far, as {@code METHOD path}. */
  List<String> requests() {
    synchronized (requests) {
      return List.copyOf(requests);
    }
  }

  /** Forgets the requests seen so far. */
  void clearRequests() {
    requests.clear();
  }

  /** How many faults of a kind were injected so far. */
  int injected(Fault fault) {
    return injected.get(fault).get();
  }

  private synchronized Fault draw() {
    if (next > 0) {
      next--;
      return kinds.get(next % kinds.size());
    }
    if (share <= 0 || plan.nextDouble() >= share) {
      return null;
    }
    return kinds.get(plan.nextInt(kinds.size()));
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
      Fault fault = draw();
      if (fault != null) {
        injected.get(fault).incrementAndGet();
      }
      if (fault == Fault.SLOW_DOWN) {
        error(exchange, 503, "SlowDown", "Please reduce your request rate.");
        return;
      }
      if (fault == Fault.INTERNAL_ERROR) {
        error(exchange, 500, "InternalError", "We encountered an internal error.");
        return;
      }
      if (fault == Fault.TIMEOUT) {
        try {
          Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
      synchronized (oneAtATime) {
        answer(exchange, method, uri, body, fault);
      }
    }
  }

  private void answer(HttpExchange exchange, String method, URI uri, byte[] body, Fault fault)
      throws IOException {
    HttpResponse<byte[]> response = forward(exchange, method, uri, body);
    if (response == null) {
      exchange.sendResponseHeaders(502, -1);
      return;
    }
    if (fault == Fault.LOST_ANSWER) {
      error(exchange, 500, "InternalError", "We encountered an internal error.");
      return;
    }
    copyHeaders(response, exchange);
    byte[] out = response.body();
    boolean noBody =
        method.equals("HEAD") || response.statusCode() == 204 || response.statusCode() == 304;
    if (fault == Fault.DROP) {
      if (noBody || out.length == 0) {
        // Closing the connection before any answer: the JDK server does that when a handler
        // throws.
        throw new IOException("connection dropped by the fault plan");
      }
      exchange.sendResponseHeaders(response.statusCode(), out.length);
      OutputStream os = exchange.getResponseBody();
      os.write(out, 0, out.length / 2);
      os.flush();
      // Closing with bytes missing makes the JDK server close the connection.
      throw new IOException("connection dropped by the fault plan mid-answer");
    }
    exchange.sendResponseHeaders(
        response.statusCode(), noBody || out.length == 0 ? -1 : out.length);
    if (!noBody && out.length > 0) {
      try (OutputStream os = exchange.getResponseBody()) {
        os.write(out);
      }
    }
  }

  private HttpResponse<byte[]> forward(HttpExchange exchange, String method, URI uri, byte[] body)
      throws IOException {
    String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
    HttpRequest.Builder request =
        HttpRequest.newBuilder(target.resolve(uri.getRawPath() + query))
            .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
    for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
      if (HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
        continue;
      }
      for (String value : header.getValue()) {
        request.header(header.getKey(), value);
      }
    }
    try {
      return upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return null;
    }
  }

  private static void copyHeaders(HttpResponse<byte[]> response, HttpExchange exchange) {
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

  private static void error(HttpExchange exchange, int status, String code, String message)
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
