package dev.chatlog.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.spi.PutCondition;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * S3Proxy itself, with no relay in front, refuses a create-only write of an existing key, a replace
 * with a stale ETag and a delete with a stale ETag: the conditions in the contract tests are
 * decided by the server, not by the relay.
 */
class S3ProxyConditionsTest {

  @Test
  void s3ProxyAloneDecidesConditionalWritesAndDeletes() {
    try (S3BlobStore store =
        S3ProxyServer.store(
            S3ProxyServer.shared().endpoint(), S3ProxyServer.tempFolder("direct"), w -> {})) {
      byte[] one = "one".getBytes(StandardCharsets.UTF_8);
      String v1 = store.put("k", one, PutCondition.createOnly());
      String v2 =
          store.put("k", "two".getBytes(StandardCharsets.UTF_8), PutCondition.ifVersion(v1));

      assertThatThrownBy(() -> store.put("k", one, PutCondition.createOnly()))
          .isInstanceOf(PreconditionFailedException.class)
          .hasMessageContaining("/k: precondition failed");
      assertThatThrownBy(() -> store.put("k", one, PutCondition.ifVersion(v1)))
          .isInstanceOf(PreconditionFailedException.class)
          .hasMessageContaining("/k: precondition failed");
      assertThat(store.get("k").orElseThrow().version()).isEqualTo(v2);
    }
  }
}
