package dev.chatlog.cli.transfer;

import dev.chatlog.ChatLog;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.RestoredChunk;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongConsumer;

/**
 * Restores chunks into a store in batches ({@link ChatLog#restore}), and counts what each chunk
 * came to: restored, already present, or a conflict (kept with its reason). A dry run counts the
 * chunks it would restore and writes nothing.
 */
public final class BatchRestore {
  /** How many chunks one restore call takes. */
  public static final int BATCH = 1000;

  private final ChatLog target;
  private final boolean dryRun;
  private final LongConsumer progress;
  private final List<Chunk> batch = new ArrayList<>();
  private final List<RestoredChunk> conflicts = new ArrayList<>();
  private long restored;
  private long present;
  private long done;

  /**
   * @param progress told how many chunks are done so far, after each batch
   */
  public BatchRestore(ChatLog target, boolean dryRun, LongConsumer progress) {
    this.target = target;
    this.dryRun = dryRun;
    this.progress = progress;
  }

  /** Takes a chunk; restores the batch once it is full. */
  public void add(Chunk chunk) {
    batch.add(chunk);
    if (batch.size() >= BATCH) {
      flush();
    }
  }

  /** Takes chunks, as {@link #add} does. */
  public void addAll(List<Chunk> chunks) {
    chunks.forEach(this::add);
  }

  /** Restores what is waiting. */
  public void flush() {
    if (batch.isEmpty()) {
      return;
    }
    if (dryRun) {
      restored += batch.size();
    } else {
      for (RestoredChunk chunk : target.restore(List.copyOf(batch))) {
        switch (chunk.outcome()) {
          case RESTORED -> restored++;
          case PRESENT -> present++;
          case CONFLICT -> conflicts.add(chunk);
        }
      }
    }
    done += batch.size();
    batch.clear();
    progress.accept(done);
  }

  /** Chunks written (in a dry run: that would be written, present ones included). */
  public long restored() {
    return restored;
  }

  /** Chunks the store held already. */
  public long present() {
    return present;
  }

  /** Chunks not written, each with the reason. */
  public List<RestoredChunk> conflicts() {
    return List.copyOf(conflicts);
  }

  /** Every chunk taken so far, restored or not. */
  public long done() {
    return done + batch.size();
  }
}
