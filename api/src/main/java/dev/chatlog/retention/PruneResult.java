package dev.chatlog.retention;

import static java.util.Objects.requireNonNull;

import dev.chatlog.model.ChunkMeta;
import java.time.Instant;
import java.util.List;

/**
 * What one prune removed, or with {@code dryRun} would remove: exactly these chunks, newest first.
 * The counts add up: {@code examined == kept() + removed().size()}.
 *
 * @param policy the policy applied
 * @param dryRun whether nothing was deleted
 * @param evaluatedAt the time the age limit was measured from
 * @param examined how many chunks were in scope when the prune read them
 * @param removed the chunks deleted (or that a dry run would delete), newest first
 * @param pinnedKept how many chunks the policy would have removed but kept because they are pinned
 * @since 0.1.0
 */
public record PruneResult(
    RetentionPolicy policy,
    boolean dryRun,
    Instant evaluatedAt,
    int examined,
    List<ChunkMeta> removed,
    int pinnedKept) {

  public PruneResult {
    requireNonNull(policy, "policy is null");
    requireNonNull(evaluatedAt, "evaluatedAt is null");
    removed = List.copyOf(removed);
    if (examined < removed.size()) {
      throw new IllegalArgumentException(
          "examined " + examined + " is less than removed " + removed.size());
    }
    if (pinnedKept < 0) {
      throw new IllegalArgumentException("pinnedKept is negative: " + pinnedKept);
    }
  }

  /** How many chunks in scope were not removed by this prune. */
  public int kept() {
    return examined - removed.size();
  }
}
