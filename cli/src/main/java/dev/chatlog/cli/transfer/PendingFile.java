package dev.chatlog.cli.transfer;

import dev.chatlog.config.OwnerOnly;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.StorageException;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file or folder written under a temporary name beside where it goes, owner-only, and moved into
 * place only once it is complete: a failure, a kill or a closed pipe leaves nothing under the
 * target's name. An existing target is never replaced.
 */
public final class PendingFile implements AutoCloseable {
  private final Path target;
  private final Path temp;
  private final boolean folder;
  private OutputStream out;
  private boolean done;

  private PendingFile(Path target, Path temp, boolean folder) {
    this.target = target;
    this.temp = temp;
    this.folder = folder;
  }

  /**
   * A new file at {@code target}.
   *
   * @throws InvalidInputException when something exists there already
   */
  public static PendingFile file(Path target) {
    Path absolute = refuseExisting(target, false);
    try {
      Path parent = absolute.getParent();
      OwnerOnly.createFolders(parent);
      Path temp =
          Files.createTempFile(
              parent,
              "." + absolute.getFileName() + ".",
              ".partial",
              OwnerOnly.fileAttributes(parent));
      return new PendingFile(absolute, temp, false);
    } catch (IOException e) {
      throw new StorageException("Cannot write " + target + ": " + e, false, e);
    }
  }

  /**
   * A new folder at {@code target}; an empty folder there is taken.
   *
   * @throws InvalidInputException when a file or a folder that is not empty is there already
   */
  public static PendingFile folder(Path target) {
    Path absolute = refuseExisting(target, true);
    try {
      Path parent = absolute.getParent();
      OwnerOnly.createFolders(parent);
      Path temp = Files.createTempDirectory(parent, "." + absolute.getFileName() + ".");
      return new PendingFile(absolute, temp, true);
    } catch (IOException e) {
      throw new StorageException("Cannot write " + target + ": " + e, false, e);
    }
  }

  private static Path refuseExisting(Path target, boolean emptyFolderTaken) {
    Path absolute = target.toAbsolutePath().normalize();
    if (absolute.getFileName() == null) {
      throw new InvalidInputException("Cannot write " + target + ": it names no file");
    }
    if (Files.exists(absolute) && !(emptyFolderTaken && isEmptyFolder(absolute))) {
      throw new InvalidInputException(
          "Cannot write " + target + ": it exists already (remove it or choose another name)");
    }
    return absolute;
  }

  private static boolean isEmptyFolder(Path path) {
    try (var entries = Files.list(path)) {
      return entries.findAny().isEmpty();
    } catch (IOException e) {
      return false;
    }
  }

  /** Where the content goes: the temporary file (buffered), opened on the first call. */
  public OutputStream out() {
    if (folder) {
      throw new IllegalStateException("a folder has no stream");
    }
    if (out == null) {
      try {
        out = new BufferedOutputStream(Files.newOutputStream(temp), 1 << 16);
      } catch (IOException e) {
        throw new StorageException("Cannot write " + target + ": " + e, false, e);
      }
    }
    return out;
  }

  /** The temporary folder to fill, for a folder. */
  public Path folder() {
    if (!folder) {
      throw new IllegalStateException("a file has no folder");
    }
    return temp;
  }

  /** The final name. */
  public Path target() {
    return target;
  }

  /**
   * Closes the content and moves it to its final name.
   *
   * @throws InvalidInputException when something was made at the target meanwhile
   */
  public void commit() {
    try {
      if (out != null) {
        out.close();
      }
      if (folder && isEmptyFolder(target)) {
        Files.delete(target);
      }
      if (Files.exists(target)) {
        throw new InvalidInputException("Cannot write " + target + ": it was made meanwhile");
      }
      try {
        Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target);
      }
      done = true;
    } catch (FileAlreadyExistsException e) {
      throw new InvalidInputException("Cannot write " + target + ": it was made meanwhile");
    } catch (IOException e) {
      throw new StorageException("Cannot write " + target + ": " + e, false, e);
    }
  }

  /** Removes what was written unless it was committed. */
  @Override
  public void close() {
    if (done) {
      return;
    }
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      // removed below either way
    }
    deleteTree(temp);
  }

  private static void deleteTree(Path path) {
    try {
      if (Files.isDirectory(path, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
        try (var entries = Files.list(path)) {
          entries.forEach(PendingFile::deleteTree);
        }
      }
      Files.deleteIfExists(path);
    } catch (IOException e) {
      // a temporary file that cannot be removed is left with its .partial name
    }
  }
}
