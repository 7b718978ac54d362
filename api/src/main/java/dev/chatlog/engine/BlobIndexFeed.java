package dev.chatlog.engine;

import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.IndexFeed;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * The {@link IndexFeed} of a blob store: its inbox entries, then its segments oldest first (the
 * order in which a compaction retires them: an inbox entry is deleted after the segment that folds
 * it is listed), listed on the first call to {@link #sources()} and each read only when asked for.
 * Not thread-safe.
 */
final class BlobIndexFeed implements IndexFeed {
  private final Supplier<List<String>> lister;
  private List<String> sources;
  private final Function<List<String>, List<Optional<List<IndexRecord>>>> reader;
  private final Supplier<List<ChunkMeta>> live;

  /**
   * @param lister lists the keys of the inbox entries and segments, in the order to apply them
   * @param reader reads the records of the given keys, empty for a key that no longer exists
   * @param live every live chunk
   */
  BlobIndexFeed(
      Supplier<List<String>> lister,
      Function<List<String>, List<Optional<List<IndexRecord>>>> reader,
      Supplier<List<ChunkMeta>> live) {
    this.lister = lister;
    this.reader = reader;
    this.live = live;
  }

  @Override
  public List<String> sources() {
    if (sources == null) {
      sources = List.copyOf(lister.get());
    }
    return sources;
  }

  @Override
  public Map<String, Records> records(List<String> wanted) {
    List<Optional<List<IndexRecord>>> read = reader.apply(List.copyOf(wanted));
    Map<String, Records> out = new LinkedHashMap<>();
    for (int i = 0; i < wanted.size(); i++) {
      Optional<List<IndexRecord>> records = read.get(i);
      if (records.isPresent()) {
        out.put(wanted.get(i), split(records.get()));
      }
    }
    return out;
  }

  private static Records split(List<IndexRecord> records) {
    List<ChunkMeta> entries = new ArrayList<>();
    List<ChunkId> deleted = new ArrayList<>();
    for (IndexRecord record : records) {
      if (record instanceof IndexRecord.Entry entry) {
        entries.add(entry.meta());
      } else {
        deleted.add(record.target());
      }
    }
    return new Records(entries, deleted);
  }

  @Override
  public List<ChunkMeta> live() {
    return live.get();
  }
}
