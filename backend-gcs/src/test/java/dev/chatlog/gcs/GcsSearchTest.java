package dev.chatlog.gcs;

import dev.chatlog.contract.ChunkStoreContract;
import dev.chatlog.contract.SearchContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The {@link SearchContract}: the shared engine, opened through {@link GcsStorageProvider}, on the
 * real GCS client against {@link FakeGcsServer}.
 */
class GcsSearchTest extends SearchContract {
  @RegisterExtension static final FakeGcsServerExtension GCS = new FakeGcsServerExtension();

  @Override
  protected ChunkStoreContract.Fixture newFixture() {
    return GCS.chunkStores();
  }
}
