package dev.chatlog.engine;

import static dev.chatlog.engine.BlobLayout.INBOX;
import static dev.chatlog.engine.BlobLayout.MANIFEST;
import static dev.chatlog.engine.BlobLayout.segmentKey;

import dev.chatlog.error.ChatLogException;
import dev.chatlog.error.ConflictException;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.BlobInfo;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ThreadLocalRandom;
import java.util.stream.Collectors;

/**
 * Writes the index of a blob store: new segments, and the manifest that lists them, replaced by
 * compare-and-swap. Compaction folds the inbox into a new segment, swaps the manifest, then deletes
 * the folded inbox entries; past {@link EngineOptions#maxSegments()} segments it also merges a run
 * of small neighbouring segments into the new one (adr/0002). Callers hold the engine's write lock.
 */
final class Compactor {

  /** How often a write of the manifest is tried against other writers before it gives up. */
  static final int MAX_ATTEMPTS = 8;

  /** Records past which compaction leaves segments out of a merge. */
  static final int MAX_MERGED_RECORDS = 50_000;

  private final BlobStore blobs;
  private final IndexReader reader;
  private final Workers workers;
  private final ChunkIds ids;
  private final EngineOptions options;

  Compactor(
      BlobStore blobs, IndexReader reader, Workers workers, ChunkIds ids, EngineOptions options) {
    this.blobs = blobs;
    this.reader = reader;
    this.workers = workers;
    this.ids = ids;
    this.options = options;
  }

