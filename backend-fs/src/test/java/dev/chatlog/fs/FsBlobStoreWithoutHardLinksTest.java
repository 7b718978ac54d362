package dev.chatlog.fs;

import dev.chatlog.contract.BlobStoreContract;
import dev.chatlog.spi.BlobStore;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.UUID;
import org.junit.jupiter.api.io.TempDir;

/**
 * Runs the {@link BlobStoreContract} on {@link FsBlobStore} where the file system has no hard links
 * (as FAT answers, with EPERM): the store switches to an atomic move under the key's lock.
 */
class FsBlobStoreWithoutHardLinksTest extends BlobStoreContract {
  @TempDir static Path base;

  @Override
  protected BlobStore newStore() {
    return new FsBlobStore(
        base.resolve(UUID.randomUUID().toString()),
        (link, existing) -> {
          throw new FileSystemException(
              link.toString(), existing.toString(), "Operation not permitted");
        });
  }

  /** A file system cannot hold a file {@code a} and a folder {@code a} at once. */
  @Override
  protected boolean supportsKeyNestedUnderKey() {
    return false;
  }
}
