package dev.chatlog.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.StorageException;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.spi.StoreHealth;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The check before the first write that the server refuses a conditional create. The server that
 * ignores {@code If-None-Match} is S3Proxy behind a relay that drops that header.
 */
class ConditionalWriteProbeTest {
  @TempDir Path cache;

  @Test
  void aServerThatIgnoresIfNoneMatchIsRefusedForWritingWithAClearMessage() {
    try (SerializingRelay relay =
            SerializingRelay.ignoringIfNoneMatch(S3ProxyServer.shared().endpoint());
        S3BlobStore store = S3ProxyServer.store(relay.endpoint(), cache, w -> {})) {
      assertThatThrownBy(() -> store.put("k", "x".getBytes(UTF_8), PutCondition.createOnly()))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("Cannot write to s3://chatlog-test/t-")
          .hasMessageContaining("ignores conditional writes (If-None-Match)")
          .hasMessageContaining("s3.allow-unsafe-writes=true");
      assertThat(store.get("k")).isEmpty();
      assertThat(store.listAll(".probe/", null)).as("probe object deleted").isEmpty();
      assertThat(store.health().conditionalWrites().status()).isEqualTo(StoreHealth.Status.FAIL);
    }
  }

  @Test
  void allowUnsafeWritesWritesAndWarns() {
    List<String> warnings = new CopyOnWriteArrayList<>();
    try (SerializingRelay relay =
            SerializingRelay.ignoringIfNoneMatch(S3ProxyServer.shared().endpoint());
        S3BlobStore store =
            S3ProxyServer.store(
                S3ProxyServer.options(
                    relay.endpoint(), Map.of(S3Options.ALLOW_UNSAFE_WRITES, "true")),
                cache,
                warnings::add)) {
      store.put("k", "x".getBytes(UTF_8), PutCondition.createOnly());

      assertThat(store.get("k").orElseThrow().data()).isEqualTo("x".getBytes(UTF_8));
      assertThat(warnings)
          .singleElement()
          .asString()
          .startsWith("Warning: " + relay.endpoint())
          .contains("ignores conditional writes");
    }
  }

  @Test
  void theAnswerIsCachedPerEndpointAndBucketSoTheNextStoreDoesNotProbe() throws Exception {
    try (SerializingRelay relay = SerializingRelay.to(S3ProxyServer.shared().endpoint())) {
      try (S3BlobStore first = S3ProxyServer.store(relay.endpoint(), cache, w -> {})) {
        first.put("a", new byte[0], PutCondition.createOnly());
        assertThat(relay.requests()).anyMatch(r -> r.contains("/.probe/"));
        assertThat(first.listAll(".probe/", null)).as("probe object deleted").isEmpty();
      }
      Path file = new ProbeCache(cache).fileFor(relay.endpoint().toString(), "chatlog-test");
      assertThat(Files.readString(file)).isEqualTo("conditional-writes=true\n");
      relay.clearRequests();

      try (S3BlobStore second = S3ProxyServer.store(relay.endpoint(), cache, w -> {})) {
        second.put("a", new byte[0], PutCondition.createOnly());
      }

      assertThat(relay.requests()).singleElement().asString().startsWith("PUT ").endsWith("/a");
    }
  }

  @Test
  void readsNeedNoProbe() {
    try (SerializingRelay relay =
            SerializingRelay.ignoringIfNoneMatch(S3ProxyServer.shared().endpoint());
        S3BlobStore store = S3ProxyServer.store(relay.endpoint(), cache, w -> {})) {
      assertThat(store.get("nothing")).isEmpty();
      assertThat(store.listAll("", null)).isEmpty();
      assertThat(relay.requests()).noneMatch(r -> r.startsWith("PUT"));
    }
  }

  @Test
  void healthOfAGoodStoreSaysReachableWritableAndConditional() {
    try (S3BlobStore store =
        S3ProxyServer.store(S3ProxyServer.shared().endpoint(), cache, w -> {})) {
      StoreHealth health = store.health();

      assertThat(health)
          .isEqualTo(
              new StoreHealth(
                  store.location(),
                  StoreHealth.Check.ok(),
                  StoreHealth.Check.ok(),
                  StoreHealth.Check.ok()));
      assertThat(health.healthy()).isTrue();
      assertThat(store.listAll("", null)).isEmpty();
    }
  }

  @Test
  void healthOfAMissingBucketSaysUnreachable() {
    S3Options options =
        S3Options.parse(
            java.net.URI.create("s3://no-such-bucket-here"),
            Map.of(
                S3Options.ENDPOINT, S3ProxyServer.shared().endpoint().toString(),
                S3Options.PATH_STYLE, "true",
                S3Options.REGION, "us-east-1",
                S3Options.MAX_ATTEMPTS, "1"),
            java.util.Set.of());
    try (S3BlobStore store = S3ProxyServer.store(options, cache, w -> {})) {
      StoreHealth health = store.health();

      assertThat(health.reachable().status()).isEqualTo(StoreHealth.Status.FAIL);
      assertThat(health.healthy()).isFalse();
      assertThat(health.problem())
          .contains("Cannot open s3://no-such-bucket-here: bucket does not exist");
    }
  }
}
