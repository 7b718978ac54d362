package dev.chatlog.s3;

import dev.chatlog.contract.BlobStoreContract;
import dev.chatlog.contract.ChunkStoreContract;
import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.spi.BlobStore;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Nested;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * Both contracts against MinIO in a container, with no relay in front: here the server's own
 * atomicity decides the concurrency tests. Skipped where no Docker engine runs.
 */
@Testcontainers(disabledWithoutDocker = true)
class MinioContractTest {
  private static final Path PROBE_CACHE = S3ProxyServer.tempFolder("minio");

  private static S3BlobStore store(S3Options options) {
    return new S3BlobStore(
        MinioServer.client(options),
        options,
        new ProbeCache(PROBE_CACHE),
        w -> {},
        true,
        java.time.Duration.ofMillis(20));
  }

  @Nested
  class Blobs extends BlobStoreContract {
    /** MinIO, like a file system, refuses an object {@code a} beside {@code a/b}. */
    @Override
    protected boolean supportsKeyNestedUnderKey() {
      return false;
    }

    @Override
    protected BlobStore newStore() {
      return store(MinioServer.options(MinioServer.shared()));
    }
  }

  @Nested
  class Chunks extends ChunkStoreContract {
    @Override
    protected Fixture newFixture() {
      S3Options options = MinioServer.options(MinioServer.shared());
      return () -> BlobChunkStore.open(store(options), Map.of());
    }
  }
}
