package dev.chatlog.engine;

import static java.util.Objects.requireNonNull;

import dev.chatlog.model.ChunkId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The list of live index segments, newest first ({@link Segment#maxId()} descending). The only
 * object of a blob store that is ever replaced, by compare-and-swap on its version.
 *
 * @param generation how many times the manifest was replaced; for people reading it
 * @param segments live segments, newest first
 * @param invalid how many entries of the manifest as read were skipped for an invalid name; a
 *     manifest this writer makes has none
 */
record Manifest(long generation, List<Segment> segments, int invalid) {
  static final Manifest EMPTY = new Manifest(0, List.of());

  /** A manifest without entries that were skipped as invalid. */
  Manifest(long generation, List<Segment> segments) {
    this(generation, segments, 0);
  }

  /**
   * Whether a segment name can be used as one segment of a key in every blob store: {@code
   * [A-Za-z0-9._-]+}, never {@code .} or {@code ..}. A manifest entry with any other name is
   * skipped when read, and so never written again.
   */
  static boolean isSegmentName(String name) {
    return name.matches("[A-Za-z0-9._-]+") && !name.equals(".") && !name.equals("..");
  }

  /** Segments by {@link Segment#maxId()}, descending. */
  private static final Comparator<Segment> NEWEST_FIRST =
      Comparator.comparing(Segment::maxId).reversed();

  Manifest {
    List<Segment> sorted = new ArrayList<>(segments);
    sorted.sort(NEWEST_FIRST);
    segments = List.copyOf(sorted);
  }

  /** This manifest plus one segment, one generation later. */
  Manifest plus(Segment segment) {
    List<Segment> all = new ArrayList<>(segments);
    all.add(segment);
    return new Manifest(generation + 1, all);
  }

  /** The same segments one generation later, without entries skipped as invalid. */
  Manifest next() {
    return new Manifest(generation + 1, segments);
  }

  /** A manifest holding only {@code segment}, one generation later. */
  Manifest replacedBy(Segment segment) {
    return new Manifest(generation + 1, List.of(segment));
  }

  /** This manifest less the given segments, in the same generation. */
  Manifest without(List<Segment> removed) {
    List<Segment> kept = new ArrayList<>(segments);
    kept.removeAll(removed);
    return new Manifest(generation, kept);
  }

  /**
   * What the manifest knows about one immutable segment.
   *
   * @param name file name under {@code index/segments/}
   * @param minId the smallest chunk id an entry or tombstone of the segment is about
   * @param maxId the largest one; a segment holds nothing about ids outside {@code [minId, maxId]}
   * @param entries how many entries it holds
   * @param tombstones how many tombstones it holds
   * @param sessions the session keys of every record it holds
   */
  record Segment(
      String name,
      ChunkId minId,
      ChunkId maxId,
      long entries,
      long tombstones,
      Set<String> sessions) {
    Segment {
      requireNonNull(name, "name is null");
      requireNonNull(minId, "minId is null");
      requireNonNull(maxId, "maxId is null");
      sessions = sessions instanceof SessionKeys ? sessions : Set.copyOf(sessions);
    }

    /** Whether the segment may hold a record about {@code id}. */
    boolean covers(ChunkId id) {
      return minId.compareTo(id) <= 0 && maxId.compareTo(id) >= 0;
    }
  }
}
