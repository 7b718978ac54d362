package dev.chatlog.engine;

import static dev.chatlog.engine.BlobLayout.INBOX;
import static dev.chatlog.engine.BlobLayout.SEGMENTS;
import static dev.chatlog.engine.BlobLayout.chunkKey;
import static dev.chatlog.engine.BlobLayout.segmentKey;
import static java.util.Objects.requireNonNull;

import dev.chatlog.error.CorruptDataException;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.RestoredChunk;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.model.StoreStats;
import dev.chatlog.search.IndexFeed;
import dev.chatlog.search.LocalSearchIndexes;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.VerifyReport;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * The {@link ChunkStore} of every blob backend: chunk files, an inbox of index entries, immutable
 * index segments and a manifest, over any {@link BlobStore} (adr/0002 for the layout). It wires the
 * parts that a newcomer reads one at a time: {@link IndexReader} reads the index, {@link Saver}
 * saves, {@link Compactor} writes segments and the manifest, {@link Verifier} checks and rebuilds,
 * {@link Workers} holds the threads. Writes of one instance are serialised by one lock; several
 * instances and processes may write one store at once. Thread-safe.
 *
 * @since 0.1.0
 */
public final class BlobChunkStore implements ChunkStore {
  /** Inbox size past which a save compacts the index (default 256). */
  public static final String COMPACT_THRESHOLD = EngineOptions.COMPACT_THRESHOLD;

  /**
   * How many objects are read or written at once (default 8). A {@linkplain BlobStore#isLocal
   * local} store reads what a command asks for in turn and uses these threads only for bulk work:
   * batch writes, verify and reindex.
   */
  public static final String READ_THREADS = EngineOptions.READ_THREADS;

  /** Segment count past which compaction merges a run of small segments (default 64). */
  public static final String MAX_SEGMENTS = EngineOptions.MAX_SEGMENTS;

  /** Every option the engine reads; blob providers add these to their own option keys. */
  public static final Set<String> OPTION_KEYS = EngineOptions.KEYS;

  private final BlobStore blobs;
  private final Workers workers;
  private final IndexReader reader;
  private final Compactor compactor;
  private final Saver saver;
  private final Restorer restorer;
  private final Verifier verifier;
  private final Object writeLock = new Object();

  private BlobChunkStore(
      BlobStore blobs, EngineOptions options, ChunkIds ids, Consumer<String> warnings) {
    this.blobs = blobs;
    this.workers = new Workers(blobs, options.readThreads());
    this.reader = new IndexReader(blobs, workers, warnings, SegmentCache.DEFAULT_BYTES);
    this.compactor = new Compactor(blobs, reader, workers, ids, options);
    this.saver = new Saver(blobs, reader, compactor, workers, ids);
    this.restorer = new Restorer(blobs, reader, saver, workers);
    this.verifier = new Verifier(blobs, reader, compactor, workers, ids);
  }

  /**
   * Opens the engine over a blob store, which it then owns and closes.
   *
   * @param options store options; the {@link #OPTION_KEYS} are read, other keys are ignored
   * @throws InvalidInputException for a bad option value
   */
  public static BlobChunkStore open(BlobStore blobs, Map<String, String> options) {
    return open(blobs, options, Clock.systemUTC());
  }

  /** Like {@link #open(BlobStore, Map)}, with the clock new ids are made from (for tests). */
  public static BlobChunkStore open(BlobStore blobs, Map<String, String> options, Clock clock) {
    return open(blobs, options, new ChunkIds(clock, new ChunkIds.FirstUseSecureRandom()), m -> {});
  }

  static BlobChunkStore open(
      BlobStore blobs, Map<String, String> options, ChunkIds ids, Consumer<String> warnings) {
    requireNonNull(blobs, "blobs is null");
    requireNonNull(options, "options is null");
    return new BlobChunkStore(
        blobs, EngineOptions.parse(options), requireNonNull(ids, "ids is null"), warnings);
  }

  // ---------------------------------------------------------------- writes

  @Override
  public List<SavedChunk> append(List<ChunkDraft> drafts) {
    return append(drafts, done -> {});
  }

  @Override
  public List<SavedChunk> append(List<ChunkDraft> drafts, IntConsumer progress) {
    requireNonNull(drafts, "drafts is null");
    requireNonNull(progress, "progress is null");
    drafts.forEach(draft -> requireNonNull(draft, "draft is null"));
    synchronized (writeLock) {
      return saver.append(drafts, progress);
    }
  }

