package dev.chatlog.error;

/**
 * Stored data that cannot be read back as written: a bad checksum, front matter, segment or
 * manifest.
 *
 * @since 0.1.0
 */
public class CorruptDataException extends ChatLogException {
  private static final long serialVersionUID = 1L;

  public CorruptDataException(String message) {
    super(message);
  }

  public CorruptDataException(String message, Throwable cause) {
    super(message, cause);
  }
}
