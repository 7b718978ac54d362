package dev.chatlog.engine;

import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.PriorityQueue;
import java.util.function.Function;

/**
 * The newest live entries that pass a filter, read by merging the inbox and the segments record by
 * record, newest id first, and stopping at the limit. Every source is sorted newest first, so once
 * the merge has moved past an id it has seen every record about it (its entry and any tombstone),
 * and a segment is opened only when the merge reaches its newest id. A read of the newest ten
 * entries therefore decodes a few dozen records, not every record of the newest segments.
 */
final class NewestFirstRead {
  /** Records by target, newest first. */
  private static final Comparator<IndexRecord> NEWEST_FIRST =
      Comparator.comparing(IndexRecord::target).reversed();

  private final Function<Manifest.Segment, Optional<SegmentRecords>> segments;
  private final IndexReader.BadKeyListener unreadable;
  private final ChunkId before;

  /**
   * @param segments loads a segment; empty when it does not exist (the manifest changed under the
   *     read)
   * @param unreadable told the key and detail of every record or segment the read skips
   */
  NewestFirstRead(
      Function<Manifest.Segment, Optional<SegmentRecords>> segments,
      IndexReader.BadKeyListener unreadable) {
    this(segments, unreadable, null);
  }

  /**
   * A read of the entries below {@code before} only: the page after one that ended there. Records
   * it passes are decoded without being kept in their segment ({@link SegmentRecords#peek}), so
   * that paging through a whole store does not hold it decoded.
   *
   * @param before the exclusive upper bound of the ids read; {@code null} for none
   */
  NewestFirstRead(
      Function<Manifest.Segment, Optional<SegmentRecords>> segments,
      IndexReader.BadKeyListener unreadable,
      ChunkId before) {
    this.segments = segments;
    this.unreadable = unreadable;
    this.before = before;
  }

  /** Whether a segment may hold records below the bound. */
  boolean mayHold(Manifest.Segment segment) {
    return before == null || segment.minId().compareTo(before) < 0;
  }

  /**
   * At most {@code limit} live entries passing {@code filter}, newest first.
   *
   * @param inbox the inbox records, in any order
   * @param wanted the segments that may hold matches, newest first (manifest order)
   * @param lastAttempt whether a missing segment is reported and skipped rather than ending the
   *     read
   * @return empty when a segment was missing and this is not the last attempt
   */
  Optional<List<ChunkMeta>> read(
      List<IndexRecord> inbox,
      List<Manifest.Segment> wanted,
      ChunkFilter filter,
      int limit,
      boolean lastAttempt) {
    PriorityQueue<Cursor> queue = new PriorityQueue<>();
    List<IndexRecord> sortedInbox = new ArrayList<>();
    for (IndexRecord record : inbox) {
      if (below(record.target())) {
        sortedInbox.add(record);
      }
    }
    sortedInbox.sort(NEWEST_FIRST);
    new Cursor(0, SegmentRecords.of(BlobLayout.INBOX, sortedInbox)).enqueue(queue);
    List<ChunkMeta> found = new ArrayList<>();
    int opened = 0;
    while (found.size() < limit) {
      while (opened < wanted.size()
          && (queue.isEmpty()
              || wanted.get(opened).maxId().compareTo(queue.peek().head.target()) >= 0)) {
        Manifest.Segment segment = wanted.get(opened++);
        Optional<SegmentRecords> records = segments.apply(segment);
        if (records.isPresent()) {
          new Cursor(opened, records.get()).enqueue(queue);
        } else if (lastAttempt) {
          unreadable.unreadable(
              BlobLayout.segmentKey(segment.name()), "the manifest lists it but it does not exist");
        } else {
          return Optional.empty();
        }
      }
      if (queue.isEmpty()) {
        break;
      }
      ChunkId id = queue.peek().head.target();
      ChunkMeta entry = null;
      boolean deleted = false;
      while (!queue.isEmpty() && queue.peek().head.target().equals(id)) {
        Cursor cursor = queue.poll();
        if (cursor.head instanceof IndexRecord.Entry record) {
          entry = entry == null ? record.meta() : entry;
        } else {
          deleted = true;
        }
        cursor.enqueue(queue);
      }
      if (entry != null && !deleted && filter.matches(entry)) {
        found.add(entry);
      }
    }
    return Optional.of(found);
  }

  private boolean below(ChunkId id) {
    return before == null || id.compareTo(before) < 0;
  }

  /**
   * A position in one source. Ordered by the id of its current record, newest first, then by source
   * (the inbox, then segments in manifest order), so that the first entry met for an id is the one
   * a full read would keep.
   */
  private final class Cursor implements Comparable<Cursor> {
    private final int source;
    private final SegmentRecords records;
    private int next;
    private IndexRecord head;

    Cursor(int source, SegmentRecords records) {
      this.source = source;
      this.records = records;
      this.next = before == null ? 0 : records.firstBelow(before);
    }

    /**
     * Moves to the next readable record below the bound and puts this cursor back in the queue;
     * leaves it out when the source is done. An unreadable record is reported and skipped.
     */
    void enqueue(PriorityQueue<Cursor> queue) {
      while (records.has(next)) {
        try {
          head = before == null ? records.get(next++) : records.peek(next++);
          if (!below(head.target())) {
            continue;
          }
          queue.add(this);
          return;
        } catch (CorruptDataException e) {
          unreadable.unreadable(records.key(), e.getMessage());
        }
      }
    }

    @Override
    public int compareTo(Cursor other) {
      int byId = other.head.target().compareTo(head.target());
      return byId != 0 ? byId : Integer.compare(source, other.source);
    }
  }
}
