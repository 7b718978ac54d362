package dev.chatlog.retention;

import static java.util.Objects.requireNonNull;

import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.ChunkStore;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * Applies a {@link RetentionPolicy} to the chunks of one scope through the {@link ChunkStore} SPI.
 *
 * <p>Rules, for the chunks that match the scope, newest first in store order (by id, which is save
 * time order):
 *
 * <ul>
 *   <li>with {@code maxChunks = N}, the first N chunks are kept, pinned or not, and every later one
 *       is removed unless pinned: a pinned chunk among the newest N takes one of the N places;
 *   <li>with {@code maxAge = A}, a chunk whose {@code created} time is before {@code now - A} is
 *       removed unless pinned;
 *   <li>a chunk tagged {@value #PINNED} (any case) is never removed.
 * </ul>
 *
 * <p>Deletes go through {@link ChunkStore#delete}, which on the blob engine writes tombstones, so
 * that no reader sees a pruned chunk again; a store wrapped read-only refuses them. The result
 * lists exactly the chunks this call deleted: one that another process deleted first is not listed.
 *
 * @since 0.1.0
 */
public final class Pruner {
  /** The tag that protects a chunk from retention. */
  public static final String PINNED = "pinned";

  private final ChunkStore store;
  private final Clock clock;

  /** A pruner over a store, measuring ages against {@code clock}. */
  public Pruner(ChunkStore store, Clock clock) {
    this.store = requireNonNull(store, "store is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Removes what the policy does not keep among the chunks that match {@code scope}; with {@code
   * dryRun}, only says what it would remove.
   */
  public PruneResult prune(RetentionPolicy policy, ChunkFilter scope, boolean dryRun) {
    return prune(policy, scope, dryRun, doomed -> {});
  }

  /**
   * Like {@link #prune(RetentionPolicy, ChunkFilter, boolean)}, telling {@code beforeRemoving}
   * which chunks it is about to remove before it removes any (not in a dry run, nor when there are
   * none): a backup of exactly those. When it throws, nothing is removed.
   */
  public PruneResult prune(
      RetentionPolicy policy,
      ChunkFilter scope,
      boolean dryRun,
      Consumer<List<ChunkMeta>> beforeRemoving) {
    requireNonNull(policy, "policy is null");
    requireNonNull(scope, "scope is null");
    requireNonNull(beforeRemoving, "beforeRemoving is null");
    Instant now = clock.instant();
    List<ChunkMeta> inScope = read(policy, scope);
    int maxChunks = (int) Math.min(policy.maxChunks().orElse(Long.MAX_VALUE), Integer.MAX_VALUE);
    Instant cutoff = policy.maxAge().map(now::minus).orElse(Instant.MIN);
    List<ChunkMeta> doomed = new ArrayList<>();
    int pinnedKept = 0;
    for (int i = 0; i < inScope.size(); i++) {
      ChunkMeta meta = inScope.get(i);
      boolean expired = i >= maxChunks || meta.created().isBefore(cutoff);
      if (!expired) {
        continue;
      }
      if (isPinned(meta)) {
        pinnedKept++;
      } else {
        doomed.add(meta);
      }
    }
    if (dryRun || doomed.isEmpty()) {
      return new PruneResult(policy, dryRun, now, inScope.size(), doomed, pinnedKept);
    }
    beforeRemoving.accept(List.copyOf(doomed));
    Set<ChunkId> deleted = new HashSet<>(store.delete(doomed.stream().map(ChunkMeta::id).toList()));
    List<ChunkMeta> removed = doomed.stream().filter(m -> deleted.contains(m.id())).toList();
    return new PruneResult(policy, false, now, inScope.size(), removed, pinnedKept);
  }

  /** Whether a chunk is protected from retention by its {@value #PINNED} tag. */
  public static boolean isPinned(ChunkMeta meta) {
    return meta.tags().stream().anyMatch(PINNED::equalsIgnoreCase);
  }

  /**
   * The chunks in scope, newest first. A count-only policy first reads one more chunk than it
   * keeps, which touches only the newest part of the index, and reads the rest only when there is
   * more.
   */
  private List<ChunkMeta> read(RetentionPolicy policy, ChunkFilter scope) {
    if (policy.maxAge().isEmpty() && policy.maxChunks().getAsLong() < Integer.MAX_VALUE) {
      List<ChunkMeta> newest = store.list(scope, (int) policy.maxChunks().getAsLong() + 1);
      if (newest.size() <= policy.maxChunks().getAsLong()) {
        return newest;
      }
    }
    return store.list(scope, Integer.MAX_VALUE);
  }
}
