package dev.chatlog.search;

import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.util.List;
import java.util.Map;

/**
 * A store's index as the objects it is made of (its sources: immutable segments and inbox entries),
 * so that a {@link LocalSearchIndex} can take in only the sources it has not seen. A chunk is live
 * when some source holds an entry for it and none a tombstone.
 *
 * @since 0.1.0
 */
public interface IndexFeed {

  /**
   * The names of the sources the store's index is made of now, in the order to apply them: when two
   * sources hold a record of the same chunk, the later one is the one that lasts longer. Listed on
   * the first call, so that a caller can note its own state before the store is read.
   */
  List<String> sources();

  /**
   * The records of the given sources, read now. A source that has gone since {@link #sources()}
   * (merged by a compaction) is left out of the answer.
   */
  Map<String, Records> records(List<String> sources);

  /** The metadata of every live chunk, read in full: the path of a scan, or of a rebuild. */
  List<ChunkMeta> live();

  /**
   * What one source holds.
   *
   * @param entries the metadata of the chunks it indexes
   * @param deleted the ids of the chunks it holds a tombstone for
   */
  record Records(List<ChunkMeta> entries, List<ChunkId> deleted) {
    /** Copies both lists. */
    public Records {
      entries = List.copyOf(entries);
      deleted = List.copyOf(deleted);
    }
  }
}
