package dev.chatlog.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.contract.ChunkStoreContract;
import dev.chatlog.contract.SearchContract;
import java.net.URI;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/**
 * The {@link SearchContract}: the shared engine, opened through {@link GcsStorageProvider}, on the
 * real GCS client against {@link FakeGcsServer}.
 */
class GcsSearchTest extends SearchContract {
  private static FakeGcsServer server;

  @BeforeAll
  static void startServer() {
    server = FakeGcsServer.start(FakeGcs.BUCKET);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @AfterEach
  void everyRequestWasOneTheFakeServes() {
    assertThat(server.unexpected()).isEmpty();
  }

  @Override
  protected ChunkStoreContract.Fixture newFixture() {
    URI uri = FakeGcs.freshUri();
    GcsStorageProvider provider = new GcsStorageProvider();
    return () -> provider.open(uri, FakeGcs.options(server));
  }
}
