package dev.chatlog.s3;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.engine.EngineOptions;
import dev.chatlog.observe.ChatLogObserver;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.StorageProvider;
import dev.chatlog.spi.StoreHealth;
import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Opens {@code s3://bucket/optional/prefix} stores. Options come as {@code s3.*} keys (or as URI
 * query parameters without the {@code s3.} prefix) plus the shared engine's keys; local copies go
 * to the engine's cache folder ({@link EngineOptions#cacheFolder}), never to a folder read from the
 * process environment. This class and {@link S3Options} use no AWS SDK type, so finding the
 * provider with {@link java.util.ServiceLoader} does not load the SDK; only {@link #open} and
 * {@link #check} do.
 *
 * @since 0.1.0
 */
public final class S3StorageProvider implements StorageProvider {

  /** Does nothing: all state flows through {@link #open}. */
  public S3StorageProvider() {}

  @Override
  public String scheme() {
    return "s3";
  }

  @Override
  public Set<String> optionKeys() {
    Set<String> keys = new HashSet<>(S3Options.KEYS);
    keys.addAll(BlobChunkStore.OPTION_KEYS);
    return Set.copyOf(keys);
  }

  @Override
  public ChunkStore open(URI uri, Map<String, String> options) {
    return open(uri, options, ChatLogObserver.NONE);
  }

  /** Opens a store whose requests to S3 are told to {@code observer}. */
  @Override
  public ChunkStore open(URI uri, Map<String, String> options, ChatLogObserver observer) {
    S3Options parsed = S3Options.parse(uri, options, BlobChunkStore.OPTION_KEYS);
    BlobStore blobs =
        S3Stores.openCached(parsed, EngineOptions.parse(parsed.engineOptions()), observer);
    try {
      return BlobChunkStore.open(blobs, parsed.engineOptions());
    } catch (RuntimeException e) {
      blobs.close();
      throw e;
    }
  }

  /**
   * Checks a store for {@code chatlog doctor}: reachable, and with {@code probeWrites} writable and
   * refusing a conditional create of an existing key. Bad settings throw as {@link #open} does;
   * failures of the store are reported in the result.
   */
  @Override
  public StoreHealth check(URI uri, Map<String, String> options, boolean probeWrites) {
    S3Options parsed = S3Options.parse(uri, options, BlobChunkStore.OPTION_KEYS);
    try (S3BlobStore blobs = S3Stores.open(parsed, EngineOptions.parse(parsed.engineOptions()))) {
      return blobs.health(probeWrites);
    }
  }
}
