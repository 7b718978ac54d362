package dev.chatlog;

/**
 * Told how far a batch save has come: how many of its chunks are done (saved, or found already
 * saved) out of how many. A command line shows it for long batches; it may be called from the
 * store's writing threads.
 *
 * @since 0.1.0
 */
@FunctionalInterface
public interface SaveProgress {
  /** Ignores every report. */
  SaveProgress NONE = (done, total) -> {};

  /** {@code done} of {@code total} chunks are done; {@code total} is -1 while it is not known. */
  void update(int done, int total);
}
