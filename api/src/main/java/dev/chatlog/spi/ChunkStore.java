package dev.chatlog.spi;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.ReadOnlyException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.RestoredChunk;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.model.StoreStats;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.IntConsumer;

/**
 * What the {@code ChatLog} facade talks to: a whole chunk store. Blob backends get one from the
 * shared engine ({@code BlobChunkStore}); a database backend implements it directly.
 *
 * <p>Contract, tested by {@code ChunkStoreContract}:
 *
 * <ul>
 *   <li>Chunks are immutable once appended; ids are unique and time-ordered.
 *   <li>Appending a draft whose body equals (by SHA-256) a live chunk of the same project, topic
 *       and session writes nothing and returns that chunk with {@code created == false}.
 *   <li>Reads are newest first (descending id) and see every append and delete that returned before
 *       they started, from this or any other process.
 *   <li>A store opened read-only throws {@link ReadOnlyException} from every mutating method and
 *       changes nothing.
 * </ul>
 *
 * @since 0.1.0
 */
public interface ChunkStore extends AutoCloseable {

  /**
   * Appends drafts in order, assigning ids, sequence numbers, checksums and sizes. Drafts of one
   * call that share a session get consecutive sequence numbers.
   *
   * @return one result per draft, in the drafts' order
   */
  List<SavedChunk> append(List<ChunkDraft> drafts);

  /**
   * Like {@link #append(List)}, telling {@code progress} how many of the drafts are done so far
   * (saved, or found already saved), ending with all of them; for long batches, whose writes take
   * seconds. It may be called from other threads. Stores that cannot tell report once, at the end.
   */
  default List<SavedChunk> append(List<ChunkDraft> drafts, IntConsumer progress) {
    List<SavedChunk> saved = append(drafts);
    progress.accept(drafts.size());
    return saved;
  }

  /** The metadata of at most {@code limit} matching chunks, newest first. */
  List<ChunkMeta> list(ChunkFilter filter, int limit);

  /**
   * The metadata of at most {@code limit} matching chunks whose ids are below {@code before},
   * newest first: the page that follows a page ending with {@code before}. Paging this way through
   * a whole store holds one page at a time; a chunk saved or deleted meanwhile may or may not be
   * seen. The default reads the whole list of matches; stores override it with a bounded read.
   *
   * @since 0.1.0
   */
  default List<ChunkMeta> listBefore(ChunkFilter filter, ChunkId before, int limit) {
    return list(filter, Integer.MAX_VALUE).stream()
        .filter(meta -> meta.id().compareTo(before) < 0)
        .limit(limit)
        .toList();
  }

  /**
   * Gives {@code action} the id of every matching chunk, each once, in no particular order: for a
   * caller that needs no metadata, such as the mark of an import record. The default reads the
   * metadata a page at a time ({@link MetadataPages}); a store that can read ids alone overrides
   * it. {@code action} may be called while the store reads, and must not use the store.
   *
   * @since 0.1.0
   */
  default void forEachId(ChunkFilter filter, Consumer<ChunkId> action) {
    MetadataPages.of(this, filter, MetadataPages.PAGE)
        .forEachRemaining(page -> page.forEach(meta -> action.accept(meta.id())));
  }

