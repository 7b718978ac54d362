package dev.chatlog.fs;

import dev.chatlog.contract.ChunkStoreContract;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link ChunkStoreContract} on {@code file:} stores opened through the provider. */
class FsChunkStoreTest extends ChunkStoreContract {
  @TempDir static Path base;

  @Override
  protected Fixture newFixture() {
    URI uri = base.resolve(UUID.randomUUID().toString()).toUri();
    return () -> new FsStorageProvider().open(uri, Map.of());
  }
}
