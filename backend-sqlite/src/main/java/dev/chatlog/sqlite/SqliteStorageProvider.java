package dev.chatlog.sqlite;

import dev.chatlog.config.Redaction;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.observe.ChatLogObserver;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.ReadOnlyChunkStore;
import dev.chatlog.spi.StorageProvider;
import dev.chatlog.spi.StoreHealth;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;

/**
 * Opens {@code sqlite:} stores: {@code sqlite:///absolute/path/chatlog.db}, {@code
 * sqlite:~/chatlog.db} (home folder) or {@code sqlite:relative/chatlog.db}.
 *
 * @since 0.1.0
 */
public final class SqliteStorageProvider implements StorageProvider {

  @Override
  public String scheme() {
    return "sqlite";
  }

  @Override
  public Set<String> optionKeys() {
    return SqliteOptions.KEYS;
  }

  /** Opens the database without creating or migrating it; a missing or empty file reads empty. */
  @Override
  public ChunkStore openReadOnly(URI uri, Map<String, String> options, ChatLogObserver observer) {
    return new ReadOnlyChunkStore(
        SqliteChunkStore.openReadOnly(path(uri), SqliteOptions.parse(options)));
  }

  @Override
  public ChunkStore open(URI uri, Map<String, String> options) {
    return SqliteChunkStore.open(path(uri), SqliteOptions.parse(options));
  }

  /**
   * Checks the database with probes that leave nothing behind ({@link SqliteChunkStore#probe}):
   * with {@code probeWrites}, a write in a transaction that is rolled back.
   */
  @Override
  public StoreHealth check(URI uri, Map<String, String> options, boolean probeWrites) {
    if (!probeWrites) {
      return StorageProvider.super.check(uri, options, false);
    }
    Path file = path(uri);
    SqliteOptions parsed = SqliteOptions.parse(options);
    try (SqliteChunkStore store = SqliteChunkStore.open(file, parsed)) {
      return store.probe();
    } catch (InvalidInputException e) {
      throw e;
    } catch (RuntimeException e) {
      return StoreHealth.unreachable(Redaction.redact(uri.toString()), e.getMessage());
    }
  }

  /** The database file a {@code sqlite:} URI names. */
  static Path path(URI uri) {
    String path;
    if (uri.isOpaque()) {
      path = uri.getSchemeSpecificPart();
    } else {
      if (uri.getRawAuthority() != null && !uri.getRawAuthority().isEmpty()) {
        throw new InvalidInputException(
            Redaction.redact(
                "Cannot open store '"
                    + uri
                    + "': a sqlite URI has no host; use sqlite:///absolute/path.db or"
                    + " sqlite:~/path.db"));
      }
      path = uri.getPath();
    }
    if (path == null || path.isBlank() || path.endsWith("/")) {
      throw new InvalidInputException(
          Redaction.redact(
              "Cannot open store '" + uri + "': expected the path of a database file"));
    }
    if (path.equals("~") || path.startsWith("~/")) {
      path = System.getProperty("user.home") + path.substring(1);
    }
    return Path.of(path);
  }
}
