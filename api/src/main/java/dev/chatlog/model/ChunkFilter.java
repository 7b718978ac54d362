package dev.chatlog.model;

import java.time.Instant;
import java.util.Set;

/**
 * Which chunks a read wants. Every non-null field must match; {@link #tags()} must all be present.
 * Times are inclusive of {@code since} and exclusive of {@code until}.
 *
 * @since 0.1.0
 */
public record ChunkFilter(
    String project,
    String topic,
    String session,
    Actor actor,
    Set<String> tags,
    Instant since,
    Instant until) {

  private static final ChunkFilter ALL =
      new ChunkFilter(null, null, null, null, Set.of(), null, null);

  public ChunkFilter {
    tags = tags == null ? Set.of() : Set.copyOf(tags);
  }

  /** A filter that matches every chunk. */
  public static ChunkFilter all() {
    return ALL;
  }

  public ChunkFilter withProject(String value) {
    return new ChunkFilter(value, topic, session, actor, tags, since, until);
  }

  public ChunkFilter withTopic(String value) {
    return new ChunkFilter(project, value, session, actor, tags, since, until);
  }

  public ChunkFilter withSession(String value) {
    return new ChunkFilter(project, topic, value, actor, tags, since, until);
  }

  public ChunkFilter withActor(Actor value) {
    return new ChunkFilter(project, topic, session, value, tags, since, until);
  }

  public ChunkFilter withTags(Set<String> value) {
    return new ChunkFilter(project, topic, session, actor, value, since, until);
  }

  public ChunkFilter withSince(Instant value) {
    return new ChunkFilter(project, topic, session, actor, tags, value, until);
  }

  public ChunkFilter withUntil(Instant value) {
    return new ChunkFilter(project, topic, session, actor, tags, since, value);
  }

  /** Whether a chunk's metadata passes every condition of this filter. */
  public boolean matches(ChunkMeta meta) {
    return (project == null || project.equals(meta.project()))
        && (topic == null || topic.equals(meta.topic()))
        && (session == null || session.equals(meta.session()))
        && (actor == null || meta.actors().contains(actor))
        && (tags.isEmpty() || meta.tags().containsAll(tags))
        && (since == null || !meta.created().isBefore(since))
        && (until == null || meta.created().isBefore(until));
  }

  /** Whether nothing is filtered. */
  public boolean isEmpty() {
    return equals(ALL);
  }
}
