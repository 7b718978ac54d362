package dev.chatlog.engine;

import dev.chatlog.contract.ChunkStoreContract;
import dev.chatlog.testing.MemoryBlobStore;
import java.util.Map;

/** The {@link ChunkStoreContract} over the engine on a {@link MemoryBlobStore}. */
class MemoryBlobChunkStoreTest extends ChunkStoreContract {
  @Override
  protected Fixture newFixture() {
    MemoryBlobStore blobs = new MemoryBlobStore();
    return () -> BlobChunkStore.open(blobs, Map.of());
  }
}
