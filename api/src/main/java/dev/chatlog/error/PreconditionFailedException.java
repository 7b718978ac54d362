package dev.chatlog.error;

/**
 * A blob write or delete whose precondition failed: the key already exists on a create-only put, or
 * its version no longer matches. Every {@code BlobStore} throws this one type.
 *
 * @since 0.1.0
 */
public class PreconditionFailedException extends ChatLogException {
  private static final long serialVersionUID = 1L;

  public PreconditionFailedException(String message) {
    super(message);
  }

  public PreconditionFailedException(String message, Throwable cause) {
    super(message, cause);
  }
}
