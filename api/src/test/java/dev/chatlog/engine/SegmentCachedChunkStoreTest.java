package dev.chatlog.engine;

import dev.chatlog.contract.ChunkStoreContract;
import dev.chatlog.testing.MemoryBlobStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link ChunkStoreContract} over the engine on a {@link SegmentCacheBlobStore}: every store
 * the fixture opens shares the remote objects and the local copies of segments, as processes on one
 * machine do.
 */
class SegmentCachedChunkStoreTest extends ChunkStoreContract {
  @TempDir Path cache;

  @Override
  protected Fixture newFixture() {
    MemoryBlobStore blobs = new MemoryBlobStore();
    return () -> BlobChunkStore.open(new SegmentCacheBlobStore(blobs, cache), Map.of());
  }
}
