package dev.chatlog.engine;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkMeta;
import java.util.List;

/**
 * The checks every store makes of chunks to {@linkplain dev.chatlog.spi.ChunkStore#restore restore}
 * before it writes any of them: a store never holds a chunk whose body does not match its checksum.
 *
 * @since 0.1.0
 */
public final class RestoreChecks {
  private RestoreChecks() {}

  /**
   * Checks each chunk: its body matches its SHA-256 and size, its project, topic and session are
   * not empty, and its creation time is one an id can hold.
   *
   * @throws InvalidInputException naming the first chunk that fails and why
   */
  public static void check(List<Chunk> chunks) {
    for (Chunk chunk : chunks) {
      check(chunk);
    }
  }

  private static void check(Chunk chunk) {
    ChunkMeta meta = chunk.meta();
    if (!ChunkCodec.bodyMatches(meta, chunk.body())) {
      throw refused(meta, "its body does not match its sha256 and size");
    }
    if (meta.project().isBlank()) {
      throw refused(meta, "project is empty");
    }
    if (meta.topic().isBlank()) {
      throw refused(meta, "topic is empty");
    }
    if (meta.session().isBlank()) {
      throw refused(meta, "session is empty");
    }
    long seconds = meta.created().getEpochSecond();
    if (seconds < 0 || seconds >= (1L << 48) / 1000) {
      throw refused(meta, "created time " + meta.created() + " is out of range");
    }
  }

  private static InvalidInputException refused(ChunkMeta meta, String why) {
    return new InvalidInputException("Cannot restore chunk " + meta.id() + ": " + why);
  }
}
