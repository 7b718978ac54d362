package dev.chatlog.error;

/**
 * Root of every error chatlog reports. Unchecked; each subclass says what the caller can do about
 * it, and the CLI maps each subclass to one documented exit code. Messages read "Cannot
 * &lt;verb&gt; &lt;thing&gt;: &lt;detail&gt;" and never contain credentials.
 *
 * @since 0.1.0
 */
public class ChatLogException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ChatLogException(String message) {
    super(message);
  }

  public ChatLogException(String message, Throwable cause) {
    super(message, cause);
  }
}
