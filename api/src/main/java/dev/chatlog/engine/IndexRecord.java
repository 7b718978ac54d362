package dev.chatlog.engine;

import static java.util.Objects.requireNonNull;

import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;

/**
 * One line of the index: an entry for a stored chunk, or a tombstone for a deleted one. Both carry
 * the session they belong to, so that segments can be summarised by session.
 */
sealed interface IndexRecord {

  /** The chunk this record is about. */
  ChunkId target();

  /**
   * The session ({@link Sessions#name}) of that chunk; its key for the manifest is {@link
   * Sessions#keyOf} of it, a SHA-256, made once per session rather than per record.
   */
  String sessionName();

  /** An index entry: the metadata of a stored chunk. */
  record Entry(ChunkMeta meta) implements IndexRecord {
    public Entry {
      requireNonNull(meta, "meta is null");
    }

    @Override
    public ChunkId target() {
      return meta.id();
    }

    @Override
    public String sessionName() {
      return Sessions.name(meta.project(), meta.topic(), meta.session());
    }
  }

  /** A tombstone: the chunk {@code target} was deleted. */
  record Tombstone(ChunkId target, String project, String topic, String session)
      implements IndexRecord {
    public Tombstone {
      requireNonNull(target, "target is null");
      requireNonNull(project, "project is null");
      requireNonNull(topic, "topic is null");
      requireNonNull(session, "session is null");
    }

    static Tombstone of(ChunkMeta meta) {
      return new Tombstone(meta.id(), meta.project(), meta.topic(), meta.session());
    }

    @Override
    public String sessionName() {
      return Sessions.name(project, topic, session);
    }
  }
}
