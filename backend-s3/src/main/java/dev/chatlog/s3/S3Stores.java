package dev.chatlog.s3;

import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Opens an {@link S3BlobStore} with its own client, the configured or the user's probe cache and
 * logged warnings.
 */
final class S3Stores {
  private static final Logger LOG = LoggerFactory.getLogger(S3BlobStore.class);

  private S3Stores() {}

  static S3BlobStore open(S3Options options, Map<String, String> env) {
    ProbeCache probeCache =
        options.probeCache().map(ProbeCache::new).orElseGet(() -> ProbeCache.inUserCache(env));
    return new S3BlobStore(S3Clients.create(options), options, probeCache, LOG::warn, true);
  }
}
