package dev.chatlog.spi;

import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Opens stores of one URI scheme. Found with {@link java.util.ServiceLoader} through {@code
 * META-INF/services/dev.chatlog.spi.StorageProvider}; implementations have a public no-argument
 * constructor that does nothing, and load their SDKs only in {@link #open}.
 */
public interface StorageProvider {

  /** The URI scheme this provider opens, lower case, e.g. {@code file}, {@code s3}. */
  String scheme();

  /** Every option key {@link #open} accepts; any other key is rejected. */
  Set<String> optionKeys();

  /** Option keys whose values are secrets, never printed. */
  default Set<String> secretOptionKeys() {
    return Set.of();
  }

  /**
   * Opens a store.
   *
   * @param uri the store URI, its scheme equal to {@link #scheme()}
   * @param options settings of this store, keys from {@link #optionKeys()}, already validated
   *     against them
   */
  ChunkStore open(URI uri, Map<String, String> options);
}
