package dev.chatlog.gcs;

import dev.chatlog.contract.ChunkStoreContract;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * The whole {@link ChunkStoreContract}: the shared engine, opened through {@link
 * GcsStorageProvider}, on the real GCS client against {@link FakeGcsServer}.
 */
class GcsChunkStoreContractTest extends ChunkStoreContract {
  @RegisterExtension static final FakeGcsServerExtension GCS = new FakeGcsServerExtension();

  @Override
  protected Fixture newFixture() {
    return GCS.chunkStores();
  }
}
