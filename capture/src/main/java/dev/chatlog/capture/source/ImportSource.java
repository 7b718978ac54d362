package dev.chatlog.capture.source;

import java.io.Closeable;
import java.util.List;
import java.util.Optional;

/**
 * What an import reads: the files of one path given by the user. Open one with {@link
 * Sources#open(java.nio.file.Path, ZipLimits)}.
 */
public interface ImportSource extends Closeable {
  /** How messages to the user name the source: the path as given. */
  String displayName();

  /** Every file of the source, sorted by path. */
  List<SourceEntry> entries();

  /**
   * A file of the source by its path, relative to the source's folder (for a single file, the
   * folder that holds it). A path that is absolute or climbs out with {@code ..} is not found.
   */
  Optional<SourceEntry> find(String relativePath);

  /** Releases what the source holds open (a zip archive); never fails. */
  @Override
  void close();
}
