package dev.chatlog.capture.source;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.Optional;

/** Opens the path a user gives as a source: a folder, a zip archive or any other file. */
public final class Sources {
  private static final byte[] ZIP_MAGIC = {'P', 'K', 3, 4};

  private Sources() {}

  /**
   * Opens a path: a folder as the files under it, a zip archive (by its name or its first bytes) as
   * its entries, any other file as itself.
   *
   * @throws InvalidInputException when the path does not exist, cannot be read, or is an unsafe or
   *     invalid zip archive
   */
  public static ImportSource open(Path path, ZipLimits limits) {
    requireNonNull(path, "path is null");
    requireNonNull(limits, "limits is null");
    if (!Files.exists(path)) {
      throw new InvalidInputException("Cannot import '" + path + "': no such file or folder");
    }
    if (Files.isDirectory(path)) {
      return FolderSource.ofFolder(path);
    }
    if (!Files.isRegularFile(path) || !Files.isReadable(path)) {
      throw new InvalidInputException("Cannot import '" + path + "': not a readable file");
    }
    if (isZip(path)) {
      return ZipSource.open(path, limits);
    }
    return FolderSource.ofFile(path);
  }

  static boolean isZip(Path path) {
    if (path.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip")) {
      return true;
    }
    try (InputStream in = Files.newInputStream(path)) {
      return Arrays.equals(in.readNBytes(ZIP_MAGIC.length), ZIP_MAGIC);
    } catch (IOException e) {
      throw new StorageException("Cannot read '" + path + "': " + e.getMessage(), false, e);
    }
  }

  /**
   * A relative path made safe: separators as {@code /}, {@code .} segments dropped; empty when it
   * is absolute, names a drive, climbs out with {@code ..}, or holds a NUL.
   */
  public static Optional<String> safeRelative(String path) {
    if (path == null || path.isEmpty() || path.indexOf('\0') >= 0) {
      return Optional.empty();
    }
    String unified = path.replace('\\', '/');
    if (unified.startsWith("/") || (unified.length() > 1 && unified.charAt(1) == ':')) {
      return Optional.empty();
    }
    StringBuilder out = new StringBuilder();
    for (String segment : unified.split("/")) {
      if (segment.isEmpty() || segment.equals(".")) {
        continue;
      }
      if (segment.equals("..")) {
        return Optional.empty();
      }
      if (out.length() > 0) {
        out.append('/');
      }
      out.append(segment);
    }
    return out.length() == 0 ? Optional.empty() : Optional.of(out.toString());
  }
}
