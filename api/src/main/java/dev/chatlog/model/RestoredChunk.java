package dev.chatlog.model;

import static java.util.Objects.requireNonNull;

/**
 * What restoring one chunk did ({@link dev.chatlog.spi.ChunkStore#restore}).
 *
 * @param meta the chunk's metadata as it was given
 * @param outcome whether it was written, found already present, or refused
 * @param detail why a chunk was refused ({@link Outcome#CONFLICT}); empty otherwise
 * @since 0.1.0
 */
public record RestoredChunk(ChunkMeta meta, Outcome outcome, String detail) {
  public RestoredChunk {
    requireNonNull(meta, "meta is null");
    requireNonNull(outcome, "outcome is null");
    detail = detail == null ? "" : detail;
  }

  /** A chunk that was written. */
  public static RestoredChunk restored(ChunkMeta meta) {
    return new RestoredChunk(meta, Outcome.RESTORED, "");
  }

  /** A chunk the store held already, with the same content. */
  public static RestoredChunk present(ChunkMeta meta) {
    return new RestoredChunk(meta, Outcome.PRESENT, "");
  }

  /** A chunk the store cannot take beside what it holds, and why. */
  public static RestoredChunk conflict(ChunkMeta meta, String detail) {
    return new RestoredChunk(meta, Outcome.CONFLICT, requireNonNull(detail, "detail is null"));
  }

  /**
   * What restoring one chunk did.
   *
   * @since 0.1.0
   */
  public enum Outcome {
    /** Written, with its id, metadata and body as given. */
    RESTORED,
    /** Not written: the store holds a chunk of this id with the same SHA-256. */
    PRESENT,
    /**
     * Not written: the store holds a chunk of this id with another SHA-256, or cannot hold this one
     * beside what it has (see {@link RestoredChunk#detail}).
     */
    CONFLICT
  }
}
