package dev.chatlog.gcs;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.contract.BlobStoreContract;
import dev.chatlog.spi.BlobStore;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;

/** The whole {@link BlobStoreContract} on the real GCS client against {@link FakeGcsServer}. */
class GcsBlobStoreContractTest extends BlobStoreContract {
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
  protected BlobStore newStore() {
    return FakeGcs.newBlobStore(server);
  }
}
