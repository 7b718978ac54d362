package dev.chatlog.capture.source;

import dev.chatlog.error.StorageException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.stream.Stream;

/** A folder's files, or one file alone (whose folder {@link #find(String)} looks in). */
final class FolderSource implements ImportSource {
  private final Path given;
  private final Path root;
  private final List<SourceEntry> entries;

  private FolderSource(Path given, Path root, List<SourceEntry> entries) {
    this.given = given;
    this.root = root;
    this.entries = List.copyOf(entries);
  }

  static FolderSource ofFolder(Path folder) {
    List<SourceEntry> entries = new ArrayList<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      walk.filter(Files::isRegularFile)
          .forEach(file -> entries.add(entry(file, folder.relativize(file))));
    } catch (IOException | java.io.UncheckedIOException e) {
      throw new StorageException(
          "Cannot list folder '" + folder + "': " + e.getMessage(), false, e);
    }
    entries.sort(Comparator.comparing(SourceEntry::path));
    return new FolderSource(folder, folder, entries);
  }

  static FolderSource ofFile(Path file) {
    Path parent = file.toAbsolutePath().getParent();
    return new FolderSource(file, parent, List.of(entry(file, file.getFileName())));
  }

  private static SourceEntry entry(Path file, Path relative) {
    String path = relative.toString().replace(file.getFileSystem().getSeparator(), "/");
    long size;
    try {
      size = Files.size(file);
    } catch (IOException e) {
      size = -1;
    }
    return new SourceEntry(
        path, file.toString(), size, Optional.of(file), () -> Files.newInputStream(file));
  }

  @Override
  public String displayName() {
    return given.toString();
  }

  @Override
  public List<SourceEntry> entries() {
    return entries;
  }

  @Override
  public Optional<SourceEntry> find(String relativePath) {
    return Sources.safeRelative(relativePath)
        .map(root::resolve)
        .filter(Files::isRegularFile)
        .map(file -> entry(file, root.relativize(file)));
  }

  @Override
  public void close() {
    // nothing held open
  }
}
