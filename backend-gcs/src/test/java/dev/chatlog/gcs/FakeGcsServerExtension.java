package dev.chatlog.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.contract.ChunkStoreContract;
import java.net.URI;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.AfterEachCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * One {@link FakeGcsServer} for a test class (register it on a static field): started before the
 * first test, stopped after the last, and after each test it asserts that every request was one the
 * fake serves, so that a contract passing on it means the real client's requests were understood.
 */
final class FakeGcsServerExtension
    implements BeforeAllCallback, AfterAllCallback, AfterEachCallback {
  private FakeGcsServer server;

  @Override
  public void beforeAll(ExtensionContext context) {
    server = FakeGcsServer.start(FakeGcs.BUCKET);
  }

  @Override
  public void afterEach(ExtensionContext context) {
    assertThat(server.unexpected()).isEmpty();
  }

  @Override
  public void afterAll(ExtensionContext context) {
    server.close();
  }

  /** The running server. */
  FakeGcsServer server() {
    return server;
  }

  /** Stores of the shared engine on a fresh prefix, opened through {@link GcsStorageProvider}. */
  ChunkStoreContract.Fixture chunkStores() {
    URI uri = FakeGcs.freshUri();
    GcsStorageProvider provider = new GcsStorageProvider();
    return () -> provider.open(uri, FakeGcs.options(server));
  }
}
