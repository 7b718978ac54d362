package dev.chatlog.s3;

import dev.chatlog.engine.SegmentCacheBlobStore;
import dev.chatlog.observe.ChatLogObserver;
import dev.chatlog.observe.ObservedBlobStore;
import dev.chatlog.spi.BlobStore;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an {@link S3BlobStore} with its own client, the configured or the user's probe cache and
 * logged warnings, and for the engine behind the local cache of index segments.
 */
final class S3Stores {
  private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);

  private S3Stores() {}

  static S3BlobStore open(S3Options options, Map<String, String> env) {
    ProbeCache probeCache =
        options.probeCache().map(ProbeCache::new).orElseGet(() -> ProbeCache.inUserCache(env));
    return new S3BlobStore(S3Clients.create(options), options, probeCache, LOG::warn, true);
  }

  /**
   * Like {@link #open}, behind the local cache of index segments in the user's cache folder unless
   * {@link S3Options#segmentCache()} is off; the requests sent to S3 are told to {@code observer}.
   */
  static BlobStore openCached(
      S3Options options, Map<String, String> env, ChatLogObserver observer) {
    BlobStore store = ObservedBlobStore.of(open(options, env), "s3", observer);
    return options.segmentCache()
        ? SegmentCacheBlobStore.inUserCache(store, options.cacheKey(), env)
        : store;
  }
}
