package dev.chatlog.metrics;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.ChatLogException;
import dev.chatlog.observe.ChatLogObserver;
import dev.chatlog.observe.Operation;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import java.util.Locale;
import java.util.concurrent.TimeUnit;

/**
 * Counts and times what chatlog does on a Micrometer registry. Names are dotted and tags low in
 * cardinality (operation, outcome, error kind, store scheme): the Prometheus registry turns {@code
 * chatlog.saves} into {@code chatlog_saves_total}. Every meter is listed in
 * docs/operations/metrics.md.
 */
public final class MicrometerObserver implements ChatLogObserver {
  /** Prefix of every meter name. */
  public static final String PREFIX = "chatlog.";

  private static final String BYTES = "bytes";
  private static final String OPERATION = "operation";
  private static final String OUTCOME = "outcome";

  private final MeterRegistry registry;

  /** An observer that records on {@code registry}. */
  public MicrometerObserver(MeterRegistry registry) {
    this.registry = requireNonNull(registry, "registry is null");
  }

  @Override
  public void operation(Operation operation, long nanos, Throwable failure) {
    String outcome = failure == null ? "ok" : "error";
    Counter.builder(PREFIX + operation.plural())
        .description("Calls of " + operation.tag() + ", by outcome")
        .tag(OUTCOME, outcome)
        .register(registry)
        .increment();
    Timer.builder(PREFIX + "operation.duration")
        .description("How long each call took, by operation and outcome")
        .tag(OPERATION, operation.tag())
        .tag(OUTCOME, outcome)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
    if (failure != null) {
      Counter.builder(PREFIX + "errors")
          .description("Failed calls, by operation and kind of error")
          .tag(OPERATION, operation.tag())
          .tag("kind", kind(failure))
          .register(registry)
          .increment();
    }
  }

  @Override
  public void chunksWritten(long chunks, long bytes) {
    countChunks("written", "New chunks saved", "the bodies of new chunks saved", chunks, bytes);
  }

  @Override
  public void chunksRead(long chunks, long bytes) {
    countChunks(
        "read", "Chunks read with their bodies", "the bodies of chunks read", chunks, bytes);
  }

  /** {@code chatlog.chunks.<what>} and {@code chatlog.chunks.<what>.bytes}. */
  private void countChunks(String what, String counted, String measured, long chunks, long bytes) {
    Counter.builder(PREFIX + "chunks." + what)
        .description(counted)
        .register(registry)
        .increment(chunks);
    Counter.builder(PREFIX + "chunks." + what + ".bytes")
        .description("UTF-8 bytes of " + measured)
        .baseUnit(BYTES)
        .register(registry)
        .increment(bytes);
  }

  @Override
  public void chunksRemoved(Operation operation, long chunks) {
    Counter.builder(PREFIX + "chunks.removed")
        .description("Chunks removed, by delete, prune or retention after a save")
        .tag(OPERATION, operation.tag())
        .register(registry)
        .increment(chunks);
  }

  @Override
  public void remoteRequest(String store, String operation, long nanos, String outcome) {
    Counter.builder(PREFIX + "remote.requests")
        .description("Requests to a remote store, by store, operation and outcome")
        .tag("store", store)
        .tag(OPERATION, operation)
        .tag(OUTCOME, outcome)
        .register(registry)
        .increment();
    Timer.builder(PREFIX + "remote.request.duration")
        .description("How long requests to a remote store took, by store and operation")
        .tag("store", store)
        .tag(OPERATION, operation)
        .register(registry)
        .record(nanos, TimeUnit.NANOSECONDS);
  }

  /**
   * The kind of an error as a tag: the chatlog exception's name in snake case without {@code
   * Exception} ({@code not_found}, {@code storage}, {@code invalid_input}), {@code internal} for
   * anything else.
   */
  static String kind(Throwable failure) {
    if (!(failure instanceof ChatLogException)) {
      return "internal";
    }
    String name = failure.getClass().getSimpleName();
    if (name.endsWith("Exception")) {
      name = name.substring(0, name.length() - "Exception".length());
    }
    if (name.isEmpty()) {
      return "chat_log";
    }
    StringBuilder snake = new StringBuilder();
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (Character.isUpperCase(c) && i > 0) {
        snake.append('_');
      }
      snake.append(Character.toLowerCase(c));
    }
    return snake.toString().toLowerCase(Locale.ROOT);
  }
}
