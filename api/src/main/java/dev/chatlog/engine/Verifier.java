package dev.chatlog.engine;

import static dev.chatlog.engine.BlobLayout.CHUNKS;
import static dev.chatlog.engine.BlobLayout.INBOX;
import static dev.chatlog.engine.BlobLayout.SEGMENTS;
import static dev.chatlog.engine.BlobLayout.chunkKey;
import static dev.chatlog.engine.BlobLayout.inboxKey;

import dev.chatlog.error.ConflictException;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobInfo;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.spi.SupportsLinks;
import dev.chatlog.spi.VerifyReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Checks a blob store's chunks against its index ({@code verify}), repairs what it safely can, and
 * rebuilds the index from the chunk files ({@code reindex}). A repair never takes a readable chunk
 * out of reads and never moves a file that is not a chunk. Callers hold the engine's write lock.
 */
final class Verifier {

  /** How long a segment no manifest lists is left alone: a writer may be about to list it. */
  static final Duration SEGMENT_GRACE = Duration.ofHours(1);

  private final BlobStore blobs;
  private final IndexReader reader;
  private final Compactor compactor;
  private final Workers workers;
  private final ChunkIds ids;

  Verifier(
      BlobStore blobs, IndexReader reader, Compactor compactor, Workers workers, ChunkIds ids) {
    this.blobs = blobs;
    this.reader = reader;
    this.compactor = compactor;
    this.workers = workers;
    this.ids = ids;
  }

  /**
   * Rebuilds the whole index from the chunk files: one new segment of every chunk whose front
   * matter reads, swapped in as the only segment; then the inbox entries and old segments are
   * deleted, and the chunk files of tombstones the old index held (deletes a crash left half done).
   */
  long reindex() {
    return reindex(Set.of());
  }

