package dev.chatlog.cli.transfer;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.chatlog.capture.LogPosition;
import dev.chatlog.capture.format.LineReader;
import dev.chatlog.engine.ChunkJson;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.Chunk;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * JSON Lines of chunks: one chunk a line, every field of its metadata and its body ({@link
 * ChunkJson}). What {@code export --format jsonl} writes and {@code import --from jsonl} reads.
 */
public final class ChunkLines {
  private static final JsonFactory FACTORY =
      JsonFactory.builder().build().disable(JsonGenerator.Feature.AUTO_CLOSE_TARGET);

  private ChunkLines() {}

  /** Writes chunks, one a line, to a stream it does not close. */
  public static final class Writer implements ChunkSink {
    private final JsonGenerator json;

    public Writer(OutputStream out) {
      try {
        json = FACTORY.createGenerator(out, JsonEncoding.UTF8);
        json.setRootValueSeparator(null);
      } catch (IOException e) {
        throw new StorageException("Cannot write chunks: " + e, false, e);
      }
    }

    @Override
    public void add(Chunk chunk) throws IOException {
      ChunkJson.write(json, chunk);
      json.writeRaw('\n');
    }

    @Override
    public void finish() throws IOException {
      json.flush();
    }
  }

  /** One line of a file of chunks: its chunk, or why it is not one. */
  public record Line(long number, Chunk chunk, String problem) {
    /** Whether the line held a chunk. */
    public boolean isChunk() {
      return chunk != null;
    }
  }

  /** Reads the lines of a file of chunks; blank lines are passed over. */
  public static final class Reader implements Closeable {
    private final Path file;
    private final LineReader lines;

    public Reader(Path file) {
      this.file = file;
      try {
        InputStream in = Files.newInputStream(file);
        this.lines = new LineReader(in, LogPosition.START, LineReader.DEFAULT_MAX_LINE_BYTES);
      } catch (NoSuchFileException e) {
        throw new InvalidInputException("Cannot read " + file + ": no such file");
      } catch (IOException e) {
        throw new StorageException("Cannot read " + file + ": " + e, false, e);
      }
    }

    /** The next line that is not blank, or {@code null} at the end of the file. */
    public Line next() {
      try {
        for (LineReader.Line line = lines.next(); line != null; line = lines.next()) {
          if (line.isBlank()) {
            continue;
          }
          String where = file.getFileName() + " line " + line.number();
          if (line.tooLong()) {
            return new Line(
                line.number(),
                null,
                "Cannot read chunk at "
                    + where
                    + ": longer than "
                    + LineReader.DEFAULT_MAX_LINE_BYTES
                    + " bytes");
          }
          try {
            return new Line(line.number(), ChunkJson.read(where, line.bytes()), null);
          } catch (CorruptDataException e) {
            return new Line(line.number(), null, e.getMessage());
          }
        }
        return null;
      } catch (IOException e) {
        throw new StorageException("Cannot read " + file + ": " + e, false, e);
      }
    }

    @Override
    public void close() {
      try {
        lines.close();
      } catch (IOException e) {
        // only read from
      }
    }
  }
}
