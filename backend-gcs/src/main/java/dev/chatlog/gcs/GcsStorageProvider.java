package dev.chatlog.gcs;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.StorageProvider;
import java.net.URI;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Opens {@code gs://bucket/optional/prefix} stores: the shared engine on a {@link GcsBlobStore}.
 * Registered in {@code META-INF/services}; it loads no class of the GCS client until {@link #open},
 * so stores of other schemes never pay for it.
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
    GcsOptions gcs = GcsOptions.parse(uri, options);
    BlobStore blobs = GcsClients.open(gcs);
    try {
      return BlobChunkStore.open(blobs, options);
    } catch (RuntimeException e) {
      blobs.close();
      throw e;
    }
  }
}
