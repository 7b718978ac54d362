package dev.chatlog.search;

import dev.chatlog.contract.ChunkStoreContract;
import dev.chatlog.contract.SearchContract;
import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.testing.MemoryBlobStore;
import java.util.Map;

/** The {@link SearchContract} over the engine's scan, on a {@link MemoryBlobStore}. */
class ScanSearchContractTest extends SearchContract {
  @Override
  protected ChunkStoreContract.Fixture newFixture() {
    MemoryBlobStore blobs = new MemoryBlobStore();
    return () -> BlobChunkStore.open(blobs, Map.of());
  }
}
