package dev.chatlog.s3;

import com.sun.net.httpserver.HttpExchange;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
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
final class FaultyRelay extends LoopbackRelay {
  /** The kinds of fault the relay injects. */
  enum Fault {
    SLOW_DOWN,
    INTERNAL_ERROR,
    LOST_ANSWER,
    TIMEOUT,
    DROP
  }

  private final Object oneAtATime = new Object();
  private final Duration delay;
  private final List<Fault> kinds;
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
    super(target, Executors.newCachedThreadPool());
    this.delay = delay;
    this.kinds = List.of(kinds);
    for (Fault fault : Fault.values()) {
      injected.put(fault, new AtomicInteger());
    }
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

  @Override
  void relay(HttpExchange exchange, String method, URI uri, byte[] body)
      throws IOException, InterruptedException {
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
      Thread.sleep(delay.toMillis());
    }
    synchronized (oneAtATime) {
      answer(exchange, method, uri, body, fault);
    }
  }

  private void answer(HttpExchange exchange, String method, URI uri, byte[] body, Fault fault)
      throws IOException, InterruptedException {
    HttpResponse<byte[]> response = forward(exchange, method, uri, body);
    if (fault == Fault.LOST_ANSWER) {
      error(exchange, 500, "InternalError", "We encountered an internal error.");
      return;
    }
    if (fault != Fault.DROP) {
      passOn(exchange, method, response);
      return;
    }
    copyHeaders(response, exchange);
    byte[] out = response.body();
    if (noBody(method, response) || out.length == 0) {
      // Closing the connection before any answer: the JDK server does that when a handler throws.
      throw new IOException("connection dropped by the fault plan");
    }
    exchange.sendResponseHeaders(response.statusCode(), out.length);
    OutputStream os = exchange.getResponseBody();
    os.write(out, 0, out.length / 2);
    os.flush();
    // Closing with bytes missing makes the JDK server close the connection.
    throw new IOException("connection dropped by the fault plan mid-answer");
  }
}
