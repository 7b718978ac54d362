package dev.chatlog.gcs;

import dev.chatlog.contract.BlobStoreContract;
import dev.chatlog.spi.BlobStore;
import org.junit.jupiter.api.extension.RegisterExtension;

/** The whole {@link BlobStoreContract} on the real GCS client against {@link FakeGcsServer}. */
class GcsBlobStoreContractTest extends BlobStoreContract {
  @RegisterExtension static final FakeGcsServerExtension GCS = new FakeGcsServerExtension();

  @Override
  protected BlobStore newStore() {
    return FakeGcs.newBlobStore(GCS.server());
  }
}