  /**
   * Puts chunks as they are: each new chunk's file create-only, then their index entries as a save
   * writes them (one segment for a batch); a chunk file left by a restore that stopped before
   * indexing it is indexed when it holds the same chunk. An id with a tombstone stays deleted.
   */
  @Override
  public List<RestoredChunk> restore(List<Chunk> chunks) {
    requireNonNull(chunks, "chunks is null");
    chunks.forEach(chunk -> requireNonNull(chunk, "chunk is null"));
    synchronized (writeLock) {
      return restorer.restore(chunks);
    }
  }

  /**
   * Deletes chunks: for each, its file first, then a tombstone in the inbox. A file the store may
   * not delete (behind a link that leaves a file store) fails the delete before the chunk is hidden
   * from reads; a crash in between leaves an index entry without a file, which verify repairs.
   */
  @Override
  public List<ChunkId> delete(Collection<ChunkId> idsToDelete) {
    requireNonNull(idsToDelete, "ids is null");
    Set<ChunkId> wanted = new LinkedHashSet<>(idsToDelete);
    if (wanted.isEmpty()) {
      return List.of();
    }
    synchronized (writeLock) {
      IndexReader.IndexSnapshot snapshot =
          reader.readIndex(segment -> wanted.stream().anyMatch(segment::covers));
      List<ChunkId> deleted = new ArrayList<>();
      for (ChunkId id : wanted) {
        Optional<ChunkMeta> meta = snapshot.view().live(id);
        if (meta.isPresent()) {
          blobs.delete(chunkKey(id));
          compactor.writeTombstone(meta.get());
          deleted.add(id);
        }
      }
      compactor.compactIfDue(snapshot.inboxKeys().size() + deleted.size());
      return List.copyOf(deleted);
    }
  }

  /**
   * Folds the inbox into a new segment, swaps the manifest by compare-and-swap, then deletes the
   * folded inbox entries; past {@link #MAX_SEGMENTS} segments a run of small ones is merged too.
   */
  @Override
  public void compact() {
    synchronized (writeLock) {
      compactor.compact();
    }
  }

  @Override
  public long reindex() {
    synchronized (writeLock) {
      return verifier.reindex();
    }
  }

  @Override
  public VerifyReport verify(boolean repair) {
    return verify(repair, false);
  }

