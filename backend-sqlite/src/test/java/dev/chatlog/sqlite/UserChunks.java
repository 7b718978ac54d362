package dev.chatlog.sqlite;

import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.ChunkStore;
import java.util.List;
import java.util.Map;

/** Saves one plain user chunk in project {@code p}, topic {@code t}, for the index tests. */
final class UserChunks {
  private UserChunks() {}

  /** Appends one chunk said by the user from the CLI, with no tags, summary or labels. */
  static ChunkMeta save(ChunkStore store, String session, String body) {
    return store
        .append(
            List.of(
                new ChunkDraft(
                    "p",
                    "t",
                    session,
                    null,
                    List.of(Actor.USER),
                    "cli",
                    List.of(),
                    "",
                    Map.of(),
                    body)))
        .get(0)
        .meta();
  }
}
