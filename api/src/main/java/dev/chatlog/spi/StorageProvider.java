package dev.chatlog.spi;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.observe.ChatLogObserver;
import java.net.URI;
import java.util.Map;
import java.util.Set;

/**
 * Opens stores of one URI scheme. Found with {@link java.util.ServiceLoader} through {@code
 * META-INF/services/dev.chatlog.spi.StorageProvider}; implementations have a public no-argument
 * constructor that does nothing, and load their SDKs only in {@link #open}.
 *
 * @since 0.1.0
 */
public interface StorageProvider {

  /** The URI scheme this provider opens, lower case, e.g. {@code file}, {@code s3}. */
  String scheme();

  /**
   * Every option key {@link #open} accepts; any other key is refused, listing these ({@link
   * dev.chatlog.config.Options#of(Map, Set)}). No option holds a credential: the SDKs' own chains
   * find those. An option whose name still looks secret is never printed, by one rule for every
   * store ({@link dev.chatlog.config.Redaction#isSecretName}), so a provider declares no secret
   * keys of its own.
   */
  Set<String> optionKeys();

  /**
   * Opens a store.
   *
   * @param uri the store URI, its scheme equal to {@link #scheme()}
   * @param options settings of this store, keys from {@link #optionKeys()}, already validated
   *     against them
   */
  ChunkStore open(URI uri, Map<String, String> options);

  /**
   * Opens a store that reports what it does to {@code observer}: a remote store tells it about each
   * request it sends ({@link ChatLogObserver#remoteRequest}). The default ignores the observer.
   *
   * @param uri the store URI, its scheme equal to {@link #scheme()}
   * @param options settings of this store, as for {@link #open(URI, Map)}
   * @param observer told about the store's requests
   */
  default ChunkStore open(URI uri, Map<String, String> options, ChatLogObserver observer) {
    return open(uri, options);
  }

  /**
   * Opens a store for reading only: opening it creates and writes nothing anywhere (no folder, no
   * file, no schema), and every mutating call throws {@link dev.chatlog.error.ReadOnlyException}. A
   * store that does not exist reads as empty. The default wraps {@link #open(URI, Map,
   * ChatLogObserver)} in a {@link ReadOnlyChunkStore}, which suits a provider whose {@code open}
   * writes nothing; one whose {@code open} creates or migrates its store overrides it.
   *
   * @param uri the store URI, its scheme equal to {@link #scheme()}
   * @param options settings of this store, already validated against {@link #optionKeys()}
   * @param observer told about the store's requests
   */
  default ChunkStore openReadOnly(URI uri, Map<String, String> options, ChatLogObserver observer) {
    return new ReadOnlyChunkStore(open(uri, options, observer));
  }

  /**
   * Checks a store for {@code chatlog doctor}. The default opens the store and reads its stats for
   * reachability, and reports writability and conditional writes as unknown (or skipped without
   * {@code probeWrites}): a provider that can write a probe object, such as one over a {@link
   * BlobStore} ({@link StoreHealth#probe}), overrides it.
   *
   * @param uri the store URI, its scheme equal to {@link #scheme()}
   * @param options settings of this store, already validated against {@link #optionKeys()}
   * @param probeWrites whether the check may write (and delete) a probe object; {@code false} in
   *     read-only mode
   * @throws InvalidInputException for bad settings, as {@link #open} does; failures of the store
   *     itself are reported in the result
   */
  default StoreHealth check(URI uri, Map<String, String> options, boolean probeWrites) {
    String text = uri.toString();
    String location = text.contains("?") ? text.substring(0, text.indexOf('?')) : text;
    StoreHealth.Check reachable;
    try (ChunkStore store =
        probeWrites ? open(uri, options) : openReadOnly(uri, options, ChatLogObserver.NONE)) {
      location = store.location();
      store.stats();
      reachable = StoreHealth.Check.ok();
    } catch (InvalidInputException e) {
      throw e;
    } catch (RuntimeException e) {
      reachable = StoreHealth.Check.fail(e.getMessage());
    }
    StoreHealth.Check untold =
        probeWrites
            ? StoreHealth.Check.unknown("the " + scheme() + " store offers no write probe")
            : StoreHealth.Check.skipped("read-only");
    return new StoreHealth(location, reachable, untold, untold);
  }
}
