package dev.chatlog.error;

/**
 * A write that kept losing races with other writers after its retries (CLI exit code 5).
 *
 * @since 0.1.0
 */
public class ConflictException extends ChatLogException {
  private static final long serialVersionUID = 1L;

  public ConflictException(String message) {
    super(message);
  }

  public ConflictException(String message, Throwable cause) {
    super(message, cause);
  }
}
