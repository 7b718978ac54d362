package dev.chatlog.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.chatlog.config.OwnerOnly;
import dev.chatlog.engine.ChunkCodec;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Remembers, per endpoint and bucket, whether the server refused a conditional create as it must,
 * so that the check costs requests once per machine, not once per command. One small file per
 * endpoint and bucket in a folder of the user's cache; a file that cannot be read or written is
 * treated as absent.
 *
 * @since 0.1.0
 */
public final class ProbeCache {
  private final Path folder;

  /** A cache in {@code folder}, created owner-only on first write. */
  public ProbeCache(Path folder) {
    this.folder = requireNonNull(folder, "folder is null");
  }

  /**
   * The default folder: {@code s3-probe/} in chatlog's cache folder ({@link
   * dev.chatlog.engine.EngineOptions#cacheFolder}).
   */
  public static ProbeCache inCacheFolder(Path cacheFolder) {
    return new ProbeCache(cacheFolder.resolve("s3-probe"));
  }

  /** The file that holds the answer for a server and bucket. */
  public Path fileFor(String endpoint, String bucket) {
    return folder.resolve(hash(endpoint + "|" + bucket) + ".properties");
  }

  /** The cached answer, if any. */
  public Optional<Boolean> read(String endpoint, String bucket) {
    Path file = fileFor(endpoint, bucket);
    try {
      String text = Files.readString(file, UTF_8).trim();
      return switch (text) {
        case "conditional-writes=true" -> Optional.of(true);
        case "conditional-writes=false" -> Optional.of(false);
        default -> Optional.empty();
      };
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** Stores an answer; a cache that cannot be written only costs a new check next time. */
  public void write(String endpoint, String bucket, boolean conditionalWrites) {
    Path file = fileFor(endpoint, bucket);
    try {
      OwnerOnly.createFolders(folder);
      OwnerOnly.writeAtomically(
          file, ("conditional-writes=" + conditionalWrites + "\n").getBytes(UTF_8));
    } catch (IOException | UnsupportedOperationException e) {
      // Not cached: the next open checks the server again.
    }
  }

  private static String hash(String text) {
    return ChunkCodec.sha256(text.getBytes(UTF_8)).substring(0, 32);
  }
}
