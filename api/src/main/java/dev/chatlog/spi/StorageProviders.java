package dev.chatlog.spi;

import static java.util.Objects.requireNonNull;

import dev.chatlog.config.Options;
import dev.chatlog.config.Redaction;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.observe.ChatLogObserver;
import java.net.URI;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.TreeMap;
import java.util.function.Supplier;

/**
 * The providers found on the class path, one per scheme. Two providers claiming one scheme are an
 * error rather than a silent choice; an unknown scheme is an error that lists the known ones.
 *
 * @since 0.1.0
 */
public final class StorageProviders {
  private final Map<String, StorageProvider> byScheme;
  private final Supplier<ClassLoader> later;
  private StorageProviders withLater;

  private StorageProviders(Map<String, StorageProvider> byScheme, Supplier<ClassLoader> later) {
    this.byScheme = Collections.unmodifiableMap(byScheme);
    this.later = later;
  }

  /** Discovers providers with the given class loader. */
  public static StorageProviders discover(ClassLoader loader) {
    return of(found(loader));
  }

  /**
   * Discovers providers with {@code loader} now, and with the loader {@code later} makes only when
   * a scheme none of them has is asked for (or every scheme is listed). A command keeps the jars of
   * rarely used stores behind {@code later}, so that a start with another store does not open them:
   * opening a jar of many thousand classes costs milliseconds (adr/0014).
   *
   * @param later makes a loader that sees what {@code loader} sees and more
   */
  public static StorageProviders discover(ClassLoader loader, Supplier<ClassLoader> later) {
    return new StorageProviders(of(found(loader)).byScheme, requireNonNull(later, "later is null"));
  }

  private static List<StorageProvider> found(ClassLoader loader) {
    List<StorageProvider> found = new ArrayList<>();
    ServiceLoader.load(StorageProvider.class, loader).forEach(found::add);
    return found;
  }

  /** Discovers providers with this class's loader. */
  public static StorageProviders discover() {
    return discover(StorageProviders.class.getClassLoader());
  }

  /**
   * Builds a registry from explicit providers.
   *
   * @throws IllegalStateException when no provider is given or two share a scheme
   */
  public static StorageProviders of(List<StorageProvider> providers) {
    if (providers.isEmpty()) {
      throw new IllegalStateException(
          "Cannot open any store: no StorageProvider found on the class path");
    }
    Map<String, StorageProvider> byScheme = new TreeMap<>();
    for (StorageProvider provider : providers) {
      String scheme = provider.scheme().toLowerCase(Locale.ROOT);
      StorageProvider previous = byScheme.putIfAbsent(scheme, provider);
      if (previous != null) {
        throw new IllegalStateException(
            "Cannot register storage scheme '"
                + scheme
                + "': claimed by both "
                + previous.getClass().getName()
                + " and "
                + provider.getClass().getName());
      }
    }
    return new StorageProviders(byScheme, null);
  }

  /** The schemes known, sorted. */
  public List<String> schemes() {
    if (later != null) {
      return withLater().schemes();
    }
    return List.copyOf(byScheme.keySet());
  }

  /** The providers of the later loader (which include those found first), made once. */
  private synchronized StorageProviders withLater() {
    if (withLater == null) {
      withLater = discover(later.get());
    }
    return withLater;
  }

  /**
   * The provider of the URI's scheme.
   *
   * @throws InvalidInputException when the URI has no scheme or an unknown one
   */
  public StorageProvider forUri(URI uri) {
    requireNonNull(uri, "uri is null");
    String scheme = uri.getScheme();
    if (scheme == null) {
      throw new InvalidInputException(
          "Cannot open store '"
              + Redaction.redact(uri.toString())
              + "': no scheme; known schemes: "
              + String.join(", ", schemes()));
    }
    StorageProvider provider = byScheme.get(scheme.toLowerCase(Locale.ROOT));
    if (provider == null && later != null) {
      return withLater().forUri(uri);
    }
    if (provider == null) {
      throw new InvalidInputException(
          "Cannot open store '"
              + Redaction.redact(uri.toString())
              + "': unknown scheme '"
              + scheme
              + "'; known schemes: "
              + String.join(", ", schemes()));
    }
    return provider;
  }

  /**
   * Opens a store after checking its options against the provider's keys.
   *
   * @throws InvalidInputException for an unknown scheme or option key
   */
  public ChunkStore open(URI uri, Map<String, String> options) {
    return checkedProvider(uri, options).open(uri, options);
  }

  /**
   * Opens a store that reports its requests to {@code observer}, after checking its options as
   * {@link #open(URI, Map)} does.
   *
   * @throws InvalidInputException for an unknown scheme or option key
   */
  public ChunkStore open(URI uri, Map<String, String> options, ChatLogObserver observer) {
    requireNonNull(observer, "observer is null");
    return checkedProvider(uri, options).open(uri, options, observer);
  }

  /**
   * Opens a store for reading only ({@link StorageProvider#openReadOnly}) after checking its
   * options as {@link #open(URI, Map)} does.
   *
   * @throws InvalidInputException for an unknown scheme or option key
   */
  public ChunkStore openReadOnly(URI uri, Map<String, String> options, ChatLogObserver observer) {
    requireNonNull(observer, "observer is null");
    return checkedProvider(uri, options).openReadOnly(uri, options, observer);
  }

  /**
   * Checks a store ({@link StorageProvider#check}) after checking its options as {@link #open}
   * does.
   *
   * @param probeWrites whether the check may write (and delete) a probe object
   * @throws InvalidInputException for an unknown scheme or option key, or bad settings
   */
  public StoreHealth check(URI uri, Map<String, String> options, boolean probeWrites) {
    return checkedProvider(uri, options).check(uri, options, probeWrites);
  }

  private StorageProvider checkedProvider(URI uri, Map<String, String> options) {
    StorageProvider provider = forUri(uri);
    Options.of(options, provider.optionKeys());
    return provider;
  }
}
