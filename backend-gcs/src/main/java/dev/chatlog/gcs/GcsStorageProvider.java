package dev.chatlog.gcs;

import dev.chatlog.config.Redaction;
import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.engine.EngineOptions;
import dev.chatlog.engine.SegmentCacheBlobStore;
import dev.chatlog.error.ChatLogException;
import dev.chatlog.observe.ChatLogObserver;
import dev.chatlog.observe.ObservedBlobStore;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.StorageProvider;
import dev.chatlog.spi.StoreHealth;
import dev.chatlog.spi.StoreHealth.Check;
import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Opens {@code gs://bucket/optional/prefix} stores: the shared engine on a {@link GcsBlobStore}.
 * Registered in {@code META-INF/services}; it loads no class of the GCS client until {@link #open},
 * so stores of other schemes never pay for it. Unless {@code gcs.segment-cache=false}, the engine
 * reads index segments through a local cache ({@link SegmentCacheBlobStore}) in the engine's cache
 * folder ({@link EngineOptions#cacheFolder}), never in a folder read from the process environment.
 *
 * @since 0.1.0
 */
public final class GcsStorageProvider implements StorageProvider {

  /** Does nothing: all state flows through {@link #open}. */
  public GcsStorageProvider() {}

  @Override
  public String scheme() {
    return "gs";
  }

  @Override
  public Set<String> optionKeys() {
    Set<String> keys = new HashSet<>(GcsOptions.KEYS);
    keys.addAll(BlobChunkStore.OPTION_KEYS);
    return Set.copyOf(keys);
  }

  @Override
  public ChunkStore open(URI uri, Map<String, String> options) {
    return open(uri, options, ChatLogObserver.NONE);
  }

  /** Opens a store whose requests to Cloud Storage are told to {@code observer}. */
  @Override
  public ChunkStore open(URI uri, Map<String, String> options, ChatLogObserver observer) {
    GcsOptions gcs = GcsOptions.parse(uri, options);
    EngineOptions engine = EngineOptions.parse(options);
    BlobStore opened = ObservedBlobStore.of(GcsClients.open(gcs), "gs", observer);
    BlobStore blobs =
        gcs.segmentCache()
            ? new SegmentCacheBlobStore(opened, engine.segmentCacheFolder(gcs.cacheKey()))
            : opened;
    try {
      return BlobChunkStore.open(blobs, options);
    } catch (RuntimeException e) {
      blobs.close();
      throw e;
    }
  }

  /**
   * Checks the bucket: reachable (opening lists it once), then, with {@code probeWrites}, a
   * create-only probe write that a second one must fail to repeat. Failures of the store are
   * reported in the result, never thrown.
   */
  @Override
  public StoreHealth check(URI uri, Map<String, String> options, boolean probeWrites) {
    GcsOptions gcs = GcsOptions.parse(uri, options);
    BlobStore blobs;
    try {
      blobs = GcsClients.open(gcs);
    } catch (ChatLogException e) {
      Check notReached = Check.fail("store not reachable");
      return new StoreHealth(
          Redaction.redact(uri.toString()), Check.fail(e.getMessage()), notReached, notReached);
    }
    try (blobs) {
      return StoreHealth.probe(blobs, probeWrites);
    }
  }
}