  /**
   * Folds the inbox into a new segment (merging a run of segments when there are too many).
   *
   * @throws CorruptDataException when the manifest cannot be read (run verify with repair)
   * @throws ConflictException when the manifest kept changing through every attempt
   */
  void compact() {
    Set<String> wanted = null;
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      List<BlobInfo> listed = blobs.listAll(INBOX, null);
      Set<String> keysNow = listed.stream().map(BlobInfo::key).collect(Collectors.toSet());
      if (wanted == null) {
        wanted = keysNow;
      } else if (wanted.stream().noneMatch(keysNow::contains)) {
        // Lost the race to a compactor that has folded (and removed) every inbox entry this call
        // set out to fold: the work is done, and newer entries are the next call's.
        return;
      }
      List<String> keys = new ArrayList<>();
      List<IndexRecord> records = new ArrayList<>();
      List<Optional<IndexRecord>> read =
          workers.reads(listed, info -> reader.inboxRecord(info, reader.skipUnreadable));
      for (int i = 0; i < listed.size(); i++) {
        if (read.get(i).isPresent()) {
          keys.add(listed.get(i).key());
          records.add(read.get(i).get());
        }
      }
      IndexReader.ManifestState state = reader.readManifest(reader.skipUnreadable);
      if (!state.readable()) {
        throw new CorruptDataException(
            "Cannot compact index of "
                + blobs.location()
                + ": "
                + MANIFEST
                + " is unreadable; run verify with repair");
      }
      Manifest current = state.manifest();
      int after = current.segments().size() + (records.isEmpty() ? 0 : 1);
      List<Manifest.Segment> merged =
          after > options.maxSegments() ? mergeRun(current.segments()) : List.of();
      if (records.isEmpty() && merged.isEmpty() && current.invalid() == 0) {
        return;
      }
      merged.forEach(
          segment ->
              records.addAll(
                  reader.loadSegment(segment.name(), reader.skipUnreadable).orElse(List.of())));
      String name = records.isEmpty() ? null : BlobLayout.segmentName(ids.next());
      Manifest next = current.without(merged);
      next = name == null ? next.next() : next.plus(writeSegment(name, records));
      if (!swapManifest(state, next, name, attempt)) {
        continue;
      }
      blobs.deleteAll(keys);
      merged.forEach(old -> deleteSegment(old.name()));
      return;
    }
    throw new ConflictException(
        "Cannot compact index of "
            + blobs.location()
            + ": the manifest kept changing through "
            + MAX_ATTEMPTS
            + " attempts");
  }

  /** Compacts after a save or delete, warning rather than failing: the save already succeeded. */
  void compactQuietly() {
    try {
      compact();
    } catch (ChatLogException e) {
      reader.warn(
          "Cannot compact index of " + blobs.location() + " after a save: " + e.getMessage());
    }
  }

  /** Compacts when the inbox holds more than the threshold of entries. */
  void compactIfDue(int inboxSize) {
    if (inboxSize > options.compactThreshold()) {
      compactQuietly();
    }
  }

  /**
   * The segments a compaction merges when there are too many: a run of neighbours (newest first)
   * long enough to bring the count down to half of the maximum, the run with the fewest records.
   * Runs past {@link #MAX_MERGED_RECORDS} records are left alone, shorter runs tried instead, so
   * that merging never rewrites a large history; empty when no run of two fits.
   */
  private List<Manifest.Segment> mergeRun(List<Manifest.Segment> segments) {
    int keep = Math.max(1, options.maxSegments() / 2);
    for (int length = Math.min(segments.size(), segments.size() + 1 - keep);
        length >= 2;
        length--) {
      int best = -1;
      long bestRecords = Long.MAX_VALUE;
      for (int from = 0; from + length <= segments.size(); from++) {
        long records =
            segments.subList(from, from + length).stream()
                .mapToLong(segment -> segment.entries() + segment.tombstones())
                .sum();
        if (records <= MAX_MERGED_RECORDS && records < bestRecords) {
          best = from;
          bestRecords = records;
        }
      }
      if (best >= 0) {
        return List.copyOf(segments.subList(best, best + length));
      }
    }
    return List.of();
  }

  /**
   * Writes a new immutable segment: records deduplicated, newest first (entries before tombstones
   * of the same id), create-only under a fresh name; returns what the manifest lists of it.
   */
  Manifest.Segment writeSegment(String name, List<IndexRecord> records) {
    Map<String, IndexRecord> unique = new HashMap<>();
    for (IndexRecord record : records) {
      String kind = record instanceof IndexRecord.Entry ? "e" : "t";
      unique.putIfAbsent(kind + record.target(), record);
    }
    List<IndexRecord> sorted = new ArrayList<>(unique.values());
    sorted.sort(
        Comparator.comparing(IndexRecord::target)
            .reversed()
            .thenComparing(record -> record instanceof IndexRecord.Entry ? 0 : 1));
    blobs.put(segmentKey(name), IndexCodec.encodeSegment(sorted), PutCondition.createOnly());
    reader.rememberSegment(name, sorted);
    long entries = sorted.stream().filter(record -> record instanceof IndexRecord.Entry).count();
    Set<String> sessions =
        sorted.stream()
            .map(record -> Sessions.keyOf(record.sessionName()))
            .collect(Collectors.toCollection(TreeSet::new));
    return new Manifest.Segment(
        name,
        sorted.get(sorted.size() - 1).target(),
        sorted.get(0).target(),
        entries,
        sorted.size() - entries,
        sessions);
  }

  /**
   * Replaces the manifest if it is still the version {@code state} read. On a lost race, removes
   * the segment just written (no manifest lists it), waits a little and returns false.
   */
  boolean swapManifest(
      IndexReader.ManifestState state, Manifest next, String newSegment, int attempt) {
    PutCondition condition =
        state.version().map(PutCondition::ifVersion).orElse(PutCondition.createOnly());
    try {
      String version = blobs.put(MANIFEST, IndexCodec.encodeManifest(next), condition);
      reader.rememberManifest(next, version);
      return true;
    } catch (PreconditionFailedException e) {
      EngineLog.LOG.debug("Manifest of {} changed under a swap; trying again", blobs.location());
      if (newSegment != null) {
        deleteSegment(newSegment);
      }
      backOff(attempt);
      return false;
    }
  }

  /**
   * Waits a random time that grows with the attempt (up to 5 ms × 2^attempt, at most 200 ms), so
   * that writers racing for the manifest do not keep colliding in step.
   */
  private static void backOff(int attempt) {
    long bound = Math.min(200, 5L << Math.min(attempt, 6));
    try {
      Thread.sleep(ThreadLocalRandom.current().nextLong(1, bound + 1));
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new ConflictException("Cannot swap the index manifest: interrupted while waiting");
    }
  }

  void deleteSegment(String name) {
    blobs.delete(segmentKey(name));
    reader.forgetSegment(name);
  }

  /** How many segments a new manifest may list before a compaction merges some. */
  int maxSegments() {
    return options.maxSegments();
  }

  /** Writes an inbox tombstone for a chunk, under a fresh id. */
  void writeTombstone(ChunkMeta meta) {
    blobs.put(
        BlobLayout.inboxKey(ids.next()),
        IndexCodec.encodeRecord(IndexRecord.Tombstone.of(meta)),
        PutCondition.createOnly());
  }
}
