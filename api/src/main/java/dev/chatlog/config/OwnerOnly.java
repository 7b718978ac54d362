package dev.chatlog.config;

import java.io.IOException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * Folders and files of chatlog's own (in the user's cache: segment copies, probe answers) that only
 * their owner may read: {@code rwx------} folders and {@code rw-------} files where the file system
 * has POSIX permissions, the platform's defaults elsewhere.
 *
 * @since 0.1.0
 */
public final class OwnerOnly {
  private OwnerOnly() {}

  /**
   * Creates {@code folder} and its missing parents; one made meanwhile by another process is fine.
   */
  public static void createFolders(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    try {
      if (posix(folder)) {
        Files.createDirectories(
            folder,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectories(folder);
      }
    } catch (FileAlreadyExistsException e) {
      // made by another process meanwhile
    }
  }

  /** The attributes of a new file on the file system of {@code path}. */
  public static FileAttribute<?>[] fileAttributes(Path path) {
    return posix(path)
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        }
        : new FileAttribute<?>[0];
  }

  private static boolean posix(Path path) {
    return path.getFileSystem().supportedFileAttributeViews().contains("posix");
  }
}
