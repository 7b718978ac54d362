package dev.chatlog.model;

import static java.util.Objects.requireNonNull;

/**
 * The outcome of appending one draft.
 *
 * @param meta the stored chunk's metadata: a new chunk, or the existing one with the same content
 *     in the same session
 * @param created {@code false} when an identical chunk already existed and nothing was written
 * @since 0.1.0
 */
public record SavedChunk(ChunkMeta meta, boolean created) {
  public SavedChunk {
    requireNonNull(meta, "meta is null");
  }
}