  /**
   * {@inheritDoc} Accepting edits rebuilds the index from the chunk files, as {@link #reindex}
   * does, with the checksum and size of each edited body (adr/0026): chunk files stay as the user
   * left them.
   */
  @Override
  public VerifyReport verify(boolean repair, boolean acceptEdits) {
    synchronized (writeLock) {
      return verifier.verify(repair, acceptEdits);
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public List<ChunkMeta> list(ChunkFilter filter, int limit) {
    requireNonNull(filter, "filter is null");
    if (limit < 0) {
      throw new InvalidInputException("Cannot list chunks: limit " + limit + " is negative");
    }
    return limit == 0 ? List.of() : reader.newest(filter, limit);
  }

  /**
   * Reads as {@link #list} does, from the first id below {@code before}: the inbox, and only the
   * segments that may hold such ids, entered at that id by a binary search. Records read this way
   * are not kept decoded, so that paging through the whole store holds at most the segments' cached
   * text.
   */
  @Override
  public List<ChunkMeta> listBefore(ChunkFilter filter, ChunkId before, int limit) {
    requireNonNull(filter, "filter is null");
    requireNonNull(before, "before is null");
    if (limit < 0) {
      throw new InvalidInputException("Cannot list chunks: limit " + limit + " is negative");
    }
    return limit == 0 ? List.of() : reader.newest(filter, before, limit);
  }

  /**
   * {@inheritDoc} A chunk file without front matter fails the read as corrupt: the index lists the
   * chunk, so it is there, but cannot be read.
   */
  @Override
  public Optional<Chunk> read(ChunkId id) {
    requireNonNull(id, "id is null");
    return reader.readIndex(segment -> segment.covers(id)).view().live(id).flatMap(this::load);
  }

  @Override
  public List<Chunk> readAll(List<ChunkMeta> metas) {
    requireNonNull(metas, "metas is null");
    return workers.reads(metas, this::fetch).stream().flatMap(Optional::stream).toList();
  }

  /**
   * Live chunks by the start of their id: the inbox and the segments whose ids may start with it.
   */
  @Override
  public List<ChunkMeta> withIdPrefix(String prefix, int limit) {
    requireNonNull(prefix, "prefix is null");
    String low = ChunkId.firstWithPrefix(prefix);
    String high = ChunkId.lastWithPrefix(prefix);
    return reader
        .readIndex(
            segment ->
                segment.minId().toString().compareTo(high) <= 0
                    && segment.maxId().toString().compareTo(low) >= 0)
        .view()
        .live()
        .stream()
        .filter(meta -> meta.id().toString().startsWith(prefix))
        .limit(limit)
        .toList();
  }

  /** A chunk for a read of many: one whose file cannot be read is skipped with a warning. */
  private Optional<Chunk> fetch(ChunkMeta meta) {
    try {
      return load(meta);
    } catch (CorruptDataException e) {
      reader.warn("Skipping chunk " + meta.id() + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * A chunk's file with the index entry's metadata, a body changed since the save marked modified;
   * empty (with a warning) when the file is gone.
   *
   * @throws CorruptDataException when the file has no front matter
   */
  private Optional<Chunk> load(ChunkMeta meta) {
    String key = chunkKey(meta.id());
    Optional<Blob> blob = blobs.get(key);
    if (blob.isEmpty()) {
      reader.warn("Skipping chunk " + meta.id() + ": its index entry has no chunk file " + key);
      return Optional.empty();
    }
    return Optional.of(ChunkCodec.decodeBodyKeepingEdits(key, blob.get().data(), meta));
  }

  @Override
  public List<SearchHit> search(SearchQuery query) {
    requireNonNull(query, "query is null");
    return LocalSearchIndexes.search(location(), query, indexFeed(), this::readAll);
  }

  /**
   * The index as its sources, for a local search index to take in only those it has not seen: the
   * inbox is listed before the manifest is read, as {@link IndexReader#readIndex} does, so that an
   * entry folded in between is in a listed segment.
   */
  private IndexFeed indexFeed() {
    return new BlobIndexFeed(
        () -> {
          List<String> sources = new ArrayList<>();
          blobs.listAll(INBOX, null).forEach(info -> sources.add(info.key()));
          List<Manifest.Segment> segments =
              new ArrayList<>(reader.readManifest(reader.skipUnreadable).manifest().segments());
          Collections.reverse(segments);
          segments.forEach(segment -> sources.add(segmentKey(segment.name())));
          return sources;
        },
        keys -> workers.reads(keys, this::sourceRecords),
        () -> list(ChunkFilter.all(), Integer.MAX_VALUE));
  }

  /** The records of an inbox entry or segment; empty when it no longer exists. */
  private Optional<List<IndexRecord>> sourceRecords(String key) {
    if (key.startsWith(SEGMENTS)) {
      return reader.loadSegment(key.substring(SEGMENTS.length()), reader.skipUnreadable);
    }
    Optional<Blob> blob = blobs.get(key);
    if (blob.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(List.of(IndexCodec.decodeRecord(key, blob.get().data())));
    } catch (CorruptDataException e) {
      reader.warnUnreadable(key, e.getMessage());
      return Optional.of(List.of());
    }
  }

  @Override
  public StoreStats stats() {
    List<ChunkMeta> live = reader.readIndex(segment -> true).view().live();
    long bytes = 0;
    Instant oldest = null;
    Instant newest = null;
    Map<String, Long> perProject = new TreeMap<>();
    for (ChunkMeta meta : live) {
      bytes += meta.size();
      oldest = oldest == null || meta.created().isBefore(oldest) ? meta.created() : oldest;
      newest = newest == null || meta.created().isAfter(newest) ? meta.created() : newest;
      perProject.merge(meta.project(), 1L, Long::sum);
    }
    return new StoreStats(live.size(), bytes, oldest, newest, perProject);
  }

  @Override
  public String location() {
    return blobs.location();
  }

  /** How many index records this store has decoded: a save's cost, for tests. */
  long recordsDecoded() {
    return reader.recordsDecoded();
  }

  @Override
  public void close() {
    workers.close();
    blobs.close();
  }
}
