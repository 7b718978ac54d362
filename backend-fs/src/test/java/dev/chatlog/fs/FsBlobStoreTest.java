package dev.chatlog.fs;

import dev.chatlog.contract.BlobStoreContract;
import dev.chatlog.spi.BlobStore;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/** Runs the {@link BlobStoreContract} on {@link FsBlobStore}, each test on a fresh folder. */
class FsBlobStoreTest extends BlobStoreContract {
  @TempDir static Path base;

  @Override
  protected BlobStore newStore() {
    return new FsBlobStore(base.resolve(UUID.randomUUID().toString()));
  }

  /** A file system cannot hold a file {@code a} and a folder {@code a} at once. */
  @Override
  protected boolean supportsKeyNestedUnderKey() {
    return false;
  }
}
