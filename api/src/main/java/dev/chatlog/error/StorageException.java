package dev.chatlog.error;

/**
 * A failure of the storage underneath (I/O, network, permission, service error). {@link
 * #retryable()} says whether trying again may help (throttling, 5xx, time-outs); backends set it
 * when they translate their SDK's exceptions.
 *
 * @since 0.1.0
 */
public class StorageException extends ChatLogException {
  private static final long serialVersionUID = 1L;
  private final boolean retryable;

  public StorageException(String message, boolean retryable) {
    super(message);
    this.retryable = retryable;
  }

  public StorageException(String message, boolean retryable, Throwable cause) {
    super(message, cause);
    this.retryable = retryable;
  }

  /** Whether the same call may succeed if tried again. */
  public boolean retryable() {
    return retryable;
  }
}
