package dev.chatlog.capture.watch;

import static java.nio.file.StandardWatchEventKinds.ENTRY_CREATE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_DELETE;
import static java.nio.file.StandardWatchEventKinds.ENTRY_MODIFY;
import static java.nio.file.StandardWatchEventKinds.OVERFLOW;
import static java.util.Objects.requireNonNull;

import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportProblem;
import dev.chatlog.capture.LogBatch;
import dev.chatlog.capture.LogImporter;
import dev.chatlog.capture.LogPosition;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.capture.source.ImportSource;
import dev.chatlog.capture.source.SourceEntry;
import dev.chatlog.capture.source.Sources;
import dev.chatlog.capture.store.ConversationWriter;
import dev.chatlog.error.ChatLogException;
import dev.chatlog.error.ReadOnlyException;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.Actor;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.ClosedWatchServiceException;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.WatchEvent;
import java.nio.file.WatchKey;
import java.nio.file.WatchService;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * Follows a folder of append-only agent logs (Claude Code, Codex) and imports what is written to
 * them, through the format's own {@link LogImporter#readLog} and the one mapping to chunks ({@link
 * ConversationWriter#append}).
 *
 * <ul>
 *   <li>It is told of changes by the file system ({@link WatchService}) and also scans the folder
 *       every {@link Timing#pollInterval()}, for file systems that tell nothing (network shares)
 *       and for events the file system dropped.
 *   <li>It reads each log from where it stopped ({@link WatchState}) and moves its place on only
 *       once what it read is in the store: killed at any moment, it reads the last part again and
 *       the writer skips what the store holds, so nothing is lost or doubled.
 *   <li>A half-written line is left until it is complete. An answer whose parts may still come is
 *       held back until a later line closes it, or until its log has been idle for {@link
 *       Timing#idle()}; parts written after that become a message of their own.
 *   <li>A log that shrinks below its place (truncated), whose first bytes change (rewritten) or
 *       that is another file under the same name (replaced) is read again from its start; the
 *       writer skips what the store holds. A log renamed within the folder keeps its place; one
 *       moved out of the logs' names (rotated) is read to its end first; a deleted one is
 *       forgotten.
 *   <li>A line that is not JSON is reported once, with its file and line, and skipped. A read or
 *       write that fails is reported and tried again later; a read-only store stops the watcher.
 * </ul>
 */
public final class LogWatcher {
  /**
   * How often the folder is scanned, and how long a log must be unchanged before an answer held
   * back is imported.
   */
  public record Timing(Duration pollInterval, Duration idle) {
    /** A scan every 2 s; held answers imported after 1 s without change. */
    public static final Timing DEFAULT = new Timing(Duration.ofSeconds(2), Duration.ofSeconds(1));

    public Timing {
      requireNonNull(pollInterval, "pollInterval is null");
      requireNonNull(idle, "idle is null");
      if (pollInterval.isNegative() || pollInterval.isZero() || idle.isNegative()) {
        throw new IllegalArgumentException("pollInterval must be positive, idle not negative");
      }
    }
  }

  /** Bytes of a log's start whose hash tells whether it was rewritten. */
  static final int FINGERPRINT_BYTES = 1024;

  /** The least time before a log whose read or write failed is tried again. */
  static final Duration RETRY = Duration.ofSeconds(5);

  private static final String HALF_LINE = "half-written";

  private final LogImporter importer;
  private final Path folder;
  private final ConversationWriter writer;
  private final WatchState state;
  private final ImportOptions options;
  private final WatchListener listener;
  private final Timing timing;
  private final Clock clock;
  private final Map<Path, Seen> seen = new HashMap<>();
  private Set<Path> logs = Set.of();

  /** What the watcher saw of a log at its last look, in memory only. */
  private static final class Seen {
    long size = -1;
    FileTime modified;
    boolean holding;
    boolean flushed;
    long retryAt;
    final Set<Long> reported = new HashSet<>();
  }

  /**
   * A watcher of one folder.
   *
   * @param importer the format of the logs
   * @param folder the folder to follow, with its subfolders
   * @param writer where conversations go, redaction included
   * @param state where the watcher keeps its place in each log
   * @param options how logs are read; its listener is replaced by the watcher's own
   * @param listener what hears of the watcher's work
   */
  public LogWatcher(
      LogImporter importer,
      Path folder,
      ConversationWriter writer,
      WatchState state,
      ImportOptions options,
      WatchListener listener,
      Timing timing,
      Clock clock) {
    this.importer = requireNonNull(importer, "importer is null");
    this.folder = requireNonNull(folder, "folder is null").toAbsolutePath().normalize();
    this.writer = requireNonNull(writer, "writer is null");
    this.state = requireNonNull(state, "state is null");
    this.options = requireNonNull(options, "options is null");
    this.listener = requireNonNull(listener, "listener is null");
    this.timing = requireNonNull(timing, "timing is null");
    this.clock = requireNonNull(clock, "clock is null");
  }

  /**
   * Follows the folder until {@code stop} is asked: reads what every log holds beyond its place,
   * then what is written to them, and saves the state before it returns.
   *
   * @throws ReadOnlyException when the store refuses writes
   * @throws StorageException when the file system cannot be watched at all
   */
  public void run(StopSignal stop) {
    WatchService service;
    try {
      service = folder.getFileSystem().newWatchService();
    } catch (IOException e) {
      throw new StorageException("Cannot watch '" + folder + "': " + e.getMessage(), false, e);
    }
    stop.onStop(() -> close(service));
    try {
      register(service, folder);
      scan();
      long nextScan = clock.millis() + timing.pollInterval().toMillis();
      while (!stop.stopRequested()) {
        long wait = Math.max(0, Math.min(nextScan, nextIdle()) - clock.millis());
        WatchKey key;
        try {
          key = service.poll(Math.max(1, wait), TimeUnit.MILLISECONDS);
        } catch (ClosedWatchServiceException e) {
          break;
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          break;
        }
        Set<Path> changed = new LinkedHashSet<>();
        boolean rescan = false;
        try {
          while (key != null) {
            rescan |= events(service, key, changed);
            key = service.poll();
          }
        } catch (ClosedWatchServiceException e) {
          break;
        }
        if (rescan || clock.millis() >= nextScan) {
          scan();
          nextScan = clock.millis() + timing.pollInterval().toMillis();
        } else {
          changed.forEach(this::check);
          idle();
        }
      }
    } finally {
      close(service);
    }
  }

  /** Takes a key's events: changed logs to check; true when the folder must be scanned. */
  private boolean events(WatchService service, WatchKey key, Set<Path> changed) {
    boolean rescan = false;
    Path dir = (Path) key.watchable();
    for (WatchEvent<?> event : key.pollEvents()) {
      if (event.kind() == OVERFLOW) {
        rescan = true;
        continue;
      }
      Path child = dir.resolve((Path) event.context()).toAbsolutePath().normalize();
      if (event.kind() == ENTRY_MODIFY) {
        if (logs.contains(child)) {
          changed.add(child);
        }
      } else {
        if (event.kind() == ENTRY_CREATE && Files.isDirectory(child, LinkOption.NOFOLLOW_LINKS)) {
          register(service, child);
        }
        rescan = true; // a new log, or one gone or moved
      }
    }
    if (!key.reset() && dir.equals(folder)) {
      rescan = true;
    }
    return rescan;
  }

  /** Registers a folder and its subfolders; a folder that cannot be registered is only scanned. */
  private void register(WatchService service, Path dir) {
    try (Stream<Path> dirs = Files.walk(dir)) {
      for (Path each : (Iterable<Path>) dirs.filter(Files::isDirectory)::iterator) {
        each.register(service, ENTRY_CREATE, ENTRY_MODIFY, ENTRY_DELETE);
      }
    } catch (IOException | UncheckedIOException | ClosedWatchServiceException e) {
      // scanned every poll interval instead
    }
  }

  private static void close(WatchService service) {
    try {
      service.close();
    } catch (IOException e) {
      // nothing left to watch
    }
  }

  /**
   * Looks at every log of the folder once: logs gone or renamed since the last look, then each log
   * that changed, then answers held back in logs now idle.
   */
  public void scan() {
    Set<Path> found = new LinkedHashSet<>();
    try (ImportSource source = Sources.open(folder, options.zipLimits())) {
      for (SourceEntry entry : importer.select(source)) {
        entry.file().ifPresent(file -> found.add(file.toAbsolutePath().normalize()));
      }
    } catch (ChatLogException | UncheckedIOException e) {
      listener.failed(folder, e);
      return;
    }
    logs = Set.copyOf(found);
    boolean moved = followMoves(found);
    listener.scanned(found.size());
    for (Path log : found) {
      check(log);
    }
    seen.keySet().retainAll(found);
    if (moved) {
      state.save();
    }
  }

  /**
   * Deals with logs that have a state but are no longer where it says: renamed to another log's
   * name, the state follows; moved out of the logs' names in the same folder (rotated), read to
   * their end; else forgotten.
   */
  private boolean followMoves(Set<Path> found) {
    boolean moved = false;
    Map<String, Path> newByKey = new HashMap<>();
    for (Path log : found) {
      if (state.get(log).isEmpty()) {
        fileKey(log).ifPresent(key -> newByKey.put(key, log));
      }
    }
    for (Path known : state.logs()) {
      if (found.contains(known)) {
        continue;
      }
      FileState old = state.get(known).orElseThrow();
      state.remove(known);
      moved = true;
      Path renamed = old.fileKey().isEmpty() ? null : newByKey.get(old.fileKey());
      if (renamed != null) {
        state.put(renamed, old);
      } else {
        withKey(known.getParent(), old.fileKey()).ifPresent(rotated -> finish(rotated, old));
      }
    }
    return moved;
  }

  /** Reads a log moved out of the logs' names from its place to its end. */
  private void finish(Path rotated, FileState old) {
    try {
      importBatch(rotated, old, true);
    } catch (ChatLogException | UncheckedIOException e) {
      rethrowIfFatal(e);
      listener.failed(rotated, e);
    }
  }

  /** Checks one log: reads what it holds beyond its place when it changed or went idle. */
  void check(Path log) {
    BasicFileAttributes attributes;
    try {
      attributes = Files.readAttributes(log, BasicFileAttributes.class);
    } catch (NoSuchFileException e) {
      return; // the next scan forgets it
    } catch (IOException e) {
      listener.failed(
          log, new StorageException("Cannot read '" + log + "': " + e.getMessage(), true, e));
      return;
    }
    if (!attributes.isRegularFile()) {
      return;
    }
    Seen look = seen.computeIfAbsent(log, l -> new Seen());
    long now = clock.millis();
    boolean changed =
        attributes.size() != look.size || !attributes.lastModifiedTime().equals(look.modified);
    boolean idle = now - attributes.lastModifiedTime().toMillis() >= timing.idle().toMillis();
    if ((!changed && !(look.holding && idle && !look.flushed)) || now < look.retryAt) {
      return;
    }
    String key = attributes.fileKey() == null ? "" : attributes.fileKey().toString();
    FileState current =
        state
            .get(log)
            .map(known -> restarted(log, known, key, attributes.size()))
            .orElseGet(() -> FileState.start(key));
    look.size = attributes.size();
    look.modified = attributes.lastModifiedTime();
    try {
      FileState next = importBatch(log, current, idle);
      if (!next.equals(state.get(log).orElse(null))) {
        state.put(log, next);
        state.save();
      }
      look.holding = next.position().offset() < attributes.size();
      look.flushed = idle;
      look.retryAt = 0;
    } catch (ChatLogException | UncheckedIOException e) {
      rethrowIfFatal(e);
      look.size = -1; // look again
      look.retryAt = now + Math.max(RETRY.toMillis(), timing.pollInterval().toMillis());
      listener.failed(log, e);
    }
  }

  /**
   * The known state of a log, or a new one when the log must be read from its start again: it was
   * truncated, rewritten or replaced (the file it replaced is read to its end first, when it is
   * still in the folder).
   */
  private FileState restarted(Path log, FileState known, String key, long size) {
    String why = restartReason(log, known, key, size);
    if (why == null) {
      return known;
    }
    if (why.equals("replaced")) {
      withKey(log.getParent(), known.fileKey()).ifPresent(old -> finish(old, known));
    }
    listener.restarted(log, why);
    seen.computeIfAbsent(log, l -> new Seen()).reported.clear();
    return FileState.start(key);
  }

  /** Why a log must be read from its start again, or {@code null} when it need not. */
  private static String restartReason(Path log, FileState current, String key, long size) {
    if (!current.fileKey().equals(key)) {
      return "replaced";
    }
    if (size < current.position().offset()) {
      return "truncated";
    }
    if (current.fingerprintBytes() > 0
        && !current.fingerprint().equals(fingerprint(log, current.fingerprintBytes()))) {
      return "rewritten";
    }
    return null;
  }

  /** Imports the batch read from a log's place; returns the log's new state. */
  private FileState importBatch(Path log, FileState current, boolean endOfInput) {
    Seen look = seen.computeIfAbsent(log, l -> new Seen());
    LogBatch batch =
        importer.readLog(
            log,
            current.position(),
            endOfInput,
            options.withListener(problem -> skipped(look, problem)));
    Map<String, String> flushed = new LinkedHashMap<>(current.flushed());
    for (ImportedConversation part : batch.conversations()) {
      ConversationWriter.Outcome outcome =
          writer.append(continued(part, flushed.remove(part.nativeId()), current.position()));
      if (outcome.newMessages() > 0) {
        listener.updated(log, outcome);
      }
      ImportedMessage last = part.messages().get(part.messages().size() - 1);
      if (endOfInput && last.actor() == Actor.ASSISTANT) {
        flushed.put(part.nativeId(), last.nativeId());
      }
    }
    FileState next = current.at(batch.resumeAt(), flushed);
    return next.fingerprintBytes() < FINGERPRINT_BYTES ? fingerprinted(log, next) : next;
  }

  /**
   * A part whose first message goes on with an answer imported while its log was idle: that message
   * gets an id of its own (the answer's id and where this read started), so that it is imported
   * rather than taken for the answer already stored.
   */
  private static ImportedConversation continued(
      ImportedConversation part, String flushedId, LogPosition from) {
    ImportedMessage first = part.messages().get(0);
    if (flushedId == null || !first.nativeId().equals(flushedId)) {
      return part;
    }
    List<ImportedMessage> messages = new ArrayList<>(part.messages());
    messages.set(
        0,
        new ImportedMessage(
            first.nativeId() + "+" + from.offset(),
            first.actor(),
            first.time(),
            first.text(),
            first.labels()));
    return new ImportedConversation(
        part.format(),
        part.nativeId(),
        part.title(),
        part.projectHint(),
        part.summary(),
        part.origin(),
        part.tags(),
        part.labels(),
        part.models(),
        messages);
  }

  /** Reports a bad line once per file and line; a half-written last line is waited for. */
  private void skipped(Seen look, ImportProblem problem) {
    if (!problem.reason().startsWith(HALF_LINE) && look.reported.add(problem.byteOffset())) {
      listener.skipped(problem);
    }
  }

  /** Imports answers held back in logs that have now been idle long enough. */
  private void idle() {
    long now = clock.millis();
    for (Map.Entry<Path, Seen> entry : List.copyOf(seen.entrySet())) {
      Seen look = entry.getValue();
      if (look.holding
          && !look.flushed
          && look.modified != null
          && now - look.modified.toMillis() >= timing.idle().toMillis()) {
        check(entry.getKey());
      }
    }
  }

  /** When the next held answer becomes due, or far ahead when none is held. */
  private long nextIdle() {
    long next = Long.MAX_VALUE;
    for (Seen look : seen.values()) {
      if (look.holding && !look.flushed && look.modified != null) {
        next = Math.min(next, look.modified.toMillis() + timing.idle().toMillis());
      }
    }
    return next;
  }

  /**
   * The state with the fingerprint of up to {@link #FINGERPRINT_BYTES} bytes of the log's start.
   */
  private static FileState fingerprinted(Path log, FileState next) {
    try {
      long size = Files.size(log);
      int bytes = (int) Math.min(size, FINGERPRINT_BYTES);
      if (bytes <= next.fingerprintBytes()) {
        return next;
      }
      return next.withFingerprint(fingerprint(log, bytes), bytes);
    } catch (IOException e) {
      return next;
    }
  }

  /** The hash of a file's first bytes, or {@code ""} when it has fewer or cannot be read. */
  static String fingerprint(Path file, int bytes) {
    try (InputStream in = Files.newInputStream(file)) {
      byte[] start = in.readNBytes(bytes);
      if (start.length < bytes) {
        return "";
      }
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(start), 0, 16);
    } catch (IOException e) {
      return "";
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static Optional<String> fileKey(Path file) {
    try {
      Object key = Files.readAttributes(file, BasicFileAttributes.class).fileKey();
      return key == null ? Optional.empty() : Optional.of(key.toString());
    } catch (IOException e) {
      return Optional.empty();
    }
  }

  /** The file of a folder with this file key, when the key is known and such a file is there. */
  private static Optional<Path> withKey(Path dir, String key) {
    if (key.isEmpty() || dir == null) {
      return Optional.empty();
    }
    try (DirectoryStream<Path> files = Files.newDirectoryStream(dir)) {
      for (Path file : files) {
        if (Files.isRegularFile(file) && fileKey(file).filter(key::equals).isPresent()) {
          return Optional.of(file);
        }
      }
    } catch (IOException e) {
      // nothing to finish
    }
    return Optional.empty();
  }

  private static void rethrowIfFatal(RuntimeException e) {
    if (e instanceof ReadOnlyException) {
      throw e;
    }
  }
}
