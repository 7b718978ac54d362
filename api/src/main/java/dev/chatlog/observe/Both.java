package dev.chatlog.observe;

import static java.util.Objects.requireNonNull;

import dev.chatlog.retention.PruneResult;

/** Two observers told in turn: {@link ChatLogObserver#both}. */
record Both(ChatLogObserver first, ChatLogObserver second) implements ChatLogObserver {
  Both {
    requireNonNull(first, "first is null");
    requireNonNull(second, "second is null");
  }

  @Override
  public void operation(Operation operation, long nanos, Throwable failure) {
    first.operation(operation, nanos, failure);
    second.operation(operation, nanos, failure);
  }

  @Override
  public void chunksWritten(long chunks, long bytes) {
    first.chunksWritten(chunks, bytes);
    second.chunksWritten(chunks, bytes);
  }

  @Override
  public void chunksRead(long chunks, long bytes) {
    first.chunksRead(chunks, bytes);
    second.chunksRead(chunks, bytes);
  }

  @Override
  public void chunksRemoved(Operation operation, long chunks) {
    first.chunksRemoved(operation, chunks);
    second.chunksRemoved(operation, chunks);
  }

  @Override
  public void retentionApplied(PruneResult result) {
    first.retentionApplied(result);
    second.retentionApplied(result);
  }

  @Override
  public void remoteRequest(String store, String operation, long nanos, String outcome) {
    first.remoteRequest(store, operation, nanos, outcome);
    second.remoteRequest(store, operation, nanos, outcome);
  }
}
