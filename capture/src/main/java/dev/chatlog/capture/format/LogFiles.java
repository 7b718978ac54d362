package dev.chatlog.capture.format;

import dev.chatlog.capture.LogPosition;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.StorageException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Opens a log file at a position, with the errors of a log read. */
public final class LogFiles {
  /** Reads a stream positioned at the start of a line. */
  @FunctionalInterface
  public interface Reader<T> {
    /** Reads from the stream. */
    T read(InputStream in) throws IOException;
  }

  private LogFiles() {}

  /**
   * Opens the file, skips to the position and reads.
   *
   * @throws InvalidInputException when the file is missing or shorter than the position
   */
  public static <T> T read(Path file, LogPosition from, Reader<T> reader) {
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(from.offset());
      return reader.read(in);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("Cannot read '" + file + "': no such file");
    } catch (EOFException e) {
      throw new InvalidInputException(
          "Cannot read '" + file + "' from byte " + from.offset() + ": the file is shorter");
    } catch (IOException e) {
      throw new StorageException("Cannot read '" + file + "': " + e.getMessage(), false, e);
    }
  }
}
