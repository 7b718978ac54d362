package dev.chatlog.capture.format;

import dev.chatlog.capture.LogPosition;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.util.Arrays;

/**
 * The lines of a byte stream with their numbers and byte offsets, as a log reader needs them to
 * name a bad line and to resume after the last complete one. A line longer than the limit is
 * skipped over without being held in memory.
 */
public final class LineReader implements Closeable {
  /** The longest line held: longer ones are reported, not read. */
  public static final int DEFAULT_MAX_LINE_BYTES = 64 * 1024 * 1024;

  /**
   * One line, without its line break (a {@code \r} before it is dropped too).
   *
   * @param number its number, from 1
   * @param offset the byte offset of its first byte
   * @param bytes its bytes; empty when {@code tooLong}
   * @param terminated whether a line break ends it (false only for the last line of the stream)
   * @param tooLong whether it was longer than the limit and skipped
   */
  public record Line(long number, long offset, byte[] bytes, boolean terminated, boolean tooLong) {
    /** Whether it holds nothing but white space. */
    public boolean isBlank() {
      for (byte b : bytes) {
        if (b != ' ' && b != '\t' && b != '\r') {
          return false;
        }
      }
      return !tooLong;
    }

    /** Where this line starts, as a position to resume from. */
    public LogPosition start() {
      return new LogPosition(offset, number);
    }
  }

  private final InputStream in;
  private final int maxLineBytes;
  private final byte[] buffer = new byte[64 * 1024];
  private int bufferStart;
  private int bufferEnd;
  private long offset;
  private long number;
  private boolean eof;

  /**
   * Reads lines from a stream positioned at {@code start}.
   *
   * @param start the offset and number of the stream's first line
   */
  public LineReader(InputStream in, LogPosition start, int maxLineBytes) {
    this.in = in;
    this.offset = start.offset();
    this.number = start.line();
    this.maxLineBytes = maxLineBytes;
  }

  /** Where the next line starts: after the last line returned, with its line break. */
  public LogPosition position() {
    return new LogPosition(offset, number);
  }

  /** The next line, or {@code null} at the end of the stream. */
  public Line next() throws IOException {
    byte[] line = new byte[256];
    int length = 0;
    long consumed = 0;
    boolean tooLong = false;
    while (true) {
      if (bufferStart == bufferEnd && !fill()) {
        if (consumed == 0) {
          return null;
        }
        Line last = line(line, length, false, tooLong);
        offset += consumed;
        number++;
        return last;
      }
      int newline = -1;
      for (int i = bufferStart; i < bufferEnd; i++) {
        if (buffer[i] == '\n') {
          newline = i;
          break;
        }
      }
      int end = newline < 0 ? bufferEnd : newline;
      int n = end - bufferStart;
      if (!tooLong && length + (long) n > maxLineBytes) {
        tooLong = true;
        length = 0;
      }
      if (!tooLong) {
        if (length + n > line.length) {
          line = Arrays.copyOf(line, Math.max(line.length * 2, length + n));
        }
        System.arraycopy(buffer, bufferStart, line, length, n);
        length += n;
      }
      consumed += n;
      bufferStart = end;
      if (newline >= 0) {
        bufferStart++;
        consumed++;
        Line complete = line(line, length, true, tooLong);
        offset += consumed;
        number++;
        return complete;
      }
    }
  }

  private Line line(byte[] line, int length, boolean terminated, boolean tooLong) {
    int end = length;
    if (end > 0 && line[end - 1] == '\r') {
      end--;
    }
    return new Line(number, offset, Arrays.copyOf(line, tooLong ? 0 : end), terminated, tooLong);
  }

  private boolean fill() throws IOException {
    if (eof) {
      return false;
    }
    int n = in.read(buffer);
    if (n <= 0) {
      eof = true;
      return false;
    }
    bufferStart = 0;
    bufferEnd = n;
    return true;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
