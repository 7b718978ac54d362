package dev.chatlog.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;

/**
 * Everything known about a stored chunk except its body: what an index entry holds, and what
 * filters, listings and search hits show. Its fields are written and read in one place, {@link
 * dev.chatlog.engine.MetaFields}, by every format that holds them: a new component is one more
 * field there.
 *
 * @param id time-ordered identifier
 * @param project project name, never empty
 * @param topic topic name, never empty
 * @param session the conversation this chunk is a slice of
 * @param seq position of the chunk in its session, from 0; writers racing on one session may give
 *     two chunks one number, so a conversation's order is {@link #CONVERSATION_ORDER}
 * @param created when the content was written (UTC)
 * @param actors who speaks in the body, in order of first appearance
 * @param source what saved it: {@code cli}, an importer's name, an editor
 * @param tags free tags; {@code pinned} protects a chunk from retention
 * @param summary one-line summary, may be empty
 * @param labels key to values, e.g. {@code adr -> [0001]}
 * @param sha256 lower-case hex SHA-256 of the UTF-8 body
 * @param size length of the UTF-8 body in bytes
 * @since 0.1.0
 */
public record ChunkMeta(
    ChunkId id,
    String project,
    String topic,
    String session,
    int seq,
    Instant created,
    List<Actor> actors,
    String source,
    List<String> tags,
    String summary,
    Map<String, List<String>> labels,
    String sha256,
    long size) {

  public ChunkMeta {
    requireNonNull(id, "id is null");
    requireNonNull(project, "project is null");
    requireNonNull(topic, "topic is null");
    requireNonNull(session, "session is null");
    requireNonNull(created, "created is null");
    requireNonNull(source, "source is null");
    requireNonNull(sha256, "sha256 is null");
    summary = summary == null ? "" : summary;
    actors = List.copyOf(actors);
    tags = List.copyOf(tags);
    labels = Labels.copyOf(labels);
    if (seq < 0) {
      throw new IllegalArgumentException("seq is negative: " + seq);
    }
    if (size < 0) {
      throw new IllegalArgumentException("size is negative: " + size);
    }
  }

  /**
   * The order of a conversation: by {@code seq}, then by creation time, then by id. Stable: every
   * read of a session gives its chunks in this one order, also where writers racing on the session
   * gave two chunks the same {@code seq}.
   */
  public static final Comparator<ChunkMeta> CONVERSATION_ORDER =
      Comparator.comparingInt(ChunkMeta::seq)
          .thenComparing(ChunkMeta::created)
          .thenComparing(ChunkMeta::id);

  /**
   * This metadata with another checksum and size: that of a body changed since the save, once the
   * change is accepted ({@code verify --repair --accept-edits}).
   */
  public ChunkMeta withChecksum(String newSha256, long newSize) {
    return new ChunkMeta(
        id, project, topic, session, seq, created, actors, source, tags, summary, labels, newSha256,
        newSize);
  }

  /**
   * The meta of a draft the store has just given an id, seq, checksum and size; created is the
   * draft's own time or, when it has none, the id's.
   */
  public static ChunkMeta of(ChunkDraft draft, ChunkId id, int seq, String sha256, long size) {
    return new ChunkMeta(
        id,
        draft.project(),
        draft.topic(),
        draft.session(),
        seq,
        draft.created() == null ? id.instant() : draft.created(),
        draft.actors(),
        draft.source(),
        draft.tags(),
        draft.summary(),
        draft.labels(),
        sha256,
        size);
  }
}
