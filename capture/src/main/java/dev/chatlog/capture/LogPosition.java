package dev.chatlog.capture;

/**
 * A place in a log file: the byte offset of a line's start, and that line's number.
 *
 * @param offset bytes from the file's start
 * @param line the number of the line that starts there, from 1
 */
public record LogPosition(long offset, long line) {
  /** The start of a file. */
  public static final LogPosition START = new LogPosition(0, 1);

  public LogPosition {
    if (offset < 0 || line < 1) {
      throw new IllegalArgumentException("invalid log position " + offset + "/" + line);
    }
  }
}
