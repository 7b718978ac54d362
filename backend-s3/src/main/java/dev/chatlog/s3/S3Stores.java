package dev.chatlog.s3;

import dev.chatlog.engine.EngineOptions;
import dev.chatlog.engine.SegmentCacheBlobStore;
import dev.chatlog.observe.ChatLogObserver;
import dev.chatlog.observe.ObservedBlobStore;
import dev.chatlog.spi.BlobStore;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an {@link S3BlobStore} with its own client, the configured or the default probe cache and
 * logged warnings, and for the engine behind the local cache of index segments.
 */
final class S3Stores {
  private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);

  private S3Stores() {}

  static S3BlobStore open(S3Options options, EngineOptions engine) {
    ProbeCache probeCache =
        options
            .probeCache()
            .map(ProbeCache::new)
            .orElseGet(() -> ProbeCache.inCacheFolder(engine.cacheFolder()));
    return new S3BlobStore(S3Clients.create(options), options, probeCache, LOG::warn, true);
  }

  /**
   * Like {@link #open}, behind the local cache of index segments in the engine's cache folder
   * unless {@link S3Options#segmentCache()} is off; the requests sent to S3 are told to {@code
   * observer}.
   */
  static BlobStore openCached(S3Options options, EngineOptions engine, ChatLogObserver observer) {
    BlobStore store = ObservedBlobStore.of(open(options, engine), "s3", observer);
    return options.segmentCache()
        ? new SegmentCacheBlobStore(store, engine.segmentCacheFolder(options.cacheKey()))
        : store;
  }
}
