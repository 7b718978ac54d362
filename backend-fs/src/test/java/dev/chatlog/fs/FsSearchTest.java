package dev.chatlog.fs;

import dev.chatlog.contract.ChunkStoreContract;
import dev.chatlog.contract.SearchContract;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/**
 * The {@link SearchContract} on {@code file:} stores opened through the provider. This module has
 * no local index on its class path, so search scans the chunks; the same store searched through the
 * local SQLite index is covered by the sqlite module and the CLI.
 */
class FsSearchTest extends SearchContract {
  @TempDir static Path base;

  @Override
  protected ChunkStoreContract.Fixture newFixture() {
    URI uri = base.resolve(UUID.randomUUID().toString()).toUri();
    return () -> new FsStorageProvider().open(uri, Map.of());
  }
}
