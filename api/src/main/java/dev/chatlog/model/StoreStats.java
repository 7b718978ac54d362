package dev.chatlog.model;

import java.time.Instant;
import java.util.Map;

/**
 * Totals of a store.
 *
 * @param chunks live chunks
 * @param bytes bytes of their bodies
 * @param oldest creation time of the oldest chunk, {@code null} when empty
 * @param newest creation time of the newest chunk, {@code null} when empty
 * @param perProject chunk count by project
 * @since 0.1.0
 */
public record StoreStats(
    long chunks, long bytes, Instant oldest, Instant newest, Map<String, Long> perProject) {
  public StoreStats {
    perProject = Map.copyOf(perProject);
  }
}
