package dev.chatlog.s3;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.net.URI;
import java.net.URLDecoder;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;

/**
 * A loopback HTTP relay in front of S3Proxy that passes every request on unchanged, concurrently,
 * and remembers each one with its query and {@code Range} header, so that tests can count the
 * requests of an operation by kind.
 */
final class CountingRelay extends LoopbackRelay {
  /**
   * One request.
   *
   * @param method the HTTP method
   * @param path the decoded path ({@code /bucket/key} with path-style addressing)
   * @param query the decoded query parameters
   * @param range the {@code Range} header; empty when there was none
   */
  record Call(String method, String path, Map<String, String> query, String range) {
    Call {
      query = Map.copyOf(query);
    }
  }

  private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());

  private CountingRelay(URI target) {
    super(target, Executors.newFixedThreadPool(16));
  }

  /** A relay to {@code target}. */
  static CountingRelay to(URI target) {
    return new CountingRelay(target);
  }

  /** Every request since the start or the last {@link #clearCalls()}. */
  List<Call> calls() {
    synchronized (calls) {
      return List.copyOf(calls);
    }
  }

  /** Forgets the requests seen so far. */
  void clearCalls() {
    calls.clear();
  }

  @Override
  void relay(HttpExchange exchange, String method, URI uri, byte[] body)
      throws IOException, InterruptedException {
    String range = exchange.getRequestHeaders().getFirst("Range");
    calls.add(
        new Call(
            method,
            URLDecoder.decode(uri.getRawPath(), UTF_8),
            query(uri.getRawQuery()),
            range == null ? "" : range));
    passOn(exchange, method, forward(exchange, method, uri, body));
  }

  private static Map<String, String> query(String raw) {
    Map<String, String> query = new LinkedHashMap<>();
    if (raw == null || raw.isEmpty()) {
      return query;
    }
    for (String pair : raw.split("&")) {
      int eq = pair.indexOf('=');
      query.put(
          URLDecoder.decode(eq < 0 ? pair : pair.substring(0, eq), UTF_8),
          eq < 0 ? "" : URLDecoder.decode(pair.substring(eq + 1), UTF_8));
    }
    return query;
  }
}
