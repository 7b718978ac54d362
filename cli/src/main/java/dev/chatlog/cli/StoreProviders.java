package dev.chatlog.cli;

import dev.chatlog.spi.StorageProviders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URISyntaxException;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The storage providers of a run. The distribution's {@code lib/} holds the command with the file
 * and SQLite stores in one jar, and the S3 and GCS stores with their SDKs in the jars of {@code
 * lib/remote-stores/}: those are loaded, in a class loader of their own, only when a run asks for a
 * scheme the command's jar does not have, so that other runs do not open them (adr/0014). Run from
 * anywhere else (tests, an application's class path), every provider comes from the class path.
 */
final class StoreProviders {
  /** The folder beside the command's jar that holds the jars of the remote stores. */
  static final String REMOTE_STORES = "remote-stores";

  private StoreProviders() {}

  /** The providers of this run. */
  static StorageProviders discover() {
    ClassLoader loader = StoreProviders.class.getClassLoader();
    Optional<Path> folder = remoteStores();
    if (folder.isEmpty()) {
      return StorageProviders.discover(loader);
    }
    return StorageProviders.discover(loader, () -> remoteLoader(folder.get(), loader));
  }

  /** {@code remote-stores/} beside the jar this class came from, when there is one. */
  private static Optional<Path> remoteStores() {
    CodeSource source = StoreProviders.class.getProtectionDomain().getCodeSource();
    if (source == null || source.getLocation() == null) {
      return Optional.empty();
    }
    try {
      Path jar = Path.of(source.getLocation().toURI());
      Path folder = jar.resolveSibling(REMOTE_STORES);
      return Files.isRegularFile(jar) && Files.isDirectory(folder)
          ? Optional.of(folder)
          : Optional.empty();
    } catch (URISyntaxException | IllegalArgumentException e) {
      return Optional.empty();
    }
  }

  /**
   * A loader of the folder's jars over {@code parent}; it also becomes this thread's context
   * loader, through which libraries of those jars look up their own services.
   */
  private static ClassLoader remoteLoader(Path folder, ClassLoader parent) {
    List<URL> jars = new ArrayList<>();
    try (DirectoryStream<Path> found = Files.newDirectoryStream(folder, "*.jar")) {
      for (Path jar : found) {
        jars.add(jar.toUri().toURL());
      }
    } catch (MalformedURLException e) {
      throw new IllegalStateException("Cannot load the stores of " + folder + ": " + e, e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot list the stores of " + folder, e);
    }
    ClassLoader loader = new URLClassLoader(jars.toArray(URL[]::new), parent);
    Thread.currentThread().setContextClassLoader(loader);
    return loader;
  }
}
