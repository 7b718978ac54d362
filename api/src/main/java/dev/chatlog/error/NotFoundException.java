package dev.chatlog.error;

/**
 * A chunk, key or store that does not exist (CLI exit code 4).
 *
 * @since 0.1.0
 */
public class NotFoundException extends ChatLogException {
  private static final long serialVersionUID = 1L;

  public NotFoundException(String message) {
    super(message);
  }

  public NotFoundException(String message, Throwable cause) {
    super(message, cause);
  }
}
