package dev.chatlog.error;

/**
 * Input, an option or a setting that chatlog cannot accept (CLI exit code 2).
 *
 * @since 0.1.0
 */
public class InvalidInputException extends ChatLogException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message);
  }

  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
