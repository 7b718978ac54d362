package dev.chatlog.capture.source;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.Optional;

/**
 * One file of a source: a file on disk, a file of a folder, or an entry of a zip archive.
 *
 * @param path its path inside the source, with {@code /} between names; for a source that is a
 *     single file, the file's name
 * @param displayName how messages to the user name it: the file's path, or the archive and entry
 * @param size its size in bytes, or {@code -1} when not known
 * @param file the file on disk, when the entry is one (not an archive's entry)
 * @param opener opens its bytes
 */
public record SourceEntry(
    String path, String displayName, long size, Optional<Path> file, Opener opener) {

  /** Opens the bytes of an entry. */
  @FunctionalInterface
  public interface Opener {
    /** A new stream over the bytes, from the first. */
    InputStream open() throws IOException;
  }

  public SourceEntry {
    requireNonNull(path, "path is null");
    requireNonNull(displayName, "displayName is null");
    requireNonNull(file, "file is null");
    requireNonNull(opener, "opener is null");
  }

  /** The last name of {@link #path()}. */
  public String fileName() {
    int slash = path.lastIndexOf('/');
    return slash < 0 ? path : path.substring(slash + 1);
  }

  /** A new stream over the bytes; the caller closes it. */
  public InputStream open() throws IOException {
    return opener.open();
  }

  @Override
  public String toString() {
    return displayName;
  }
}
