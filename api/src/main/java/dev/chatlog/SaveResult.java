package dev.chatlog;

import dev.chatlog.model.SavedChunk;
import java.util.List;

/**
 * The outcome of one save: one {@link SavedChunk} per chunk the content was split into, in order.
 *
 * @param chunks the saved chunks, at least one
 * @since 0.1.0
 */
public record SaveResult(List<SavedChunk> chunks) {
  public SaveResult {
    chunks = List.copyOf(chunks);
    if (chunks.isEmpty()) {
      throw new IllegalArgumentException("a save result has at least one chunk");
    }
  }

  /** Whether at least one chunk was new (rather than all already stored). */
  public boolean createdAny() {
    for (SavedChunk chunk : chunks) {
      if (chunk.created()) {
        return true;
      }
    }
    return false;
  }
}
