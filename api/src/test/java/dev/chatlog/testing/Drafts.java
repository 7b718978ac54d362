package dev.chatlog.testing;

import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import java.util.List;
import java.util.Map;

/** Drafts for tests: what {@code chatlog save} makes of a user's message, with nothing optional. */
public final class Drafts {
  private Drafts() {}

  /** A user's message {@code body} saved now into {@code project}/{@code topic}/{@code session}. */
  public static ChunkDraft user(String project, String topic, String session, String body) {
    return new ChunkDraft(
        project, topic, session, null, List.of(Actor.USER), "cli", List.of(), "", Map.of(), body);
  }
}
