package dev.chatlog.sqlite;

import dev.chatlog.contract.ChunkStoreContract;
import dev.chatlog.contract.SearchContract;
import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.testing.MemoryBlobStore;
import java.util.Map;

/**
 * The {@link SearchContract} on a blob store searched through the local SQLite index, which the
 * engine finds on the class path (kept under the test's {@code XDG_CACHE_HOME}).
 */
class LocalIndexSearchContractTest extends SearchContract {
  @Override
  protected ChunkStoreContract.Fixture newFixture() {
    MemoryBlobStore blobs = new MemoryBlobStore();
    return () -> BlobChunkStore.open(blobs, Map.of());
  }
}
