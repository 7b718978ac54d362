package dev.chatlog.engine;

import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * The part of the index one read has merged: entries deduplicated by id, with tombstones applied on
 * the way out. Not thread-safe; one per read.
 */
final class IndexView {
  private final TreeMap<ChunkId, ChunkMeta> entries = new TreeMap<>(Collections.reverseOrder());
  private final Map<ChunkId, IndexRecord.Tombstone> tombstones = new HashMap<>();

  void add(IndexRecord record) {
    if (record instanceof IndexRecord.Entry entry) {
      entries.putIfAbsent(entry.meta().id(), entry.meta());
    } else {
      tombstones.putIfAbsent(record.target(), (IndexRecord.Tombstone) record);
    }
  }

  void addAll(List<IndexRecord> records) {
    records.forEach(this::add);
  }

  boolean isDeleted(ChunkId id) {
    return tombstones.containsKey(id);
  }

  Optional<ChunkMeta> live(ChunkId id) {
    return isDeleted(id) ? Optional.empty() : Optional.ofNullable(entries.get(id));
  }

  /** Every live entry, newest first. */
  List<ChunkMeta> live() {
    List<ChunkMeta> found = new ArrayList<>();
    for (ChunkMeta meta : entries.values()) {
      if (!isDeleted(meta.id())) {
        found.add(meta);
      }
    }
    return found;
  }

  /** Every entry, live or deleted, newest first. */
  List<ChunkMeta> entries() {
    return List.copyOf(entries.values());
  }

  /** Ids that have a tombstone. */
  List<ChunkId> deleted() {
    return List.copyOf(tombstones.keySet());
  }
}
