package dev.chatlog.model;

import static java.util.Objects.requireNonNull;

import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * A chunk about to be appended: everything but what the store assigns (id, seq, checksum, size).
 * The body is already within the chunk limit; splitting long input is the facade's job.
 *
 * @param created when the content was written; {@code null} means now (imports pass the original
 *     time, and the id is made for that time)
 * @since 0.1.0
 */
public record ChunkDraft(
    String project,
    String topic,
    String session,
    Instant created,
    List<Actor> actors,
    String source,
    List<String> tags,
    String summary,
    Map<String, List<String>> labels,
    String body) {

  public ChunkDraft {
    requireNonNull(project, "project is null");
    requireNonNull(topic, "topic is null");
    requireNonNull(session, "session is null");
    requireNonNull(source, "source is null");
    requireNonNull(body, "body is null");
    summary = summary == null ? "" : summary;
    actors = List.copyOf(actors);
    tags = List.copyOf(tags);
    labels = Labels.copyOf(labels);
  }
}
