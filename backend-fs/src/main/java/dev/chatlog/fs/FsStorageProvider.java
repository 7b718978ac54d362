package dev.chatlog.fs;

import static java.util.Objects.requireNonNull;

import dev.chatlog.config.Redaction;
import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.StorageProvider;
import dev.chatlog.spi.StoreHealth;
import java.io.IOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Opens {@code file:} stores: the shared engine over an {@link FsBlobStore} on a folder. Accepts
 * {@code file:///absolute/path} (also {@code file:/absolute/path}) and {@code file:~/path} or
 * {@code file:~} for a folder under the user's home.
 *
 * @since 0.1.0
 */
public final class FsStorageProvider implements StorageProvider {
  private final Path home;

  /** The provider ServiceLoader creates; {@code ~} is the {@code user.home} folder. */
  public FsStorageProvider() {
    this(Path.of(System.getProperty("user.home")));
  }

  /** A provider that expands {@code ~} to {@code home}. */
  FsStorageProvider(Path home) {
    this.home = requireNonNull(home, "home is null");
  }

  @Override
  public String scheme() {
    return "file";
  }

  @Override
  public Set<String> optionKeys() {
    return BlobChunkStore.OPTION_KEYS;
  }

  @Override
  public ChunkStore open(URI uri, Map<String, String> options) {
    return BlobChunkStore.open(new FsBlobStore(folderOf(uri)), options);
  }

  /**
   * Probes the folder through its blob store ({@link StoreHealth#probe}), then removes the probe's
   * folder when it is empty, so that a check leaves no trace.
   */
  @Override
  public StoreHealth check(URI uri, Map<String, String> options, boolean probeWrites) {
    Path folder = folderOf(uri);
    try (FsBlobStore blobs = new FsBlobStore(folder)) {
      return StoreHealth.probe(blobs, probeWrites);
    } finally {
      if (probeWrites) {
        removeIfEmptyFolder(folder.resolve(StoreHealth.PROBE_FOLDER));
      }
    }
  }

  /**
   * Deletes a folder (never a link) when it is empty; one that holds another check's probe, or
   * cannot be deleted, stays.
   */
  private static void removeIfEmptyFolder(Path folder) {
    if (Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
      try {
        Files.delete(folder);
      } catch (IOException e) {
        // not empty (another check is running), or not ours to delete: it stays
      }
    }
  }

  /**
   * The folder a {@code file:} URI names.
   *
   * @throws InvalidInputException for another scheme, a host, a query, or a relative path
   */
  Path folderOf(URI uri) {
    requireNonNull(uri, "uri is null");
    if (!"file".equalsIgnoreCase(uri.getScheme())) {
      throw invalid(uri, "expected a file: URI");
    }
    if (uri.getRawQuery() != null || uri.getRawFragment() != null) {
      throw invalid(uri, "a file: URI takes no query or fragment");
    }
    try {
      if (uri.isOpaque()) {
        String path = uri.getSchemeSpecificPart();
        if (path.equals("~")) {
          return home;
        }
        if (path.startsWith("~/")) {
          return home.resolve(path.substring(2)).normalize();
        }
        throw invalid(uri, "use an absolute path (file:///path) or one under ~ (file:~/path)");
      }
      String authority = uri.getRawAuthority();
      if (authority != null && !authority.equalsIgnoreCase("localhost")) {
        throw invalid(uri, "a file: URI names a local folder, not a host (file:///path)");
      }
      if (uri.getPath().isEmpty()) {
        throw invalid(uri, "no folder given");
      }
      return Path.of(new URI("file", null, uri.getPath(), null)).normalize();
    } catch (InvalidPathException e) {
      throw invalid(uri, e.getReason());
    } catch (URISyntaxException | IllegalArgumentException e) {
      throw invalid(uri, e.getMessage());
    }
  }

  private static InvalidInputException invalid(URI uri, String detail) {
    return new InvalidInputException(
        Redaction.redact("Cannot open store '" + uri + "': " + detail));
  }
}
