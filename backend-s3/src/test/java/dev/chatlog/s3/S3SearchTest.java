package dev.chatlog.s3;

import dev.chatlog.contract.ChunkStoreContract;
import dev.chatlog.contract.SearchContract;
import dev.chatlog.engine.BlobChunkStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link SearchContract} on the shared engine over S3Proxy, through a {@link SerializingRelay}
 * as in {@link S3ChunkStoreContractTest}. Each {@link ChunkStoreContract.Fixture#open()} makes a
 * new client and store on the same bucket prefix, as a second process would.
 */
class S3SearchTest extends SearchContract {
  private static SerializingRelay relay;
  private static Path probeCache;

  @BeforeAll
  static void startRelay() {
    relay = SerializingRelay.to(S3ProxyServer.shared().endpoint());
    probeCache = S3ProxyServer.tempFolder("search");
  }

  @AfterAll
  static void stopRelay() {
    relay.close();
  }

  @Override
  protected ChunkStoreContract.Fixture newFixture() {
    S3Options options = S3ProxyServer.options(relay.endpoint(), Map.of());
    return () ->
        BlobChunkStore.open(S3ProxyServer.store(options, probeCache, warning -> {}), Map.of());
  }
}
