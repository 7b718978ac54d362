package dev.chatlog.model;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * Which chunks a read wants. Every non-null field must match; {@link #tags()} must all be present,
 * and so must every value of {@link #labels()} under its key. Times are inclusive of {@code since}
 * and exclusive of {@code until}.
 *
 * @param source what saved the chunks (an importer's name, {@code cli}, an editor)
 * @param labels label key to the values a chunk must all carry under it
 * @since 0.1.0
 */
public record ChunkFilter(
    String project,
    String topic,
    String session,
    Actor actor,
    Set<String> tags,
    Instant since,
    Instant until,
    String source,
    Map<String, Set<String>> labels) {

  private static final ChunkFilter ALL =
      new ChunkFilter(null, null, null, null, Set.of(), null, null, null, Map.of());

  public ChunkFilter {
    tags = tags == null ? Set.of() : Set.copyOf(tags);
    Map<String, Set<String>> copied = new TreeMap<>();
    if (labels != null) {
      labels.forEach((key, values) -> copied.put(key, Set.copyOf(values)));
    }
    labels = Collections.unmodifiableMap(copied);
  }

  /** A filter that matches every chunk. */
  public static ChunkFilter all() {
    return ALL;
  }

  public ChunkFilter withProject(String value) {
    return new ChunkFilter(value, topic, session, actor, tags, since, until, source, labels);
  }

  public ChunkFilter withTopic(String value) {
    return new ChunkFilter(project, value, session, actor, tags, since, until, source, labels);
  }

  public ChunkFilter withSession(String value) {
    return new ChunkFilter(project, topic, value, actor, tags, since, until, source, labels);
  }

  public ChunkFilter withActor(Actor value) {
    return new ChunkFilter(project, topic, session, value, tags, since, until, source, labels);
  }

  public ChunkFilter withTags(Set<String> value) {
    return new ChunkFilter(project, topic, session, actor, value, since, until, source, labels);
  }

  public ChunkFilter withSince(Instant value) {
    return new ChunkFilter(project, topic, session, actor, tags, value, until, source, labels);
  }

  public ChunkFilter withUntil(Instant value) {
    return new ChunkFilter(project, topic, session, actor, tags, since, value, source, labels);
  }

  public ChunkFilter withSource(String value) {
    return new ChunkFilter(project, topic, session, actor, tags, since, until, value, labels);
  }

  public ChunkFilter withLabels(Map<String, Set<String>> value) {
    return new ChunkFilter(project, topic, session, actor, tags, since, until, source, value);
  }

  /** Whether a chunk's metadata passes every condition of this filter. */
  public boolean matches(ChunkMeta meta) {
    return (project == null || project.equals(meta.project()))
        && (topic == null || topic.equals(meta.topic()))
        && (session == null || session.equals(meta.session()))
        && (actor == null || meta.actors().contains(actor))
        && (tags.isEmpty() || meta.tags().containsAll(tags))
        && (since == null || !meta.created().isBefore(since))
        && (until == null || meta.created().isBefore(until))
        && (source == null || source.equals(meta.source()))
        && labels.entrySet().stream()
            .allMatch(
                label ->
                    meta.labels()
                        .getOrDefault(label.getKey(), List.of())
                        .containsAll(label.getValue()));
  }

  /** Whether nothing is filtered. */
  public boolean isEmpty() {
    return equals(ALL);
  }
}
