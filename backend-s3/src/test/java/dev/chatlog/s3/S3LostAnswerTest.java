package dev.chatlog.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.spi.PutCondition;
import org.junit.jupiter.api.Test;

/**
 * A write the server applied but whose answer was lost (a 500 after the write): the retry meets a
 * 412, and the store tells its own bytes (success) from another writer's (conflict).
 */
class S3LostAnswerTest {

  @Test
  void aRetriedCreateThatFindsItsOwnBytesSucceeds() {
    try (SerializingRelay relay = SerializingRelay.to(S3ProxyServer.shared().endpoint());
        S3BlobStore store =
            S3ProxyServer.store(relay.endpoint(), S3ProxyServer.tempFolder("lost"), w -> {})) {
      store.put("warm-up", new byte[0], PutCondition.createOnly());
      relay.losePutAnswers(1);

      String version = store.put("k", "mine".getBytes(UTF_8), PutCondition.createOnly());

      assertThat(store.get("k").orElseThrow().version()).isEqualTo(version);
      assertThat(relay.requests().stream().filter(r -> r.startsWith("PUT ") && r.endsWith("/k")))
          .hasSize(2);
      assertThatThrownBy(() -> store.put("k", "other".getBytes(UTF_8), PutCondition.createOnly()))
          .isInstanceOf(PreconditionFailedException.class)
          .hasMessageContaining("/k: precondition failed");
    }
  }
}
