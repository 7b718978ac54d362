package dev.chatlog.engine;

import dev.chatlog.contract.BlobStoreContract;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.testing.MemoryBlobStore;
import java.nio.file.Path;
import org.junit.jupiter.api.io.TempDir;

/** The {@link BlobStoreContract} through a {@link SegmentCacheBlobStore}: it changes no answer. */
class SegmentCacheBlobStoreContractTest extends BlobStoreContract {
  @TempDir Path cache;

  @Override
  protected BlobStore newStore() {
    return new SegmentCacheBlobStore(new MemoryBlobStore(), cache);
  }
}
