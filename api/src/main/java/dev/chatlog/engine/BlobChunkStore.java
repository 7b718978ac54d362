package dev.chatlog.engine;

import static dev.chatlog.engine.BlobLayout.CHUNKS;
import static dev.chatlog.engine.BlobLayout.INBOX;
import static dev.chatlog.engine.BlobLayout.MANIFEST;
import static dev.chatlog.engine.BlobLayout.SEGMENTS;
import static dev.chatlog.engine.BlobLayout.chunkKey;
import static dev.chatlog.engine.BlobLayout.inboxKey;
import static dev.chatlog.engine.BlobLayout.segmentKey;
import static java.util.Objects.requireNonNull;

import dev.chatlog.error.ChatLogException;
import dev.chatlog.error.ConflictException;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.model.StoreStats;
import dev.chatlog.search.IndexFeed;
import dev.chatlog.search.LocalSearchIndexes;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobInfo;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.spi.SupportsLinks;
import dev.chatlog.spi.VerifyReport;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.function.IntConsumer;
import java.util.function.Predicate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@link ChunkStore} of every blob backend: chunk files, an inbox of index entries, immutable
 * index segments and a manifest, over any {@link BlobStore}. See {@code
 * adr/0002-blob-layout-and-index-protocol.md} for the layout and the cost of each operation.
 *
 * <p>Every write is create-only except the manifest, which is replaced by compare-and-swap. Objects
 * that cannot be read are reported on the SLF4J logger at WARN, naming their key, and reading goes
 * on without them. Thread-safe.
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

  /** Segment count past which compaction merges all segments into one (default 64). */
  public static final String MAX_SEGMENTS = EngineOptions.MAX_SEGMENTS;

  /** Every option the engine reads; blob providers add these to their own option keys. */
  public static final Set<String> OPTION_KEYS = EngineOptions.KEYS;

  static final int MAX_ATTEMPTS = 8;

  /** New chunks in one append from which they are indexed by one new segment, not the inbox. */
  static final int BATCH_SEGMENT_MIN = 16;

  /** Records past which compaction leaves segments out of a merge. */
  static final int MAX_MERGED_RECORDS = 50_000;

  static final Duration SEGMENT_GRACE = Duration.ofHours(1);
  private static final int READ_ATTEMPTS = 3;
  private static final AtomicInteger POOLS = new AtomicInteger();

  private final BlobStore blobs;
  private final EngineOptions options;
  private final ChunkIds ids;
  private final Consumer<String> warnings;
  private ExecutorService fetcher; // made by fetcher() on first use; guarded by this
  private final Map<String, SegmentRecords> segmentCache = new ConcurrentHashMap<>();
  private final Map<String, Map<String, List<IndexRecord>>> sessionCache =
      new ConcurrentHashMap<>();
  private final Map<String, IndexRecord> inboxCache = new ConcurrentHashMap<>();

  /** Warns of an object a read skips; one listener, not a method reference at every call. */
  private final BadKeyListener skipUnreadable = this::warnUnreadable;

  private final Object writeLock = new Object();
  private volatile ManifestState lastManifest;

  private BlobChunkStore(
      BlobStore blobs, EngineOptions options, ChunkIds ids, Consumer<String> warnings) {
    this.blobs = blobs;
    this.options = options;
    this.ids = ids;
    this.warnings = warnings;
  }

  private static ExecutorService newPool(String name, int size) {
    int pool = POOLS.incrementAndGet();
    AtomicInteger threads = new AtomicInteger();
    ThreadFactory factory =
        task -> {
          Thread thread = new Thread(task, name + pool + "-" + threads.incrementAndGet());
          thread.setDaemon(true);
          return thread;
        };
    return Executors.newFixedThreadPool(size, factory);
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

  /**
   * Reports the drafts found already saved, then each chunk file written (from the writing threads,
   * so those reports may come out of order), then all of them once indexed.
   */
  @Override
  public List<SavedChunk> append(List<ChunkDraft> drafts, IntConsumer progress) {
    requireNonNull(drafts, "drafts is null");
    requireNonNull(progress, "progress is null");
    for (ChunkDraft draft : drafts) {
      validate(draft);
    }
    if (drafts.isEmpty()) {
      return List.of();
    }
    synchronized (writeLock) {
      // sessions by name; a name's manifest key is a SHA-256, made once per session
      Map<String, SessionState> sessions = new HashMap<>();
      Set<String> sessionKeys = new HashSet<>();
      for (ChunkDraft draft : drafts) {
        String name = Sessions.name(draft.project(), draft.topic(), draft.session());
        if (sessions.putIfAbsent(name, new SessionState()) == null) {
          sessionKeys.add(Sessions.keyOf(name));
        }
      }
      IndexSnapshot snapshot =
          readIndex(segment -> holdsAny(segment, sessionKeys), skipUnreadable, sessions.keySet());
      for (ChunkMeta meta : snapshot.view().live()) {
        SessionState session =
            sessions.get(Sessions.name(meta.project(), meta.topic(), meta.session()));
        if (session != null) {
          session.add(meta);
        }
      }
      List<SavedChunk> saved = new ArrayList<>();
      List<Chunk> fresh = new ArrayList<>();
      for (ChunkDraft draft : drafts) {
        SessionState session =
            sessions.get(Sessions.name(draft.project(), draft.topic(), draft.session()));
        String sha256 = ChunkCodec.sha256(draft.body());
        Optional<ChunkMeta> same = session.withBody(sha256);
        if (same.isPresent()) {
          saved.add(new SavedChunk(same.get(), false));
          continue;
        }
        ChunkMeta meta = newMeta(draft, session.nextSeq(), sha256);
        session.add(meta);
        fresh.add(new Chunk(meta, draft.body()));
        saved.add(new SavedChunk(meta, true));
      }
      AtomicInteger done = new AtomicInteger(drafts.size() - fresh.size());
      if (!fresh.isEmpty() && done.get() > 0) {
        progress.accept(done.get());
      }
      writeAll(
          fresh,
          chunk -> chunkKey(chunk.id()),
          chunk -> ChunkCodec.encode(chunk),
          (chunk, version) -> progress.accept(done.incrementAndGet()));
      List<IndexRecord> entries = new ArrayList<>();
      for (Chunk chunk : fresh) {
        entries.add(new IndexRecord.Entry(chunk.meta()));
      }
      if (entries.size() < BATCH_SEGMENT_MIN || !indexAsSegment(entries)) {
        // the entries this instance wrote are known: its next read need not fetch them back
        writeAll(
            entries,
            record -> inboxKey(record.target()),
            IndexCodec::encodeRecord,
            (record, version) -> inboxCache.put(inboxKey(record.target()) + "@" + version, record));
        compactIfDue(snapshot.inboxKeys().size() + entries.size());
      }
      progress.accept(drafts.size()); // the last report, whatever order the writers' came in
      return List.copyOf(saved);
    }
  }

  private static boolean holdsAny(Manifest.Segment segment, Set<String> sessionKeys) {
    for (String key : sessionKeys) {
      if (segment.sessions().contains(key)) {
        return true;
      }
    }
    return false;
  }

  /**
   * Writes one create-only object per item, in parallel, telling {@code written} of each item and
   * its new version from the writing thread; returns once every write is done.
   */
  private <T> void writeAll(
      List<T> items,
      Function<T, String> key,
      Function<T, byte[]> encode,
      BiConsumer<T, String> written) {
    inParallel(
        items,
        item -> {
          String version =
              blobs.put(key.apply(item), encode.apply(item), PutCondition.createOnly());
          written.accept(item, version);
          return version;
        });
  }

  /**
   * Indexes a batch with one index update: a new create-only segment holding its entries, then a
   * compare-and-swap of the manifest that lists it. The chunk files are already durable, so a crash
   * in between leaves chunks that verify finds and reindex indexes, and a segment no manifest
   * lists, which readers never see and verify removes.
   *
   * @return false when the manifest kept changing or cannot be read; the caller then falls back to
   *     one inbox entry per chunk
   */
  private boolean indexAsSegment(List<IndexRecord> entries) {
    for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
      ManifestState state = readManifest(skipUnreadable);
      if (!state.readable()) {
        return false;
      }
      String name = BlobLayout.segmentName(ids.next());
      Manifest next = state.manifest().plus(writeSegment(name, entries));
      if (swapManifest(state, next, name, attempt)) {
        if (next.segments().size() > options.maxSegments()) {
          compactQuietly();
        }
        return true;
      }
    }
    return false;
  }

  private void validate(ChunkDraft draft) {
    requireNonNull(draft, "draft is null");
    for (Map.Entry<String, String> field :
        Map.of("project", draft.project(), "topic", draft.topic(), "session", draft.session())
            .entrySet()) {
      if (field.getValue().isBlank()) {
        throw new InvalidInputException("Cannot append chunk: " + field.getKey() + " is empty");
      }
    }
    if (draft.created() != null
        && (draft.created().toEpochMilli() < 0 || draft.created().toEpochMilli() >= (1L << 48))) {
      throw new InvalidInputException(
          "Cannot append chunk: created time " + draft.created() + " is out of range");
    }
  }

  private ChunkMeta newMeta(ChunkDraft draft, int seq, String sha256) {
    return ChunkMeta.of(
        draft, ids.forDraft(draft), seq, sha256, ChunkCodec.utf8Length(draft.body()));
  }

  /** The live chunks of one session that an append has seen so far. */
  private static final class SessionState {
    private final Map<String, ChunkMeta> bySha = new HashMap<>();
    private int lastSeq = -1;

    void add(ChunkMeta meta) {
      bySha.putIfAbsent(meta.sha256(), meta);
      lastSeq = Math.max(lastSeq, meta.seq());
    }

    Optional<ChunkMeta> withBody(String sha256) {
      return Optional.ofNullable(bySha.get(sha256));
    }

    int nextSeq() {
      return lastSeq + 1;
    }
  }

  @Override
  public List<ChunkId> delete(Collection<ChunkId> idsToDelete) {
    requireNonNull(idsToDelete, "ids is null");
    Set<ChunkId> wanted = new LinkedHashSet<>(idsToDelete);
    if (wanted.isEmpty()) {
      return List.of();
    }
    synchronized (writeLock) {
      IndexSnapshot snapshot = readIndex(segment -> wanted.stream().anyMatch(segment::covers));
      List<ChunkId> deleted = new ArrayList<>();
      for (ChunkId id : wanted) {
        Optional<ChunkMeta> meta = snapshot.view().live(id);
        if (meta.isEmpty()) {
          continue;
        }
        // the file first: a file the store may not delete (behind a link that leaves it) then
        // fails the delete before the chunk is hidden from reads
        blobs.delete(chunkKey(id));
        writeTombstone(meta.get());
        deleted.add(id);
      }
      compactIfDue(snapshot.inboxKeys().size() + deleted.size());
      return List.copyOf(deleted);
    }
  }

  private void writeTombstone(ChunkMeta meta) {
    blobs.put(
        inboxKey(ids.next()),
        IndexCodec.encodeRecord(IndexRecord.Tombstone.of(meta)),
        PutCondition.createOnly());
  }

  private void compactIfDue(int inboxSize) {
    if (inboxSize > options.compactThreshold()) {
      compactQuietly();
    }
  }

  private void compactQuietly() {
    try {
      compact();
    } catch (ChatLogException e) {
      warn("Cannot compact index of " + location() + " after a save: " + e.getMessage());
    }
  }

  // ---------------------------------------------------------------- reads

  @Override
  public List<ChunkMeta> list(ChunkFilter filter, int limit) {
    requireNonNull(filter, "filter is null");
    if (limit < 0) {
      throw new InvalidInputException("Cannot list chunks: limit " + limit + " is negative");
    }
    if (limit == 0) {
      return List.of();
    }
    String sessionKey =
        filter.project() != null && filter.topic() != null && filter.session() != null
            ? Sessions.key(filter.project(), filter.topic(), filter.session())
            : null;
    NewestFirstRead merge =
        new NewestFirstRead(segment -> cachedSegment(segment.name()), skipUnreadable);
    for (int attempt = 1; ; attempt++) {
      List<IndexRecord> inboxRecords = new ArrayList<>();
      readInbox(inboxRecords::add, skipUnreadable);
      List<Manifest.Segment> segments = new ArrayList<>();
      for (Manifest.Segment segment : readManifest(skipUnreadable).manifest().segments()) {
        if (sessionKey == null || segment.sessions().contains(sessionKey)) {
          segments.add(segment);
        }
      }
      Optional<List<ChunkMeta>> found =
          merge.read(inboxRecords, segments, filter, limit, attempt == READ_ATTEMPTS);
      if (found.isPresent()) {
        return List.copyOf(found.get());
      }
    }
  }

  @Override
  public Optional<Chunk> read(ChunkId id) {
    requireNonNull(id, "id is null");
    IndexSnapshot snapshot = readIndex(segment -> segment.covers(id));
    return snapshot.view().live(id).flatMap(this::fetch);
  }

  @Override
  public List<Chunk> readAll(List<ChunkMeta> metas) {
    requireNonNull(metas, "metas is null");
    List<Optional<Chunk>> fetched = reads(metas, this::fetch);
    List<Chunk> chunks = new ArrayList<>();
    for (Optional<Chunk> chunk : fetched) {
      if (chunk.isPresent()) {
        chunks.add(chunk.get());
      }
    }
    return List.copyOf(chunks);
  }

  private Optional<Chunk> fetch(ChunkMeta meta) {
    String key = chunkKey(meta.id());
    Optional<Blob> blob = blobs.get(key);
    if (blob.isEmpty()) {
      warn("Skipping chunk " + meta.id() + ": its index entry has no chunk file " + key);
      return Optional.empty();
    }
    try {
      return Optional.of(ChunkCodec.decodeBody(key, blob.get().data(), meta));
    } catch (CorruptDataException e) {
      warn("Skipping chunk " + meta.id() + ": " + e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public List<SearchHit> search(SearchQuery query) {
    requireNonNull(query, "query is null");
    return LocalSearchIndexes.search(location(), query, indexFeed(), this::readAll);
  }

  /**
   * The index as its sources, for a local search index to take in only those it has not seen: the
   * inbox is listed before the manifest is read, as in {@link #readIndex}, so that an entry folded
   * in between is in a listed segment.
   */
  private IndexFeed indexFeed() {
    return new BlobIndexFeed(
        () -> {
          List<String> sources = new ArrayList<>();
          blobs.listAll(INBOX, null).forEach(info -> sources.add(info.key()));
          List<Manifest.Segment> segments =
              new ArrayList<>(readManifest(skipUnreadable).manifest().segments());
          Collections.reverse(segments);
          segments.forEach(segment -> sources.add(segmentKey(segment.name())));
          return sources;
        },
        keys -> reads(keys, this::sourceRecords),
        () -> list(ChunkFilter.all(), Integer.MAX_VALUE));
  }

  /** The records of an inbox entry or segment; empty when it no longer exists. */
  private Optional<List<IndexRecord>> sourceRecords(String key) {
    if (key.startsWith(SEGMENTS)) {
      return loadSegment(key.substring(SEGMENTS.length()), skipUnreadable);
    }
    Optional<Blob> blob = blobs.get(key);
    if (blob.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(List.of(IndexCodec.decodeRecord(key, blob.get().data())));
    } catch (CorruptDataException e) {
      warnUnreadable(key, e.getMessage());
      return Optional.of(List.of());
    }
  }

  @Override
  public StoreStats stats() {
    List<ChunkMeta> live = readIndex(segment -> true).view().live();
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

  // ---------------------------------------------------------------- index reading

  /** What one read of the index saw. */
  private record IndexSnapshot(
      IndexView view, List<String> inboxKeys, ManifestState manifest, Set<String> badKeys) {}

  /** The manifest as read: its content, and its version when it exists. */
  private record ManifestState(Manifest manifest, Optional<String> version, boolean readable) {}

  /**
   * Reads the inbox, then the manifest, then every wanted segment (newest-first reads that stop at
   * a limit go through {@link NewestFirstRead} instead). The inbox is read before the manifest, so
   * an entry folded by a compactor in between is found in the manifest that compactor swapped in. A
   * missing segment means the manifest changed under the read; the read starts again, and the last
   * attempt reports it and goes on.
   */
  private IndexSnapshot readIndex(Predicate<Manifest.Segment> wanted) {
    return readIndex(wanted, skipUnreadable);
  }

  private IndexSnapshot readIndex(Predicate<Manifest.Segment> wanted, BadKeyListener bad) {
    return readIndex(wanted, bad, null);
  }

  /**
   * As above; with {@code sessions} (their {@link Sessions#name}s) not null, only the segment
   * records of those sessions are added to the view (an append needs no other), found once per
   * segment and session ({@link #sessionRecords}), so that the cost does not grow with the size of
   * the segments.
   */
  private IndexSnapshot readIndex(
      Predicate<Manifest.Segment> wanted, BadKeyListener bad, Set<String> sessions) {
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt == READ_ATTEMPTS;
      IndexView view = new IndexView();
      Set<String> badKeys = new TreeSet<>();
      BadKeyListener collecting =
          (key, detail) -> {
            badKeys.add(key);
            bad.unreadable(key, detail);
          };
      List<String> inboxKeys = readInbox(view::add, collecting);
      ManifestState manifest = readManifest(collecting);
      boolean stale = false;
      for (Manifest.Segment segment : manifest.manifest().segments()) {
        if (!wanted.test(segment)) {
          continue;
        }
        Optional<SegmentRecords> records = cachedSegment(segment.name());
        if (records.isPresent() && sessions == null) {
          view.addAll(all(records.get(), collecting));
        } else if (records.isPresent()) {
          for (String session : sessions) {
            view.addAll(sessionRecords(segment.name(), records.get(), session, collecting));
          }
        } else if (last) {
          collecting.unreadable(
              segmentKey(segment.name()), "the manifest lists it but it does not exist");
        } else {
          stale = true;
          break;
        }
      }
      if (!stale) {
        return new IndexSnapshot(view, inboxKeys, manifest, badKeys);
      }
    }
  }

  private List<String> readInbox(Consumer<IndexRecord> records, BadKeyListener bad) {
    List<BlobInfo> listed = blobs.listAll(INBOX, null);
    Set<String> cacheKeys = new HashSet<>();
    for (BlobInfo info : listed) {
      cacheKeys.add(info.key() + "@" + info.version());
    }
    inboxCache.keySet().retainAll(cacheKeys);
    List<Optional<IndexRecord>> read = reads(listed, info -> inboxRecord(info, bad));
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < listed.size(); i++) {
      if (read.get(i).isPresent()) {
        records.accept(read.get(i).get());
        keys.add(listed.get(i).key());
      }
    }
    return keys;
  }

  private Optional<IndexRecord> inboxRecord(BlobInfo info, BadKeyListener bad) {
    String cacheKey = info.key() + "@" + info.version();
    IndexRecord cached = inboxCache.get(cacheKey);
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Blob> blob = blobs.get(info.key());
    if (blob.isEmpty()) {
      return Optional.empty(); // folded into a segment since the listing
    }
    try {
      IndexRecord record = IndexCodec.decodeRecord(info.key(), blob.get().data());
      inboxCache.put(info.key() + "@" + blob.get().version(), record);
      return Optional.of(record);
    } catch (CorruptDataException e) {
      bad.unreadable(info.key(), e.getMessage());
      return Optional.empty();
    }
  }

  /**
   * The manifest. Once this instance has read or written one, it first asks for one byte of the
   * manifest only to learn its version, and reuses the manifest it holds when the version is the
   * same: a save then does not read and parse the whole manifest (which lists every session of
   * every segment) again.
   */
  private ManifestState readManifest(BadKeyListener bad) {
    ManifestState state = readManifestState(bad);
    int invalid = state.manifest().invalid();
    if (invalid > 0) {
      bad.unreadable(
          MANIFEST,
          invalid
              + (invalid == 1 ? " entry names a segment" : " entries name segments")
              + " with an invalid name; skipped (verify --repair or reindex rebuilds the index)");
    }
    return state;
  }

  private ManifestState readManifestState(BadKeyListener bad) {
    ManifestState known = lastManifest;
    if (known != null) {
      Optional<Blob> probe = blobs.getRange(MANIFEST, 0, 1);
      if (probe.isPresent() && known.version().orElseThrow().equals(probe.get().version())) {
        return known;
      }
    }
    Optional<Blob> blob = blobs.get(MANIFEST);
    if (blob.isEmpty()) {
      return new ManifestState(Manifest.EMPTY, Optional.empty(), true);
    }
    try {
      ManifestState state =
          new ManifestState(
              IndexCodec.decodeManifest(MANIFEST, blob.get().data()),
              Optional.of(blob.get().version()),
              true);
      lastManifest = state;
      return state;
    } catch (CorruptDataException e) {
      bad.unreadable(MANIFEST, e.getMessage());
      return new ManifestState(Manifest.EMPTY, Optional.of(blob.get().version()), false);
    }
  }

  /**
   * The records of one session ({@link Sessions#name}) in a segment, found once per segment and
   * session and kept. A segment with an unreadable record of the session is reported and read as
   * holding none.
   */
  private List<IndexRecord> sessionRecords(
      String name, SegmentRecords segment, String session, BadKeyListener bad) {
    Map<String, List<IndexRecord>> bySession =
        sessionCache.computeIfAbsent(name, unused -> new ConcurrentHashMap<>());
    List<IndexRecord> records = bySession.get(session);
    if (records == null) {
      try {
        records = List.copyOf(segment.ofSession(session));
      } catch (CorruptDataException e) {
        bad.unreadable(segment.key(), e.getMessage());
        records = List.of();
      }
      bySession.put(session, records);
    }
    return records;
  }

  /**
   * A segment's records, from the cache or the store; empty when the segment does not exist. A
   * segment with an unreadable record is reported and read as empty.
   */
  private Optional<List<IndexRecord>> loadSegment(String name, BadKeyListener bad) {
    return cachedSegment(name).map(segment -> all(segment, bad));
  }

  /** Every record of a segment; none, reported, when one is unreadable. */
  private static List<IndexRecord> all(SegmentRecords segment, BadKeyListener bad) {
    try {
      return segment.all();
    } catch (CorruptDataException e) {
      bad.unreadable(segment.key(), e.getMessage());
      return List.of();
    }
  }

  /**
   * A segment from the cache, or read from the store and cached (segments are immutable), its
   * records decoded as they are asked for; empty when the segment does not exist.
   */
  private Optional<SegmentRecords> cachedSegment(String name) {
    SegmentRecords cached = segmentCache.get(name);
    if (cached != null) {
      return Optional.of(cached);
    }
    String key = segmentKey(name);
    Optional<Blob> blob = blobs.get(key);
    if (blob.isEmpty()) {
      return Optional.empty();
    }
    SegmentRecords records = SegmentRecords.parse(key, blob.get().data());
    segmentCache.put(name, records);
    return Optional.of(records);
  }

  /** Told about every object a read had to skip. */
  @FunctionalInterface
  interface BadKeyListener {
    void unreadable(String key, String detail);
  }

  private void warnUnreadable(String key, String detail) {
    warn("Skipping unreadable " + key + ": " + detail);
  }

  private void warn(String message) {
    Log.LOG.warn(message);
    warnings.accept(message);
  }

  // ---------------------------------------------------------------- compaction

  /**
   * Folds the inbox into a new segment, swaps the manifest by compare-and-swap, then deletes the
   * folded inbox entries. Past {@link #MAX_SEGMENTS} segments, the new segment also takes in every
   * segment of the manifest, which then lists it alone.
   *
   * @throws CorruptDataException when the manifest cannot be read (run verify with repair)
   * @throws ConflictException when the manifest kept changing through every attempt
   */
  @Override
  public void compact() {
    synchronized (writeLock) {
      Set<String> wanted = null;
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        List<BlobInfo> listed = blobs.listAll(INBOX, null);
        if (wanted == null) {
          wanted = new HashSet<>();
          for (BlobInfo info : listed) {
            wanted.add(info.key());
          }
        } else if (foldedByAnother(wanted, listed)) {
          // Lost the race to a compactor that has folded (and removed) every inbox entry this
          // call set out to fold: the work is done, and newer entries are the next call's.
          return;
        }
        List<String> keys = new ArrayList<>();
        List<IndexRecord> records = new ArrayList<>();
        List<Optional<IndexRecord>> read = reads(listed, info -> inboxRecord(info, skipUnreadable));
        for (int i = 0; i < listed.size(); i++) {
          if (read.get(i).isPresent()) {
            keys.add(listed.get(i).key());
            records.add(read.get(i).get());
          }
        }
        ManifestState state = readManifest(skipUnreadable);
        if (!state.readable()) {
          throw new CorruptDataException(
              "Cannot compact index of "
                  + location()
                  + ": "
                  + MANIFEST
                  + " is unreadable; run verify with repair");
        }
        Manifest current = state.manifest();
        int after = current.segments().size() + (records.isEmpty() ? 0 : 1);
        List<Manifest.Segment> merged =
            after > options.maxSegments() ? mergeRun(current.segments()) : List.of();
        if (records.isEmpty() && merged.isEmpty()) {
          return;
        }
        records.addAll(mergedSegments(merged));
        String name = BlobLayout.segmentName(ids.next());
        Manifest.Segment segment = writeSegment(name, records);
        Manifest next = current.without(merged).plus(segment);
        if (!swapManifest(state, next, name, attempt)) {
          continue;
        }
        blobs.deleteAll(keys);
        merged.forEach(old -> deleteSegment(old.name()));
        return;
      }
      throw new ConflictException(
          "Cannot compact index of "
              + location()
              + ": the manifest kept changing through "
              + MAX_ATTEMPTS
              + " attempts");
    }
  }

  /** Whether none of the inbox keys a compaction started with is still in the inbox. */
  private static boolean foldedByAnother(Set<String> wanted, List<BlobInfo> listed) {
    for (BlobInfo info : listed) {
      if (wanted.contains(info.key())) {
        return false;
      }
    }
    return true;
  }

  private List<IndexRecord> mergedSegments(List<Manifest.Segment> segments) {
    List<IndexRecord> all = new ArrayList<>();
    for (Manifest.Segment segment : segments) {
      all.addAll(loadSegment(segment.name(), skipUnreadable).orElse(List.of()));
    }
    return all;
  }

  /**
   * The segments a compaction merges when there are too many: a run of neighbours (newest first)
   * long enough to bring the count down to half of {@link #MAX_SEGMENTS}, the run with the fewest
   * records. Runs past {@link #MAX_MERGED_RECORDS} records are left alone, shorter runs tried
   * instead, so that merging never rewrites a large history and segments stay small enough to read
   * whole; empty when no run of two fits.
   */
  private List<Manifest.Segment> mergeRun(List<Manifest.Segment> segments) {
    int keep = Math.max(1, options.maxSegments() / 2);
    for (int length = Math.min(segments.size(), segments.size() + 1 - keep);
        length >= 2;
        length--) {
      int best = -1;
      long bestRecords = Long.MAX_VALUE;
      for (int from = 0; from + length <= segments.size(); from++) {
        long records = 0;
        for (Manifest.Segment segment : segments.subList(from, from + length)) {
          records += segment.entries() + segment.tombstones();
        }
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
   * of the same id), create-only under a fresh name.
   */
  private Manifest.Segment writeSegment(String name, List<IndexRecord> records) {
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
    segmentCache.put(name, SegmentRecords.of(segmentKey(name), sorted));
    Set<String> names = new HashSet<>();
    long entries = 0;
    for (IndexRecord record : sorted) {
      names.add(record.sessionName());
      entries += record instanceof IndexRecord.Entry ? 1 : 0;
    }
    Set<String> sessions = new TreeSet<>();
    for (String session : names) {
      sessions.add(Sessions.keyOf(session));
    }
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
   * the segment just written (no manifest lists it) and returns false.
   */
  private boolean swapManifest(ManifestState state, Manifest next, String newSegment, int attempt) {
    PutCondition condition =
        state.version().map(PutCondition::ifVersion).orElse(PutCondition.createOnly());
    try {
      String version = blobs.put(MANIFEST, IndexCodec.encodeManifest(next), condition);
      lastManifest = new ManifestState(next, Optional.of(version), true);
      return true;
    } catch (PreconditionFailedException e) {
      Log.LOG.debug("Manifest of {} changed under a swap; trying again", location());
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

  private void deleteSegment(String name) {
    blobs.delete(segmentKey(name));
    segmentCache.remove(name);
    sessionCache.remove(name);
  }

  // ---------------------------------------------------------------- verify and reindex

  @Override
  public long reindex() {
    synchronized (writeLock) {
      for (int attempt = 1; attempt <= MAX_ATTEMPTS; attempt++) {
        IndexSnapshot snapshot = readIndex(segment -> true);
        for (ChunkId deleted : snapshot.view().deleted()) {
          blobs.delete(chunkKey(deleted)); // finish deletes a crash left half done
        }
        List<ChunkMeta> metas = new ArrayList<>();
        for (Optional<ChunkMeta> meta : inParallel(chunkKeys(), this::readChunkFile)) {
          meta.ifPresent(metas::add);
        }
        ManifestState state = snapshot.manifest();
        Manifest next;
        String name = null;
        if (metas.isEmpty()) {
          next = new Manifest(state.manifest().generation() + 1, List.of());
        } else {
          name = BlobLayout.segmentName(ids.next());
          List<IndexRecord> records = new ArrayList<>();
          metas.forEach(meta -> records.add(new IndexRecord.Entry(meta)));
          next = state.manifest().replacedBy(writeSegment(name, records));
        }
        if (!swapManifest(state, next, name, attempt)) {
          continue;
        }
        snapshot.inboxKeys().forEach(blobs::delete);
        for (Manifest.Segment old : state.manifest().segments()) {
          if (!old.name().equals(name)) {
            deleteSegment(old.name());
          }
        }
        return metas.size();
      }
      throw new ConflictException(
          "Cannot reindex "
              + location()
              + ": the manifest kept changing through "
              + MAX_ATTEMPTS
              + " attempts");
    }
  }

  private List<String> chunkKeys() {
    List<String> keys = new ArrayList<>();
    for (BlobInfo info : blobs.listAll(CHUNKS, null)) {
      if (BlobLayout.isChunkKey(info.key())) {
        keys.add(info.key());
      }
    }
    return keys;
  }

  /**
   * The metadata of a chunk file from its front matter; empty when it is gone or its front matter
   * cannot be read. A body changed since the save does not matter here: the chunk stays indexed,
   * and verify reports the change.
   */
  private Optional<ChunkMeta> readChunkFile(String key) {
    Optional<Blob> blob = blobs.get(key);
    if (blob.isEmpty()) {
      return Optional.empty();
    }
    try {
      return Optional.of(ChunkCodec.decodeMeta(key, blob.get().data()));
    } catch (CorruptDataException e) {
      warnUnreadable(key, e.getMessage());
      return Optional.empty();
    }
  }

  @Override
  public VerifyReport verify(boolean repair) {
    synchronized (writeLock) {
      return new Verifier(repair).run();
    }
  }

  /** One run of {@link #verify(boolean)}. */
  private final class Verifier {
    private final boolean repair;
    private final List<VerifyReport.Problem> problems = new ArrayList<>();
    private final List<VerifyReport.Problem> indexProblems = new ArrayList<>();

    Verifier(boolean repair) {
      this.repair = repair;
    }

    VerifyReport run() {
      IndexSnapshot snapshot =
          readIndex(
              segment -> true,
              (key, detail) -> {
                warnUnreadable(key, detail);
                indexProblems.add(
                    new VerifyReport.Problem(
                        VerifyReport.Kind.UNREADABLE_INDEX, key, detail, false));
              });
      IndexView view = snapshot.view();
      List<String> links =
          blobs instanceof SupportsLinks linking ? linking.linksLeavingStore() : List.of();
      for (String link : links) {
        problems.add(
            new VerifyReport.Problem(
                VerifyReport.Kind.LINK_LEAVING_STORE,
                link,
                link
                    + " is a link that leaves the store: its chunks are read, but saves, deletes"
                    + " and repairs there fail",
                false));
      }
      Map<ChunkId, ChunkMeta> chunks = new HashMap<>();
      Set<ChunkId> quarantined = new HashSet<>();
      List<String> keys = new ArrayList<>();
      for (BlobInfo info : blobs.listAll(CHUNKS, null)) {
        if (BlobLayout.isChunkKey(info.key())) {
          keys.add(info.key());
        } else {
          notAChunk(info.key(), "its name is not a chunk's");
        }
      }
      for (String key : keys) {
        checkChunk(key, chunks, quarantined);
      }
      List<ChunkMeta> orphans = new ArrayList<>();
      for (ChunkMeta meta : chunks.values()) {
        if (view.isDeleted(meta.id())) {
          if (repair) {
            blobs.delete(chunkKey(meta.id())); // finish a delete a crash left half done
          }
        } else if (view.live(meta.id()).isEmpty()) {
          orphans.add(meta);
        }
      }
      List<ChunkMeta> dangling = new ArrayList<>();
      for (ChunkMeta meta : view.live()) {
        if (!chunks.containsKey(meta.id())) {
          dangling.add(meta);
        }
      }
      boolean rebuild = repair && !indexProblems.isEmpty();
      boolean rebuilt = false;
      if (rebuild) {
        for (VerifyReport.Problem problem : indexProblems) {
          String key = problem.key();
          blobs.get(key).ifPresent(blob -> quarantine(key, blob, key.startsWith(INBOX)));
        }
        reindex();
        rebuilt = true;
      }
      for (VerifyReport.Problem problem : indexProblems) {
        problems.add(withRepaired(problem, rebuilt));
      }
      orphans.sort(Comparator.comparing(ChunkMeta::id));
      for (ChunkMeta meta : orphans) {
        if (repair && !rebuilt) {
          reindexOrphan(meta);
        }
        problems.add(
            new VerifyReport.Problem(
                VerifyReport.Kind.NOT_INDEXED,
                chunkKey(meta.id()),
                "chunk " + meta.id() + " has no index entry",
                repair));
      }
      for (ChunkMeta meta : dangling) {
        if (repair && !rebuilt) {
          writeTombstone(meta);
        }
        if (!quarantined.contains(meta.id())) {
          problems.add(
              new VerifyReport.Problem(
                  VerifyReport.Kind.MISSING_CHUNK,
                  meta.id().toString(),
                  "index entry of chunk " + meta.id() + " has no file " + chunkKey(meta.id()),
                  repair));
        }
      }
      if (repair) {
        removeLeftoverSegments();
      }
      return new VerifyReport(keys.size(), problems);
    }

    /** Reports a file among the chunks that is not one; it is left as it is. */
    private void notAChunk(String key, String why) {
      problems.add(
          new VerifyReport.Problem(
              VerifyReport.Kind.NOT_A_CHUNK,
              key,
              "not a chunk (" + why + "); left as it is",
              false));
    }

    /**
     * Checks one chunk file: its front matter (unreadable: quarantined by a repair) and its body
     * against the front matter's checksum (changed since it was saved: reported, and still a chunk
     * that reads and the index keep).
     */
    private void checkChunk(String key, Map<ChunkId, ChunkMeta> chunks, Set<ChunkId> bad) {
      Optional<Blob> blob = blobs.get(key);
      if (blob.isEmpty()) {
        return;
      }
      byte[] data = blob.get().data();
      if (!ChunkCodec.hasFrontMatter(data)) {
        notAChunk(key, "it has no front matter");
        return;
      }
      ChunkMeta meta;
      try {
        meta = ChunkCodec.decodeMeta(key, data);
        if (!key.equals(chunkKey(meta.id()))) {
          throw new ChunkCodec.FrontMatterException(
              "Cannot read chunk " + key + ": its id " + meta.id() + " belongs elsewhere");
        }
      } catch (CorruptDataException e) {
        warn(e.getMessage());
        boolean moved = repair && quarantine(key, blob.get(), true);
        idOf(key).ifPresent(bad::add);
        problems.add(
            new VerifyReport.Problem(
                VerifyReport.Kind.UNREADABLE_CHUNK, key, e.getMessage(), moved));
        return;
      }
      chunks.put(meta.id(), meta);
      try {
        ChunkCodec.decodeBody(key, data, meta);
      } catch (CorruptDataException e) {
        warn(e.getMessage());
        problems.add(
            new VerifyReport.Problem(VerifyReport.Kind.CHECKSUM, key, e.getMessage(), false));
      }
    }

    private Optional<ChunkId> idOf(String key) {
      String stem = key.substring(key.lastIndexOf('/') + 1).replace(".md", "");
      return ChunkId.isValid(stem) ? Optional.of(ChunkId.of(stem)) : Optional.empty();
    }

    private VerifyReport.Problem withRepaired(VerifyReport.Problem problem, boolean repaired) {
      return new VerifyReport.Problem(problem.kind(), problem.key(), problem.detail(), repaired);
    }

    private void reindexOrphan(ChunkMeta meta) {
      byte[] entry = IndexCodec.encodeRecord(new IndexRecord.Entry(meta));
      try {
        blobs.put(inboxKey(meta.id()), entry, PutCondition.createOnly());
      } catch (PreconditionFailedException e) {
        blobs.put(inboxKey(ids.next()), entry, PutCondition.createOnly());
      }
    }

    /** Deletes segments no manifest lists that are older than the grace period. */
    private void removeLeftoverSegments() {
      ManifestState state = readManifest(skipUnreadable);
      if (!state.readable()) {
        return;
      }
      Set<String> live = new HashSet<>();
      state.manifest().segments().forEach(segment -> live.add(segment.name()));
      Instant cutoff = ids.clock().instant().minus(SEGMENT_GRACE);
      for (BlobInfo info : blobs.listAll(SEGMENTS, null)) {
        String name = info.key().substring(SEGMENTS.length());
        boolean old =
            BlobLayout.segmentId(name).map(id -> id.instant().isBefore(cutoff)).orElse(true);
        if (!live.contains(name) && old) {
          Log.LOG.info("Removing segment {} that no manifest lists", info.key());
          deleteSegment(name);
        }
      }
    }
  }

  /**
   * Moves an object to {@code quarantine/<key>}: a create-only copy (a numbered name when taken),
   * then, when {@code remove}, the delete of the original.
   *
   * @return false when the original could not be deleted (it stays, and the copy with it)
   */
  private boolean quarantine(String key, Blob blob, boolean remove) {
    String target = BlobLayout.quarantineKey(key);
    for (int n = 1; ; n++) {
      try {
        blobs.put(target, blob.data(), PutCondition.createOnly());
        break;
      } catch (PreconditionFailedException e) {
        if (n >= MAX_ATTEMPTS) {
          throw new ConflictException("Cannot quarantine " + key + ": " + target + " is taken");
        }
        target = BlobLayout.quarantineKey(key) + "." + n;
      }
    }
    if (remove) {
      try {
        blobs.delete(key);
      } catch (StorageException e) {
        warn("Cannot move unreadable " + key + " to " + target + ": " + e.getMessage());
        return false;
      }
    }
    warn((remove ? "Moved" : "Copied") + " unreadable " + key + " to " + target);
    return true;
  }

  // ---------------------------------------------------------------- plumbing

  /**
   * The reads a command makes to answer (bodies, inbox entries, segments): in turn on the calling
   * thread when the blob store is {@linkplain BlobStore#isLocal local}, where a few reads cost less
   * than starting threads for them, else {@link #inParallel}.
   */
  private <T, R> List<R> reads(List<T> items, Function<T, R> task) {
    return blobs.isLocal() ? inTurn(items, task) : inParallel(items, task);
  }

  /**
   * Applies {@code task} to every item, on {@link #READ_THREADS} threads at once, and returns the
   * results in the items' order. With one item, or one thread, the items are done in turn on the
   * calling thread, and no pool is made.
   */
  private <T, R> List<R> inParallel(List<T> items, Function<T, R> task) {
    if (items.size() <= 1 || options.readThreads() == 1) {
      return inTurn(items, task);
    }
    ExecutorService pool = fetcher();
    List<Future<R>> futures = new ArrayList<>();
    for (T item : items) {
      futures.add(pool.submit(() -> task.apply(item)));
    }
    List<R> results = new ArrayList<>();
    try {
      for (Future<R> future : futures) {
        results.add(future.get());
      }
    } catch (InterruptedException e) {
      futures.forEach(future -> future.cancel(true));
      Thread.currentThread().interrupt();
      throw new StorageException("Cannot read from " + location() + ": interrupted", true, e);
    } catch (ExecutionException e) {
      futures.forEach(future -> future.cancel(true));
      if (e.getCause() instanceof RuntimeException runtime) {
        throw runtime;
      }
      throw new StorageException(
          "Cannot read from " + location() + ": " + e.getCause(), false, e.getCause());
    }
    return results;
  }

  private static <T, R> List<R> inTurn(List<T> items, Function<T, R> task) {
    List<R> results = new ArrayList<>(items.size());
    for (T item : items) {
      results.add(task.apply(item));
    }
    return results;
  }

  /** The pool of parallel reads and writes, made on first use: many commands never need it. */
  private synchronized ExecutorService fetcher() {
    if (fetcher == null) {
      fetcher = newPool("chatlog-fetch-", options.readThreads());
    }
    return fetcher;
  }

  @Override
  public void close() {
    ExecutorService pool;
    synchronized (this) {
      pool = fetcher;
    }
    if (pool != null) {
      shutDown(pool);
    }
    blobs.close();
  }

  private static void shutDown(ExecutorService pool) {
    pool.shutdown();
    try {
      if (!pool.awaitTermination(10, TimeUnit.SECONDS)) {
        pool.shutdownNow();
      }
    } catch (InterruptedException e) {
      pool.shutdownNow();
      Thread.currentThread().interrupt();
    }
  }

  /** The logger, made when something is first logged (see {@code ChatLog}). */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(BlobChunkStore.class);
  }
}
