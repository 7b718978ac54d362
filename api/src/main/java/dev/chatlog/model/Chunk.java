package dev.chatlog.model;

import static java.util.Objects.requireNonNull;

/**
 * A stored chunk: its metadata and its Markdown body.
 *
 * @since 0.1.0
 */
public record Chunk(ChunkMeta meta, String body) {
  public Chunk {
    requireNonNull(meta, "meta is null");
    requireNonNull(body, "body is null");
  }

  /** Shorthand for {@code meta().id()}. */
  public ChunkId id() {
    return meta.id();
  }
}
