package dev.chatlog.observe;

import dev.chatlog.retention.PruneResult;

/**
 * Told what chatlog did: the facade reports each call and the chunks it wrote, read and removed;
 * remote stores report each request they send. Every method has an empty default, so an observer
 * implements only what it needs. Methods are called on the thread that did the work, possibly on
 * several threads at once, and must return quickly and never throw.
 */
public interface ChatLogObserver {
  /** Observes nothing. */
  ChatLogObserver NONE = new ChatLogObserver() {};

  /**
   * One call of the facade ended.
   *
   * @param operation what was called
   * @param nanos how long it took
   * @param failure what it threw, {@code null} when it succeeded
   */
  default void operation(Operation operation, long nanos, Throwable failure) {}

  /** A save wrote new chunks: how many, and the UTF-8 bytes of their bodies. */
  default void chunksWritten(long chunks, long bytes) {}

  /** A read returned chunks with their bodies: how many, and the UTF-8 bytes of their bodies. */
  default void chunksRead(long chunks, long bytes) {}

  /**
   * Chunks were removed.
   *
   * @param operation {@link Operation#DELETE}, {@link Operation#PRUNE} or {@link
   *     Operation#RETENTION}
   * @param chunks how many
   */
  default void chunksRemoved(Operation operation, long chunks) {}

  /**
   * A save that wrote a chunk applied the configured retention policy and it removed chunks (never
   * called when it removed none).
   */
  default void retentionApplied(PruneResult result) {}

  /**
   * A remote store sent one request, each attempt of a retried call counted apart.
   *
   * @param store the store's scheme: {@code s3}, {@code gs}
   * @param operation what the request did: {@code get}, {@code head}, {@code put}, {@code list},
   *     {@code delete}
   * @param nanos how long it took
   * @param outcome {@code ok}, {@code not_found}, {@code precondition_failed}, {@code retryable} (a
   *     failure that another attempt may pass) or {@code error}
   */
  default void remoteRequest(String store, String operation, long nanos, String outcome) {}

  /** An observer that tells both of these, {@code first} first. */
  static ChatLogObserver both(ChatLogObserver first, ChatLogObserver second) {
    if (first == NONE) {
      return second;
    }
    if (second == NONE) {
      return first;
    }
    return new Both(first, second);
  }
}