  /**
   * {@link #reindex()}, taking the checksum and size of the chunks {@code acceptEdits} names from
   * their bodies as they are now (adr/0026). An edit accepted before is kept: where the old index
   * entry's checksum is that of the body now, it stays, whatever the front matter says.
   */
  long reindex(Set<ChunkId> acceptEdits) {
    for (int attempt = 1; attempt <= Compactor.MAX_ATTEMPTS; attempt++) {
      IndexReader.IndexSnapshot snapshot = reader.readIndex(segment -> true);
      for (ChunkId deleted : snapshot.view().deleted()) {
        blobs.delete(chunkKey(deleted)); // finish deletes a crash left half done
      }
      IndexView before = snapshot.view();
      List<ChunkMeta> metas = new ArrayList<>();
      for (Optional<ChunkMeta> meta :
          workers.inParallel(chunkKeys(), key -> readChunkFile(key, before, acceptEdits))) {
        meta.ifPresent(metas::add);
      }
      IndexReader.ManifestState state = snapshot.manifest();
      Manifest next;
      String name = null;
      if (metas.isEmpty()) {
        next = new Manifest(state.manifest().generation() + 1, List.of());
      } else {
        name = BlobLayout.segmentName(ids.next());
        List<IndexRecord> records = new ArrayList<>();
        metas.forEach(meta -> records.add(new IndexRecord.Entry(meta)));
        next = state.manifest().replacedBy(compactor.writeSegment(name, records));
      }
      if (!compactor.swapManifest(state, next, name, attempt)) {
        continue;
      }
      snapshot.inboxKeys().forEach(blobs::delete);
      for (Manifest.Segment old : state.manifest().segments()) {
        if (!old.name().equals(name)) {
          compactor.deleteSegment(old.name());
        }
      }
      return metas.size();
    }
    throw new ConflictException(
        "Cannot reindex "
            + blobs.location()
            + ": the manifest kept changing through "
            + Compactor.MAX_ATTEMPTS
            + " attempts");
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
   * and verify reports the change, unless the edit is accepted now ({@code acceptEdits}) or was
   * before (the {@code old} index entry has the checksum of the body now).
   */
  private Optional<ChunkMeta> readChunkFile(String key, IndexView old, Set<ChunkId> acceptEdits) {
    Optional<Blob> blob = blobs.get(key);
    if (blob.isEmpty()) {
      return Optional.empty();
    }
    byte[] data = blob.get().data();
    ChunkMeta meta;
    try {
      meta = ChunkCodec.decodeMeta(key, data);
    } catch (CorruptDataException e) {
      reader.warnUnreadable(key, e.getMessage());
      return Optional.empty();
    }
    Optional<ChunkMeta> indexed = old.live(meta.id());
    boolean accepted = indexed.isPresent() && !indexed.get().sha256().equals(meta.sha256());
    if (!acceptEdits.contains(meta.id()) && !accepted) {
      return Optional.of(meta);
    }
    Chunk now = ChunkCodec.decodeBodyKeepingEdits(key, data, meta);
    if (!now.modified()) {
      return Optional.of(meta);
    }
    String sha256 = ChunkCodec.sha256(now.body());
    if (acceptEdits.contains(meta.id()) || sha256.equals(indexed.orElseThrow().sha256())) {
      return Optional.of(meta.withChecksum(sha256, ChunkCodec.utf8Length(now.body())));
    }
    return Optional.of(meta);
  }

  /**
   * Checks every chunk against the index; with {@code repair}, fixes what it safely can, and with
   * {@code acceptEdits} too, accepts the bodies changed since the save.
   */
  VerifyReport verify(boolean repair, boolean acceptEdits) {
    return new Run(repair, repair && acceptEdits).run();
  }

  /** One run of {@link #verify(boolean, boolean)}. */
  private final class Run {
    private final boolean repair;
    private final boolean acceptEdits;
    private final List<VerifyReport.Problem> problems = new ArrayList<>();
    private final List<VerifyReport.Problem> indexProblems = new ArrayList<>();
    private final List<VerifyReport.Problem> edited = new ArrayList<>();
    private final Set<ChunkId> editedIds = new HashSet<>();

    Run(boolean repair, boolean acceptEdits) {
      this.repair = repair;
      this.acceptEdits = acceptEdits;
    }

    VerifyReport run() {
      IndexReader.IndexSnapshot snapshot =
          reader.readIndex(
              segment -> true,
              (key, detail) -> {
                reader.warnUnreadable(key, detail);
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
        checkChunk(key, view, chunks, quarantined);
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
      boolean rebuild = repair && (!indexProblems.isEmpty() || acceptEdits && !edited.isEmpty());
      boolean rebuilt = false;
      if (rebuild) {
        for (VerifyReport.Problem problem : indexProblems) {
          String key = problem.key();
          blobs.get(key).ifPresent(blob -> quarantine(key, blob, key.startsWith(INBOX)));
        }
        reindex(acceptEdits ? editedIds : Set.of());
        rebuilt = true;
      }
      for (VerifyReport.Problem problem : indexProblems) {
        problems.add(withRepaired(problem, rebuilt));
      }
      for (VerifyReport.Problem problem : edited) {
        problems.add(withRepaired(problem, rebuilt && acceptEdits));
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
          compactor.writeTombstone(meta);
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
     * against the checksum reads check it against, the index entry's or, for a chunk no entry
     * lists, the front matter's (changed since it was saved: reported, and still a chunk that reads
     * and the index keep). A file without front matter is a chunk damaged beyond reading when the
     * index lists its id, and otherwise not a chunk at all.
     */
    private void checkChunk(
        String key, IndexView view, Map<ChunkId, ChunkMeta> chunks, Set<ChunkId> bad) {
      Optional<Blob> blob = blobs.get(key);
      if (blob.isEmpty()) {
        return;
      }
      byte[] data = blob.get().data();
      boolean indexed = idOf(key).flatMap(view::live).isPresent();
      if (!ChunkCodec.hasFrontMatter(data) && !indexed) {
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
        reader.warn(e.getMessage());
        boolean moved = repair && quarantine(key, blob.get(), true);
        idOf(key).ifPresent(bad::add);
        problems.add(
            new VerifyReport.Problem(
                VerifyReport.Kind.UNREADABLE_CHUNK, key, e.getMessage(), moved));
        return;
      }
      chunks.put(meta.id(), meta);
      ChunkMeta saved = view.live(meta.id()).orElse(meta);
      Chunk now = ChunkCodec.decodeBodyKeepingEdits(key, data, saved);
      if (now.modified()) {
        edited.add(
            VerifyReport.Problem.modified(
                key, saved.size(), ChunkCodec.utf8Length(now.body()), false));
        editedIds.add(meta.id());
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
      IndexReader.ManifestState state = reader.readManifest(reader.skipUnreadable);
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
          EngineLog.LOG.info("Removing segment {} that no manifest lists", info.key());
          compactor.deleteSegment(name);
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
        if (n >= Compactor.MAX_ATTEMPTS) {
          throw new ConflictException("Cannot quarantine " + key + ": " + target + " is taken");
        }
        target = BlobLayout.quarantineKey(key) + "." + n;
      }
    }
    if (remove) {
      try {
        blobs.delete(key);
      } catch (StorageException e) {
        reader.warn("Cannot move unreadable " + key + " to " + target + ": " + e.getMessage());
        return false;
      }
    }
    reader.warn((remove ? "Moved" : "Copied") + " unreadable " + key + " to " + target);
    return true;
  }
}
