package dev.chatlog.observe;

import dev.chatlog.retention.PruneResult;
import java.util.ArrayList;
import java.util.List;

/** Keeps what it is told as lines of text, in order. */
final class RecordingObserver implements ChatLogObserver {
  final List<String> events = new ArrayList<>();

  @Override
  public void operation(Operation operation, long nanos, Throwable failure) {
    events.add(
        operation.tag()
            + (failure == null ? " ok" : " " + failure.getClass().getSimpleName())
            + (nanos >= 0 ? "" : " negative"));
  }

  @Override
  public void chunksWritten(long chunks, long bytes) {
    events.add("written " + chunks + " " + bytes);
  }

  @Override
  public void chunksRead(long chunks, long bytes) {
    events.add("read " + chunks + " " + bytes);
  }

  @Override
  public void chunksRemoved(Operation operation, long chunks) {
    events.add("removed " + operation.tag() + " " + chunks);
  }

  @Override
  public void retentionApplied(PruneResult result) {
    events.add("retention " + result.removed().size());
  }

  @Override
  public void remoteRequest(String store, String operation, long nanos, String outcome) {
    events.add(store + " " + operation + " " + outcome);
  }
}
