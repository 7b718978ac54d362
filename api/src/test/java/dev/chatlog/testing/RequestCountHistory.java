package dev.chatlog.testing;

import dev.chatlog.model.ChunkDraft;
import dev.chatlog.spi.ChunkStore;
import java.util.ArrayList;
import java.util.List;

/**
 * The history the request-count tests of the remote stores count against: two segments (a batch of
 * sessions a and b, then the compacted inbox of session c) and three inbox entries (two of session
 * a, one of d), all in project {@code chatlog}, topic {@code requests}.
 */
public final class RequestCountHistory {
  private RequestCountHistory() {}

  /** Writes the history through {@code writer}. */
  public static void write(ChunkStore writer) {
    List<ChunkDraft> batch = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      batch.add(draft(i < 20 ? "a" : "b", i));
    }
    writer.append(batch);
    for (int i = 0; i < 3; i++) {
      writer.append(List.of(draft("c", i)));
    }
    writer.compact();
    writer.append(List.of(draft("a", 100)));
    writer.append(List.of(draft("a", 101)));
    writer.append(List.of(draft("d", 0)));
  }

  /** Message {@code n} of {@code session}. */
  public static ChunkDraft draft(String session, int n) {
    return Drafts.user("chatlog", "requests", session, "message " + n + " of session " + session);
  }
}
