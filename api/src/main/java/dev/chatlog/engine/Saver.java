package dev.chatlog.engine;

import static dev.chatlog.engine.BlobLayout.chunkKey;
import static dev.chatlog.engine.BlobLayout.inboxKey;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BiConsumer;
import java.util.function.Function;
import java.util.function.IntConsumer;

/**
 * The write path of a save: deduplicates drafts against the newest records of their sessions,
 * numbers the new ones, writes each chunk file, then indexes them: one inbox entry per chunk, or,
 * for a batch of {@value #BATCH_SEGMENT_MIN} and more, one new segment. What a save reads does not
 * grow with its session or the history (adr/0021). Callers hold the engine's write lock.
 */
final class Saver {
  /**
   * How many of a session's newest records a save looks through to deduplicate its chunks: a body
   * saved again into its session within this many chunks creates nothing new.
   */
  static final int WINDOW = 1024;

  /**
   * How many of a session's newest records a save decodes to number its chunks: the next {@code
   * seq} is one more than the highest among them. Of the rest of the window only the records that
   * may hold a body being saved are decoded.
   */
  static final int NUMBERED = 64;

  /** New chunks in one append from which they are indexed by one new segment, not the inbox. */
  static final int BATCH_SEGMENT_MIN = 16;

  private final BlobStore blobs;
  private final IndexReader reader;
  private final Compactor compactor;
  private final Workers workers;
  private final ChunkIds ids;

  Saver(BlobStore blobs, IndexReader reader, Compactor compactor, Workers workers, ChunkIds ids) {
    this.blobs = blobs;
    this.reader = reader;
    this.compactor = compactor;
    this.workers = workers;
    this.ids = ids;
  }

  /**
   * Saves the drafts; reports the drafts found already saved, then each chunk file written (from
   * the writing threads, so those reports may come out of order), then all of them once indexed.
   */
  List<SavedChunk> append(List<ChunkDraft> drafts, IntConsumer progress) {
    drafts.forEach(Saver::validate);
    if (drafts.isEmpty()) {
      return List.of();
    }
    List<String> sha256s = drafts.stream().map(draft -> ChunkCodec.sha256(draft.body())).toList();
    Map<String, Set<String>> bodies = new LinkedHashMap<>();
    for (int i = 0; i < drafts.size(); i++) {
      bodies
          .computeIfAbsent(sessionName(drafts.get(i)), name -> new HashSet<>())
          .add(sha256s.get(i));
    }
    IndexReader.SessionTails tails = reader.sessionTails(bodies.keySet(), WINDOW, NUMBERED, bodies);
    Map<String, SessionState> sessions = new HashMap<>();
    tails.views().forEach((name, view) -> sessions.put(name, SessionState.of(view)));

    List<SavedChunk> saved = new ArrayList<>();
    List<Chunk> fresh = new ArrayList<>();
    for (int i = 0; i < drafts.size(); i++) {
      ChunkDraft draft = drafts.get(i);
      SessionState session = sessions.get(sessionName(draft));
      String sha256 = sha256s.get(i);
      Optional<ChunkMeta> same = session.withBody(sha256);
      if (same.isPresent()) {
        saved.add(new SavedChunk(same.get(), false));
        continue;
      }
      ChunkMeta meta =
          ChunkMeta.of(
              draft,
              ids.forDraft(draft),
              session.nextSeq(),
              sha256,
              ChunkCodec.utf8Length(draft.body()));
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
        ChunkCodec::encode,
        (chunk, version) -> progress.accept(done.incrementAndGet()));
    index(fresh.stream().map(Chunk::meta).toList(), tails.inboxSize());
    progress.accept(drafts.size()); // the last report, whatever order the writers' came in
    return List.copyOf(saved);
  }

  /**
   * Indexes chunks whose files are written: one inbox entry each, or for {@value
   * #BATCH_SEGMENT_MIN} and more, one new segment; then compacts if the inbox, which held {@code
   * inboxSize} entries, has grown past the threshold.
   */
  void index(List<ChunkMeta> metas, int inboxSize) {
    List<IndexRecord> entries =
        metas.stream().map(meta -> (IndexRecord) new IndexRecord.Entry(meta)).toList();
    if (entries.size() < BATCH_SEGMENT_MIN || !indexAsSegment(entries)) {
      writeAll(
          entries,
          record -> inboxKey(record.target()),
          IndexCodec::encodeRecord,
          (record, version) -> reader.rememberInbox(inboxKey(record.target()), version, record));
      compactor.compactIfDue(inboxSize + entries.size());
    }
  }

  private static String sessionName(ChunkDraft draft) {
    return Sessions.name(draft.project(), draft.topic(), draft.session());
  }

  private static void validate(ChunkDraft draft) {
    Map<String, String> names =
        Map.of("project", draft.project(), "topic", draft.topic(), "session", draft.session());
    names.forEach(
        (field, value) -> {
          if (value.isBlank()) {
            throw new InvalidInputException("Cannot append chunk: " + field + " is empty");
          }
        });
    if (draft.created() != null
        && (draft.created().toEpochMilli() < 0 || draft.created().toEpochMilli() >= (1L << 48))) {
      throw new InvalidInputException(
          "Cannot append chunk: created time " + draft.created() + " is out of range");
    }
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
    workers.inParallel(
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
    for (int attempt = 1; attempt <= Compactor.MAX_ATTEMPTS; attempt++) {
      IndexReader.ManifestState state = reader.readManifest(reader.skipUnreadable);
      if (!state.readable()) {
        return false;
      }
      String name = BlobLayout.segmentName(ids.next());
      Manifest next = state.manifest().plus(compactor.writeSegment(name, entries));
      if (compactor.swapManifest(state, next, name, attempt)) {
        if (next.segments().size() > compactor.maxSegments()) {
          compactor.compactQuietly();
        }
        return true;
      }
    }
    return false;
  }

  /**
   * What a save knows of one session: the bodies of its newest live chunks, by checksum, and the
   * highest {@code seq} of its newest chunks, live or deleted.
   */
  private static final class SessionState {
    private final Map<String, ChunkMeta> bySha = new HashMap<>();
    private int lastSeq = -1;

    static SessionState of(IndexView view) {
      SessionState state = new SessionState();
      view.live().forEach(state::add);
      view.entries().forEach(meta -> state.lastSeq = Math.max(state.lastSeq, meta.seq()));
      return state;
    }

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
}
