package dev.chatlog;

import static java.util.Objects.requireNonNull;

import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.error.ChatLogException;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.NotFoundException;
import dev.chatlog.error.ReadOnlyException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.RestoredChunk;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.model.StoreStats;
import dev.chatlog.observe.ChatLogObserver;
import dev.chatlog.observe.Operation;
import dev.chatlog.retention.PruneResult;
import dev.chatlog.retention.Pruner;
import dev.chatlog.retention.RetentionPolicy;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.MetadataPages;
import dev.chatlog.spi.ReadOnlyChunkStore;
import dev.chatlog.spi.StorageProviders;
import dev.chatlog.spi.VerifyReport;
import dev.chatlog.text.ChunkSplitter;
import java.io.Reader;
import java.time.Clock;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Saves chat context and finds it again: the API the CLI and embedders use. One instance owns one
 * open store; close it when done.
 *
 * <p>Content longer than {@link ChatLogConfig#chunkMaxChars()} code points is split into
 * consecutive chunks of one session ({@link ChunkSplitter}); nothing is ever truncated. In
 * read-only mode every mutating call throws {@link ReadOnlyException} and changes nothing. When the
 * configuration sets a retention policy, every save that writes a chunk then prunes the store with
 * it ({@link #prune}). Every call is reported to the {@link ChatLogObserver} the facade was opened
 * with, if any.
 *
 * @since 0.1.0
 */
public final class ChatLog implements AutoCloseable {
  private final ChunkStore store;
  private final ChatLogConfig config;
  private final Optional<RetentionPolicy> retention;
  private final Pruner pruner;
  private final ChatLogObserver observer;

  private ChatLog(ChunkStore store, ChatLogConfig config, Clock clock, ChatLogObserver observer) {
    this.store = config.readOnly() ? new ReadOnlyChunkStore(store) : store;
    this.config = config;
    this.retention = RetentionPolicy.fromConfig(config);
    this.pruner = new Pruner(this.store, clock);
    this.observer = observer;
  }

  private ChatLog(ChunkStore store, ChatLogConfig config) {
    this(store, config, Clock.systemUTC(), ChatLogObserver.NONE);
  }

  /**
   * Opens the configured store through the storage providers on the class path.
   *
   * @throws InvalidInputException for an unknown scheme or store option
   */
  public static ChatLog open(ChatLogConfig config) {
    return open(config, StorageProviders.discover());
  }

  /**
   * Opens the configured store through the given providers.
   *
   * @throws InvalidInputException for an unknown scheme or store option
   */
  public static ChatLog open(ChatLogConfig config, StorageProviders providers) {
    return open(config, providers, ChatLogObserver.NONE);
  }

  /**
   * Opens the configured store through the given providers, reporting to {@code observer} what the
   * facade and the store do.
   *
   * @throws InvalidInputException for an unknown scheme or store option
   */
  public static ChatLog open(
      ChatLogConfig config, StorageProviders providers, ChatLogObserver observer) {
    requireNonNull(config, "config is null");
    requireNonNull(providers, "providers is null");
    requireNonNull(observer, "observer is null");
    ChunkStore store =
        config.readOnly()
            ? providers.openReadOnly(config.store(), config.storeOptions(), observer)
            : providers.open(config.store(), config.storeOptions(), observer);
    return new ChatLog(store, config, Clock.systemUTC(), observer);
  }

  /** A facade over a store already open; read-only mode of the config still applies. */
  public static ChatLog over(ChunkStore store, ChatLogConfig config) {
    requireNonNull(store, "store is null");
    requireNonNull(config, "config is null");
    return new ChatLog(store, config);
  }

  /**
   * A facade over a store already open, measuring retention ages against {@code clock}; read-only
   * mode of the config still applies.
   */
  public static ChatLog over(ChunkStore store, ChatLogConfig config, Clock clock) {
    requireNonNull(store, "store is null");
    requireNonNull(config, "config is null");
    requireNonNull(clock, "clock is null");
    return new ChatLog(store, config, clock, ChatLogObserver.NONE);
  }

  /**
   * A facade over a store already open, reporting its calls to {@code observer}; read-only mode of
   * the config still applies.
   */
  public static ChatLog over(ChunkStore store, ChatLogConfig config, ChatLogObserver observer) {
    requireNonNull(store, "store is null");
    requireNonNull(config, "config is null");
    requireNonNull(observer, "observer is null");
    return new ChatLog(store, config, Clock.systemUTC(), observer);
  }

  /** Saves content, split into chunks where it is too long; returns every chunk saved. */
  public SaveResult save(SaveRequest request) {
    return saveAll(List.of(requireNonNull(request, "request is null"))).get(0);
  }

  /**
   * Saves many requests with one append to the store, so that they cost one write round.
   *
   * @return one result per request, in the requests' order
   */
  public List<SaveResult> saveAll(List<SaveRequest> requests) {
    return saveAll(requests, SaveProgress.NONE);
  }

  /**
   * Like {@link #saveAll(List)}, telling {@code progress} how many chunks of the batch are done.
   *
   * @return one result per request, in the requests' order
   */
  public List<SaveResult> saveAll(List<SaveRequest> requests, SaveProgress progress) {
    requireNonNull(progress, "progress is null");
    return observed(Operation.SAVE, () -> saveAllObserved(requests, progress));
  }

  private List<SaveResult> saveAllObserved(List<SaveRequest> requests, SaveProgress progress) {
    List<ChunkDraft> drafts = new ArrayList<>();
    List<Integer> counts = new ArrayList<>();
    for (SaveRequest request : requests) {
      List<ChunkDraft> planned = plan(request);
      drafts.addAll(planned);
      counts.add(planned.size());
    }
    if (drafts.isEmpty()) {
      return List.of();
    }
    int total = drafts.size();
    List<SavedChunk> saved = store.append(drafts, done -> progress.update(done, total));
    if (saved.size() != drafts.size()) {
      throw new IllegalStateException(
          "store returned " + saved.size() + " results for " + drafts.size() + " drafts");
    }
    List<SaveResult> results = new ArrayList<>();
    int from = 0;
    for (int count : counts) {
      results.add(new SaveResult(saved.subList(from, from + count)));
      from += count;
    }
    afterSave(saved);
    return List.copyOf(results);
  }

  /** Tells the observer what a save wrote, then applies retention if it wrote anything. */
  private void afterSave(List<SavedChunk> saved) {
    long created = 0;
    long bytes = 0;
    for (SavedChunk chunk : saved) {
      if (chunk.created()) {
        created++;
        bytes += chunk.meta().size();
      }
    }
    if (created > 0) {
      observer.chunksWritten(created, bytes);
    }
    if (retention.isPresent() && created > 0) {
      applyRetention(retention.get());
    }
  }

  /**
   * Prunes the whole store with the configured policy after a save. The save has already succeeded,
   * so a failure here is logged rather than thrown; the next save or prune tries again.
   */
  private void applyRetention(RetentionPolicy policy) {
    try {
      PruneResult result =
          observed(Operation.RETENTION, () -> pruner.prune(policy, ChunkFilter.all(), false));
      if (!result.removed().isEmpty()) {
        observer.chunksRemoved(Operation.RETENTION, result.removed().size());
        observer.retentionApplied(result);
      }
      for (ChunkMeta meta : result.removed()) {
        Log.LOG.info(
            "Retention ({}) removed chunk {} of project {} created {}",
            policy,
            meta.id(),
            meta.project(),
            meta.created());
      }
    } catch (ChatLogException e) {
      Log.LOG.warn(
          "Cannot apply retention ({}) in {}: {}", policy, store.location(), e.getMessage());
    }
  }

  /** The drafts {@link #save} would append, in order; writes nothing (dry run). */
  public List<ChunkDraft> plan(SaveRequest request) {
    requireNonNull(request, "request is null").requireContent();
    List<ChunkDraft> drafts = new ArrayList<>();
    for (String part : ChunkSplitter.split(request.content(), config.chunkMaxChars())) {
      drafts.add(draft(request, part));
    }
    return List.copyOf(drafts);
  }

  private static ChunkDraft draft(SaveRequest request, String body) {
    return new ChunkDraft(
        request.project(),
        request.topic(),
        request.session(),
        request.created(),
        request.actors(),
        request.source(),
        request.tags(),
        request.summary(),
        request.labels(),
        body);
  }

  /** How many chunks a streamed save appends at once, at most. */
  static final int STREAM_BATCH = 64;

  /** How many characters of chunk bodies a streamed save holds before it appends them. */
  static final int STREAM_BATCH_CHARS = 1 << 20;

  /**
   * Saves text read from {@code content} with the metadata of {@code request} (built with {@link
   * SaveRequest#empty()}): the chunks that saving {@code request.withContent(text)} would give, but
   * split as the text is read and appended a batch at a time (at most {@value #STREAM_BATCH} chunks
   * or about {@value #STREAM_BATCH_CHARS} characters), so that memory stays bounded whatever the
   * length of the text. The caller checks the text first (not blank, no NUL character): a failure
   * part-way leaves the chunks of the batches before it saved, and saving the same text again
   * completes the save without doubling them.
   *
   * @param progress told how many chunks are done, with a total of -1: it is known only at the end
   * @return every chunk saved or found already saved, in order
   * @throws IllegalArgumentException when {@code request} has content of its own
   */
  public List<SavedChunk> save(SaveRequest request, Reader content, SaveProgress progress) {
    requireNonNull(request, "request is null");
    requireNonNull(content, "content is null");
    requireNonNull(progress, "progress is null");
    if (!request.content().isEmpty()) {
      throw new IllegalArgumentException("request has content; build it with SaveRequest.empty()");
    }
    return observed(Operation.SAVE, () -> saveStreamed(request, content, progress));
  }

  private List<SavedChunk> saveStreamed(
      SaveRequest request, Reader content, SaveProgress progress) {
    List<SavedChunk> saved = new ArrayList<>();
    List<ChunkDraft> batch = new ArrayList<>();
    long batchChars = 0;
    Iterator<String> parts = ChunkSplitter.parts(content, config.chunkMaxChars());
    while (parts.hasNext()) {
      String part = parts.next();
      batch.add(draft(request, part));
      batchChars += part.length();
      if (batch.size() == STREAM_BATCH || batchChars >= STREAM_BATCH_CHARS || !parts.hasNext()) {
        int before = saved.size();
        saved.addAll(store.append(batch, done -> progress.update(before + done, -1)));
        batch.clear();
        batchChars = 0;
      }
    }
    afterSave(saved);
    return List.copyOf(saved);
  }

  /** The drafts {@link #save(SaveRequest, Reader, SaveProgress)} would append; writes nothing. */
  public Iterator<ChunkDraft> plan(SaveRequest request, Reader content) {
    requireNonNull(request, "request is null");
    Iterator<String> parts = ChunkSplitter.parts(content, config.chunkMaxChars());
    return new Iterator<>() {
      @Override
      public boolean hasNext() {
        return parts.hasNext();
      }

      @Override
      public ChunkDraft next() {
        return draft(request, parts.next());
      }
    };
  }

  /**
   * The chunks of these metadata with their bodies, in the order given; a chunk whose file is gone
   * or damaged is left out with a warning.
   */
  public List<Chunk> retrieveAll(List<ChunkMeta> metas) {
    requireNonNull(metas, "metas is null");
    return observed(Operation.RETRIEVE, () -> read(store.readAll(metas)));
  }

  /**
   * At most {@code limit} matching chunks with their bodies, newest first.
   *
   * @throws InvalidInputException when {@code limit} is less than 1
   */
  public List<Chunk> retrieve(ChunkFilter filter, int limit) {
    requirePositive("retrieve", "--limit", limit);
    requireNonNull(filter, "filter is null");
    return observed(Operation.RETRIEVE, () -> read(store.readAll(store.list(filter, limit))));
  }

  /** Tells the observer about chunks read with their bodies; returns them. */
  private List<Chunk> read(List<Chunk> chunks) {
    if (!chunks.isEmpty()) {
      long bytes = 0;
      for (Chunk chunk : chunks) {
        bytes += chunk.meta().size();
      }
      observer.chunksRead(chunks.size(), bytes);
    }
    return chunks;
  }

  /**
   * The newest matching chunks whose bodies fit together into a budget of {@code maxChars} code
   * points, newest first. Chunks are taken newest first while the next one still fits; the first
   * one that does not fit ends the list, so the result is always a run of the newest matches, and
   * empty when even the newest does not fit.
   *
   * @throws InvalidInputException when {@code maxChars} is less than 1
   */
  public List<Chunk> retrieveWithin(ChunkFilter filter, int maxChars) {
    requirePositive("retrieve", "--max-chars", maxChars);
    requireNonNull(filter, "filter is null");
    return observed(Operation.RETRIEVE, () -> read(takeWithin(filter, maxChars)));
  }

  private List<Chunk> takeWithin(ChunkFilter filter, int maxChars) {
    List<Chunk> taken = new ArrayList<>();
    long left = maxChars;
    ChunkId last = null;
    int want = 16;
    while (true) {
      List<ChunkMeta> metas = store.list(filter, want);
      List<ChunkMeta> fresh = new ArrayList<>();
      long lowerBound = 0;
      for (ChunkMeta meta : metas) {
        if (last != null && meta.id().compareTo(last) >= 0) {
          continue;
        }
        // a UTF-8 body of n bytes has at least ceil(n / 4) code points
        lowerBound += (meta.size() + 3) / 4;
        fresh.add(meta);
        if (lowerBound > left) {
          break;
        }
      }
      for (Chunk chunk : store.readAll(fresh)) {
        long length = chunk.body().codePointCount(0, chunk.body().length());
        if (length > left) {
          return List.copyOf(taken);
        }
        taken.add(chunk);
        left -= length;
        last = chunk.id();
      }
      if (metas.size() < want || want >= Integer.MAX_VALUE / 4) {
        return List.copyOf(taken);
      }
      want *= 4;
    }
  }

  /**
   * The metadata of at most {@code limit} matching chunks, newest first.
   *
   * @throws InvalidInputException when {@code limit} is less than 1
   */
  public List<ChunkMeta> list(ChunkFilter filter, int limit) {
    requirePositive("list", "--limit", limit);
    requireNonNull(filter, "filter is null");
    return observed(Operation.LIST, () -> store.list(filter, limit));
  }

  /** How many candidates {@link #resolve} names for an id prefix that several chunks share. */
  public static final int CANDIDATES = 5;

  /**
   * The id of the chunk {@code text} names: a whole id, or the start of the id of one live chunk,
   * in any case ({@link ChunkId#normalize}). A whole id is returned as it is, whether or not a
   * chunk has it.
   *
   * @throws InvalidInputException when the text is no id or start of one, or when it is the start
   *     of several chunks' ids (the message names up to {@value #CANDIDATES} of them)
   * @throws NotFoundException when no live chunk's id starts with it
   */
  public ChunkId resolve(String text) {
    requireNonNull(text, "text is null");
    String prefix = ChunkId.normalize(text);
    if (prefix.length() == ChunkId.LENGTH) {
      return ChunkId.parse(prefix);
    }
    List<ChunkMeta> found =
        observed(Operation.LIST, () -> store.withIdPrefix(prefix, CANDIDATES + 1));
    if (found.isEmpty()) {
      throw new NotFoundException(
          "Cannot find chunk '"
              + text.strip()
              + "': no chunk id starts with "
              + prefix
              + " in "
              + store.location());
    }
    if (found.size() > 1) {
      List<String> candidates = new ArrayList<>();
      for (ChunkMeta meta : found.subList(0, Math.min(CANDIDATES, found.size()))) {
        candidates.add(
            meta.id() + " (" + meta.created() + ", " + meta.project() + "/" + meta.topic() + ")");
      }
      throw new InvalidInputException(
          "Cannot choose chunk '"
              + text.strip()
              + "': "
              + (found.size() > CANDIDATES ? "more than " + CANDIDATES : found.size())
              + " chunk ids start with "
              + prefix
              + ": "
              + String.join(", ", candidates)
              + (found.size() > CANDIDATES ? ", ..." : "")
              + "; give more of the id");
    }
    return found.get(0).id();
  }

  /**
   * Every matching chunk's metadata, newest first, in pages of at most {@code pageSize}, each read
   * when the iterator is asked for it ({@link ChunkStore#listBefore}): memory holds a page at a
   * time, whatever the size of the store. What export and copy read; {@link #retrieveAll} gives a
   * page its bodies. A chunk saved or deleted meanwhile may or may not be seen.
   *
   * @throws InvalidInputException when {@code pageSize} is less than 1
   * @since 0.1.0
   */
  public Iterator<List<ChunkMeta>> listPages(ChunkFilter filter, int pageSize) {
    requirePositive("list", "page size", pageSize);
    requireNonNull(filter, "filter is null");
    return new MetadataPages(
        last ->
            observed(
                Operation.EXPORT,
                () ->
                    last == null
                        ? store.list(filter, pageSize)
                        : store.listBefore(filter, last, pageSize)),
        pageSize);
  }

  /**
   * Gives {@code action} the id of every matching chunk, each once, in no particular order ({@link
   * ChunkStore#forEachId}): cheaper than {@link #listPages} where only ids are needed. A chunk
   * saved or deleted meanwhile may or may not be seen; {@code action} must not use this {@code
   * ChatLog}.
   *
   * @since 0.1.0
   */
  public void forEachId(ChunkFilter filter, Consumer<ChunkId> action) {
    requireNonNull(filter, "filter is null");
    requireNonNull(action, "action is null");
    observed(
        Operation.LIST,
        () -> {
          store.forEachId(filter, action);
          return null;
        });
  }

  /**
   * Puts chunks as they are, with their ids, times, sessions, sequence numbers, metadata and bodies
   * ({@link ChunkStore#restore}): a restore from a backup, or a copy from another store. A chunk
   * whose id the store holds with the same content is left as it is; one it holds with other
   * content is reported and not written. Retention is not applied: restoring old chunks is asked
   * for.
   *
   * @return one result per chunk, in order
   * @throws InvalidInputException before anything is written, when a chunk's body does not match
   *     its checksum
   * @throws ReadOnlyException in read-only mode, before anything is written
   * @since 0.1.0
   */
  public List<RestoredChunk> restore(List<Chunk> chunks) {
    requireNonNull(chunks, "chunks is null");
    return observed(
        Operation.IMPORT,
        () -> {
          List<RestoredChunk> restored = store.restore(chunks);
          long count = 0;
          long bytes = 0;
          for (RestoredChunk chunk : restored) {
            if (chunk.outcome() == RestoredChunk.Outcome.RESTORED) {
              count++;
              bytes += chunk.meta().size();
            }
          }
          if (count > 0) {
            observer.chunksWritten(count, bytes);
          }
          return restored;
        });
  }

  /** One chunk with its body; empty when no live chunk has this id. */
  public Optional<Chunk> show(ChunkId id) {
    requireNonNull(id, "id is null");
    return observed(
        Operation.SHOW,
        () -> {
          Optional<Chunk> chunk = store.read(id);
          chunk.ifPresent(c -> read(List.of(c)));
          return chunk;
        });
  }

  /**
   * Deletes chunks, all or none: every id is checked first.
   *
   * @return the ids deleted
   * @throws NotFoundException naming the first id without a live chunk, before anything is deleted
   * @throws ReadOnlyException in read-only mode, before anything is looked up
   */
  public List<ChunkId> delete(List<ChunkId> ids) {
    return observed(Operation.DELETE, () -> deleteObserved(ids));
  }

  private List<ChunkId> deleteObserved(List<ChunkId> ids) {
    if (config.readOnly()) {
      throw new ReadOnlyException(
          "Cannot delete in " + store.location() + ": the store is read-only (CHM_READ_ONLY)");
    }
    List<ChunkMeta> doomed = planDelete(ids);
    if (doomed.isEmpty()) {
      return List.of();
    }
    List<ChunkId> deleted = store.delete(doomed.stream().map(ChunkMeta::id).toList());
    observer.chunksRemoved(Operation.DELETE, deleted.size());
    return deleted;
  }

  /**
   * What {@link #delete} would delete (dry run): the chunks of the given ids, duplicates dropped.
   *
   * @throws NotFoundException naming the first id without a live chunk
   */
  public List<ChunkMeta> planDelete(List<ChunkId> ids) {
    requireNonNull(ids, "ids is null");
    List<ChunkMeta> metas = new ArrayList<>();
    for (ChunkId id : new LinkedHashSet<>(ids)) {
      List<ChunkMeta> found = store.withIdPrefix(id.toString(), 1);
      if (found.isEmpty()) {
        throw new NotFoundException(
            "Cannot delete chunk " + id + ": no such chunk in " + store.location());
      }
      metas.add(found.get(0));
    }
    return List.copyOf(metas);
  }

  /**
   * Removes the chunks of {@code scope} that {@code policy} does not keep (see {@link Pruner} for
   * the rules; chunks tagged {@code pinned} are never removed); with {@code dryRun}, removes
   * nothing and says what it would remove.
   *
   * @return exactly the chunks removed, or that a dry run would remove
   * @throws ReadOnlyException in read-only mode unless {@code dryRun}, before anything is read
   */
  public PruneResult prune(RetentionPolicy policy, ChunkFilter scope, boolean dryRun) {
    return prune(policy, scope, dryRun, doomed -> {});
  }

  /**
   * Like {@link #prune(RetentionPolicy, ChunkFilter, boolean)}, first telling {@code
   * beforeRemoving} exactly which chunks it is about to remove (not in a dry run, nor when there
   * are none): what {@code prune --backup} archives. When it throws, nothing is removed.
   *
   * @since 0.1.0
   */
  public PruneResult prune(
      RetentionPolicy policy,
      ChunkFilter scope,
      boolean dryRun,
      Consumer<List<ChunkMeta>> beforeRemoving) {
    requireNonNull(policy, "policy is null");
    requireNonNull(scope, "scope is null");
    requireNonNull(beforeRemoving, "beforeRemoving is null");
    if (config.readOnly() && !dryRun) {
      throw new ReadOnlyException(
          "Cannot prune in " + store.location() + ": the store is read-only (CHM_READ_ONLY)");
    }
    PruneResult result =
        observed(Operation.PRUNE, () -> pruner.prune(policy, scope, dryRun, beforeRemoving));
    if (!dryRun && !result.removed().isEmpty()) {
      observer.chunksRemoved(Operation.PRUNE, result.removed().size());
    }
    return result;
  }

  /** The retention policy the configuration applies after each save; empty when none is set. */
  public Optional<RetentionPolicy> retention() {
    return retention;
  }

  /** Full-text search with ranking, filters and snippets. */
  public List<SearchHit> search(SearchQuery query) {
    requireNonNull(query, "query is null");
    return observed(Operation.SEARCH, () -> store.search(query));
  }

  /** Folds pending index entries into durable index structures. */
  public void compact() {
    observed(
        Operation.COMPACT,
        () -> {
          store.compact();
          return null;
        });
  }

  /** Counts and sizes of the store. */
  public StoreStats stats() {
    return observed(Operation.STATS, store::stats);
  }

  /** Checks every chunk against the index; repairs what it safely can when asked to. */
  public VerifyReport verify(boolean repair) {
    return verify(repair, false);
  }

  /**
   * Like {@link #verify(boolean)}; with {@code repair} and {@code acceptEdits}, chunks edited since
   * they were saved are accepted as they are now ({@link ChunkStore#verify(boolean, boolean)}).
   *
   * @throws ReadOnlyException for a repair in read-only mode
   */
  public VerifyReport verify(boolean repair, boolean acceptEdits) {
    return observed(Operation.VERIFY, () -> store.verify(repair, acceptEdits));
  }

  /**
   * Rebuilds the index from the chunks alone.
   *
   * @return how many chunks were indexed
   */
  public long reindex() {
    return observed(Operation.REINDEX, store::reindex);
  }

  /** Where the store is, without credentials. */
  public String location() {
    return store.location();
  }

  /** The configuration this facade runs with. */
  public ChatLogConfig config() {
    return config;
  }

  /** Closes the store. */
  @Override
  public void close() {
    store.close();
  }

  /** Runs a call and tells the observer how long it took and whether it failed. */
  private <T> T observed(Operation operation, Supplier<T> call) {
    long start = System.nanoTime();
    try {
      T result = call.get();
      observer.operation(operation, System.nanoTime() - start, null);
      return result;
    } catch (RuntimeException | Error e) {
      observer.operation(operation, System.nanoTime() - start, e);
      throw e;
    }
  }

  private static void requirePositive(String verb, String option, int value) {
    if (value < 1) {
      throw new InvalidInputException("Cannot " + verb + ": " + option + " must be at least 1");
    }
  }

  /**
   * The logger, made when something is first logged: making it starts SLF4J, a cost every command
   * would pay although a normal run logs nothing.
   */
  private static final class Log {
    static final Logger LOG = LoggerFactory.getLogger(ChatLog.class);
  }
}
