package dev.chatlog.search;

import dev.chatlog.model.Actor;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Builds chunks in memory for the unit tests of search. */
final class SearchFixtures {
  static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");
  private static final AtomicLong SERIAL = new AtomicLong();

  private SearchFixtures() {}

  static Chunk chunk(String body, Instant created) {
    return chunk(body, created, "proj", "topic", List.of(), "");
  }

  static Chunk chunk(
      String body,
      Instant created,
      String project,
      String topic,
      List<String> tags,
      String summary) {
    ChunkMeta meta =
        new ChunkMeta(
            ChunkId.of(created.toEpochMilli(), 0, SERIAL.incrementAndGet()),
            project,
            topic,
            "session",
            0,
            created,
            List.of(Actor.USER),
            "test",
            tags,
            summary,
            Map.of(),
            "0".repeat(64),
            body.getBytes(StandardCharsets.UTF_8).length);
    return new Chunk(meta, body);
  }
}