  /**
   * Puts chunks as they are, keeping their ids, sequence numbers, times, metadata and bodies: what
   * a restore from a backup and a copy between stores write. Create-only and idempotent, chunk by
   * chunk:
   *
   * <ul>
   *   <li>a chunk whose id the store does not hold is written, whole or not at all ({@code
   *       RESTORED});
   *   <li>a chunk whose id it holds with the same SHA-256 is left as it is ({@code PRESENT});
   *   <li>a chunk whose id it holds with another SHA-256 is not written ({@code CONFLICT}, with the
   *       reason); nor is one the store cannot hold beside what it has: an id a blob store has
   *       deleted (it keeps the tombstone, so the id stays deleted), or on SQLite a body its
   *       session already holds under another id.
   * </ul>
   *
   * <p>Restored chunks are not deduplicated by content and do not change any other chunk. A failure
   * part-way leaves whole chunks written before it; restoring the same chunks again completes the
   * batch.
   *
   * @return one result per chunk, in the chunks' order; a chunk that repeats the id of one before
   *     it in the same call is never written twice: it is {@code PRESENT} or {@code CONFLICT}
   * @throws dev.chatlog.error.InvalidInputException before anything is written, when a chunk's body
   *     does not match its SHA-256 and size or a name is empty ({@link
   *     dev.chatlog.engine.RestoreChecks})
   * @throws ReadOnlyException when the store is read-only, before anything is written
   * @since 0.1.0
   */
  List<RestoredChunk> restore(List<Chunk> chunks);

  /**
   * One chunk with its body; empty when no live chunk has this id. A body changed since the save
   * comes back {@linkplain Chunk#modified() modified}.
   *
   * @throws dev.chatlog.error.CorruptDataException when the chunk's stored form cannot be read at
   *     all
   */
  Optional<Chunk> read(ChunkId id);

  /**
   * The metadata of at most {@code limit} live chunks whose id starts with {@code prefix}, newest
   * first: how a person names a chunk by the start of its id. The default reads every entry; a
   * store that can narrow the read by id overrides it.
   *
   * @param prefix upper-case Crockford base32 ({@link ChunkId#normalize}), 1 to 26 characters; a
   *     whole id finds its own chunk
   */
  default List<ChunkMeta> withIdPrefix(String prefix, int limit) {
    List<ChunkMeta> found = new ArrayList<>();
    for (ChunkMeta meta : list(ChunkFilter.all(), Integer.MAX_VALUE)) {
      if (found.size() >= limit) {
        break;
      }
      if (meta.id().toString().startsWith(prefix)) {
        found.add(meta);
      }
    }
    return List.copyOf(found);
  }

  /**
   * Chunks with bodies for the given metadata, in the same order; may fetch in parallel. Bodies
   * changed since the save come back {@linkplain Chunk#modified() modified}; a chunk whose stored
   * form cannot be read at all is left out with a warning.
   */
  List<Chunk> readAll(List<ChunkMeta> metas);

  /**
   * Deletes chunks. Ids without a live chunk are skipped.
   *
   * @return the ids that were deleted
   */
  List<ChunkId> delete(Collection<ChunkId> ids);

  /** Full-text search with ranking, filters and snippets. */
  List<SearchHit> search(SearchQuery query);

  /** Folds pending index entries into durable index structures; a no-op where there are none. */
  void compact();

  /** Counts and sizes. */
  StoreStats stats();

  /**
   * Checks every chunk against the index; with {@code repair}, fixes what can be fixed without
   * losing data.
   */
  VerifyReport verify(boolean repair);

  /**
   * Like {@link #verify(boolean)}; with {@code acceptEdits} (and {@code repair}), a chunk whose
   * body was changed since the save ({@link VerifyReport.Kind#MODIFIED}) is accepted as it is now:
   * its checksum and size become those of its new body, and reads no longer mark it modified. The
   * default refuses to accept edits. Without {@code repair}, {@code acceptEdits} changes nothing.
   *
   * @throws dev.chatlog.error.InvalidInputException on a store that cannot accept edits
   */
  default VerifyReport verify(boolean repair, boolean acceptEdits) {
    if (repair && acceptEdits) {
      throw new InvalidInputException(
          "Cannot accept edited chunks in " + location() + ": this store cannot");
    }
    return verify(repair);
  }

  /**
   * Rebuilds the index from the chunks alone.
   *
   * @return how many chunks were indexed
   */
  long reindex();

  /** Where the store is, for messages: a URI without credentials. */
  String location();

  /** Releases files, connections and clients. */
  @Override
  void close();
}
