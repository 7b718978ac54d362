package dev.chatlog.capture;

/** What an import does with a line of a JSONL log that cannot be read. */
public enum BadLinePolicy {
  /** Reports the line (file, line number, byte offset) to the listener and reads on. */
  SKIP,
  /** Stops the import with an {@link dev.chatlog.error.InvalidInputException} naming the line. */
  FAIL
}
