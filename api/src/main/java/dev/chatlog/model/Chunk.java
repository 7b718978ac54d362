package dev.chatlog.model;

import static java.util.Objects.requireNonNull;

/**
 * A stored chunk: its metadata and its Markdown body.
 *
 * @param meta the metadata as saved; its {@code sha256} and {@code size} describe the body as saved
 * @param body the body as it is now
 * @param modified whether the body was changed since it was saved (a chunk file edited by hand): it
 *     no longer matches the checksum and size of {@code meta}
 * @since 0.1.0
 */
public record Chunk(ChunkMeta meta, String body, boolean modified) {
  public Chunk {
    requireNonNull(meta, "meta is null");
    requireNonNull(body, "body is null");
  }

  /** A chunk whose body is as it was saved. */
  public Chunk(ChunkMeta meta, String body) {
    this(meta, body, false);
  }

  /** Shorthand for {@code meta().id()}. */
  public ChunkId id() {
    return meta.id();
  }
}
