package dev.chatlog.s3;

import dev.chatlog.contract.BlobStoreContract;
import dev.chatlog.spi.BlobStore;
import java.nio.file.Path;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;

/**
 * The whole {@link BlobStoreContract} against S3Proxy (in-process, in-memory) through a {@link
 * SerializingRelay}. S3Proxy itself decides every {@code If-None-Match} and {@code If-Match}; the
 * relay only runs its requests one at a time, because S3Proxy's check-then-write is not atomic when
 * conditional writes of one key race (see {@link SerializingRelay}). {@link S3ProxyConditionsTest}
 * shows that S3Proxy, without the relay, refuses what the conditions forbid.
 */
class S3BlobStoreContractTest extends BlobStoreContract {
  private static SerializingRelay relay;
  private static Path probeCache;

  @BeforeAll
  static void startRelay() {
    relay = SerializingRelay.to(S3ProxyServer.shared().endpoint());
    probeCache = S3ProxyServer.tempFolder("contract");
  }

  @AfterAll
  static void stopRelay() {
    relay.close();
  }

  /**
   * S3 holds {@code a} and {@code a/b} at once, but S3Proxy's in-memory store is a file system
   * (folders and files), which cannot; chatlog's layout never nests a key under another.
   */
  @Override
  protected boolean supportsKeyNestedUnderKey() {
    return false;
  }

  @Override
  protected BlobStore newStore() {
    return S3ProxyServer.store(relay.endpoint(), probeCache, warning -> {});
  }
}
