package dev.chatlog.error;

/**
 * A write was attempted on a store opened read-only (CLI exit code 3).
 *
 * @since 0.1.0
 */
public class ReadOnlyException extends ChatLogException {
  private static final long serialVersionUID = 1L;

  public ReadOnlyException(String message) {
    super(message);
  }

  public ReadOnlyException(String message, Throwable cause) {
    super(message, cause);
  }
}
