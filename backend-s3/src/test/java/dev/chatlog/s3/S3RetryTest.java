package dev.chatlog.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpServer;
import dev.chatlog.error.StorageException;
import dev.chatlog.spi.PutCondition;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The retry path: 409 ConditionalRequestConflict and throttling retried, lost answers settled. */
class S3RetryTest {
  private static final String CONFLICT =
      "<Error><Code>ConditionalRequestConflict</Code><Message>busy</Message></Error>";

  @TempDir Path cache;
  private HttpServer server;
  private final List<String> requests = new CopyOnWriteArrayList<>();
  private final AtomicInteger conflictsLeft = new AtomicInteger();

  @BeforeEach
  void startServer() throws IOException {
    server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
    server.createContext(
        "/",
        exchange -> {
          try (exchange) {
            exchange.getRequestBody().readAllBytes();
            requests.add(exchange.getRequestMethod() + " " + exchange.getRequestURI().getPath());
            if (conflictsLeft.getAndDecrement() > 0) {
              byte[] body = CONFLICT.getBytes(UTF_8);
              exchange.getResponseHeaders().add("Content-Type", "application/xml");
              exchange.sendResponseHeaders(409, body.length);
              exchange.getResponseBody().write(body);
            } else {
              exchange.getResponseHeaders().add("ETag", "\"v-" + requests.size() + "\"");
              exchange.sendResponseHeaders(200, -1);
            }
          }
        });
    server.start();
  }

  @AfterEach
  void stopServer() {
    server.stop(0);
  }

  private S3BlobStore store(String maxAttempts) {
    URI endpoint = URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    S3Options options =
        S3ProxyServer.options(endpoint, Map.of(S3Options.MAX_ATTEMPTS, maxAttempts));
    // The probe's answer is known, so that only the write under test reaches the server.
    new ProbeCache(cache).write(options.endpointName(), options.bucket(), true);
    return S3ProxyServer.store(options, cache, w -> {});
  }

  @Test
  void a409ConditionalRequestConflictIsRetriedUntilItPasses() {
    conflictsLeft.set(2);
    try (S3BlobStore store = store("5")) {
      String version = store.put("k", "x".getBytes(UTF_8), PutCondition.createOnly());

      assertThat(version).isEqualTo("v-3");
      assertThat(requests)
          .hasSize(3)
          .allSatisfy(r -> assertThat(r).startsWith("PUT ").endsWith("/k"));
    }
  }

  @Test
  void a409ThatOutlastsTheAttemptsIsARetryableStorageError() {
    conflictsLeft.set(100);
    try (S3BlobStore store = store("3")) {
      assertThatThrownBy(() -> store.put("k", "x".getBytes(UTF_8), PutCondition.createOnly()))
          .isInstanceOf(StorageException.class)
          .hasMessageContaining("Cannot write s3://chatlog-test/")
          .hasMessageContaining("409 ConditionalRequestConflict")
          .satisfies(e -> assertThat(((StorageException) e).retryable()).isTrue());
      assertThat(requests).hasSize(3);
    }
  }
}
