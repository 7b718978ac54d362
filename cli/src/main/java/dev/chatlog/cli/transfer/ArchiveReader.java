package dev.chatlog.cli.transfer;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.StorageException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;

/**
 * Reads the members of an archive ({@code .tar.gz}) in order. Folders are passed over; a member
 * that is a link or a device, or whose name is absolute or climbs out with {@code ..}, refuses the
 * whole archive: nothing in an archive may point outside it. A damaged or truncated archive is an
 * {@link InvalidInputException} that says so, raised where the damage is met.
 */
public final class ArchiveReader implements AutoCloseable {
  private final String name;
  private final TarArchiveInputStream tar;
  private int index;

  /** One member: its position from 1, its name (a leading {@code ./} dropped), its size. */
  public record Member(int index, String name, long size) {}

  /**
   * Opens an archive.
   *
   * @throws InvalidInputException when the file is not gzip-compressed
   * @throws StorageException when it cannot be read
   */
  public ArchiveReader(Path file) {
    this.name = file.toString();
    InputStream in = null;
    try {
      in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
      this.tar = new TarArchiveInputStream(new GZIPInputStream(in, 1 << 16));
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("Cannot read archive " + name + ": no such file");
    } catch (ZipException | EOFException e) {
      closeQuietly(in);
      throw ArchiveManifest.invalid(name, "not a .tar.gz archive");
    } catch (IOException e) {
      closeQuietly(in);
      throw new StorageException("Cannot read archive " + name + ": " + e, false, e);
    }
  }

  /**
   * The next member that is a file, or {@code null} after the last; its content is {@link #content}
   * until the next call.
   */
  public Member next() {
    try {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        index++;
        if (entry.isDirectory()) {
          continue;
        }
        String member = safeName(entry.getName());
        if (!entry.isFile()) {
          throw ArchiveManifest.invalid(
              name, "member " + index + " is a link or a device, not a file");
        }
        return new Member(index, member, entry.getSize());
      }
      return null;
    } catch (IOException e) {
      throw damaged(e);
    }
  }

  /** The content of the current member, as a stream that ends with it. */
  public InputStream content() {
    return new InputStream() {
      @Override
      public int read() throws IOException {
        try {
          return tar.read();
        } catch (IOException e) {
          throw new IOException(damaged(e).getMessage(), e);
        }
      }

      @Override
      public int read(byte[] buffer, int offset, int length) throws IOException {
        try {
          return tar.read(buffer, offset, length);
        } catch (IOException e) {
          throw new IOException(damaged(e).getMessage(), e);
        }
      }
    };
  }

  /**
   * The whole content of the current member.
   *
   * @throws InvalidInputException when the archive is damaged or truncated there
   */
  public byte[] readAll() {
    try {
      return tar.readAllBytes();
    } catch (IOException e) {
      throw damaged(e);
    }
  }

  /**
   * The name a member has inside the archive's folder: {@code ./} dropped; an empty, absolute or
   * climbing name refuses the archive.
   */
  private String safeName(String raw) {
    String unified = raw;
    while (unified.startsWith("./")) {
      unified = unified.substring(2);
    }
    boolean escapes =
        unified.isEmpty()
            || unified.startsWith("/")
            || unified.indexOf('\\') >= 0
            || unified.indexOf('\0') >= 0
            || (unified.length() > 1 && unified.charAt(1) == ':');
    for (String part : unified.split("/", -1)) {
      escapes |= part.equals("..");
    }
    if (escapes) {
      throw ArchiveManifest.invalid(
          name, "member " + index + " has a name that escapes the archive's folder");
    }
    return unified;
  }

  private InvalidInputException damaged(IOException e) {
    String detail =
        e instanceof EOFException || String.valueOf(e.getMessage()).contains("nexpected end")
            ? "it is truncated (member " + index + " or the end is missing)"
            : "it is damaged near member " + index + " (" + e.getClass().getSimpleName() + ")";
    InvalidInputException error = ArchiveManifest.invalid(name, detail);
    error.initCause(e);
    return error;
  }

  @Override
  public void close() {
    closeQuietly(tar);
  }

  private static void closeQuietly(InputStream in) {
    if (in != null) {
      try {
        in.close();
      } catch (IOException e) {
        // only read from
      }
    }
  }
}
