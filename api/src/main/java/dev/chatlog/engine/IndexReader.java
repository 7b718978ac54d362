package dev.chatlog.engine;

import static dev.chatlog.engine.BlobLayout.INBOX;
import static dev.chatlog.engine.BlobLayout.MANIFEST;
import static dev.chatlog.engine.BlobLayout.segmentKey;

import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobInfo;
import dev.chatlog.spi.BlobStore;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import java.util.function.Predicate;

/**
 * Reads the index of a blob store: the inbox, the manifest and the segments it lists, with what one
 * engine keeps of them (segments by name, bounded by bytes; inbox entries by key and version; the
 * last manifest, reused while its version is unchanged). Objects that cannot be read are reported
 * (a warning naming the key and where reading failed) and reading goes on without them.
 * Thread-safe.
 */
final class IndexReader {

  /** How often a read starts again when a segment vanished under it (a compaction swapped it). */
  static final int READ_ATTEMPTS = 3;

  private final BlobStore blobs;
  private final Workers workers;
  private final Consumer<String> warnings;
  private final SegmentCache segments;
  private final Map<String, IndexRecord> inboxCache = new ConcurrentHashMap<>();
  private final LongAdder decoded = new LongAdder();
  private volatile ManifestState lastManifest;

  /** Warns of an object a read skips. */
  final BadKeyListener skipUnreadable = this::warnUnreadable;

  IndexReader(BlobStore blobs, Workers workers, Consumer<String> warnings, long cacheBytes) {
    this.blobs = blobs;
    this.workers = workers;
    this.warnings = warnings;
    this.segments = new SegmentCache(cacheBytes);
  }

  /** Told about every object a read had to skip. */
  @FunctionalInterface
  interface BadKeyListener {
    void unreadable(String key, String detail);
  }

  /** What one read of the index saw. */
  record IndexSnapshot(
      IndexView view, List<String> inboxKeys, ManifestState manifest, Set<String> badKeys) {}

  /** The manifest as read: its content, and its version when it exists. */
  record ManifestState(Manifest manifest, Optional<String> version, boolean readable) {}

  /**
   * The newest records of some sessions: per session ({@link Sessions#name}) a view of its inbox
   * records and of its newest segment records, and how many inbox entries there were.
   */
  record SessionTails(Map<String, IndexView> views, int inboxSize) {}

  // ---------------------------------------------------------------- whole reads

  /**
   * Reads the inbox, then the manifest, then every wanted segment. The inbox is read before the
   * manifest, so an entry folded by a compactor in between is found in the manifest that compactor
   * swapped in. A missing segment means the manifest changed under the read; the read starts again,
   * and the last attempt reports it and goes on.
   */
  IndexSnapshot readIndex(Predicate<Manifest.Segment> wanted, BadKeyListener bad) {
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
        Optional<SegmentRecords> records = segment(segment.name());
        if (records.isPresent()) {
          view.addAll(all(records.get(), collecting));
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

  IndexSnapshot readIndex(Predicate<Manifest.Segment> wanted) {
    return readIndex(wanted, skipUnreadable);
  }

  /**
   * At most {@code limit} live entries passing {@code filter}, newest first: the inbox and the
   * newest segments that may hold matches, merged ({@link NewestFirstRead}).
   */
  List<ChunkMeta> newest(ChunkFilter filter, int limit) {
    return newest(filter, null, limit);
  }

  /**
   * At most {@code limit} live entries passing {@code filter} whose ids are below {@code before}
   * ({@code null}: any), newest first; segments wholly above the bound are not read.
   */
  List<ChunkMeta> newest(ChunkFilter filter, ChunkId before, int limit) {
    String sessionKey =
        filter.project() != null && filter.topic() != null && filter.session() != null
            ? Sessions.key(filter.project(), filter.topic(), filter.session())
            : null;
    NewestFirstRead merge =
        new NewestFirstRead(segment -> segment(segment.name()), skipUnreadable, before);
    for (int attempt = 1; ; attempt++) {
      List<IndexRecord> inboxRecords = new ArrayList<>();
      readInbox(inboxRecords::add, skipUnreadable);
      List<Manifest.Segment> wanted =
          readManifest(skipUnreadable).manifest().segments().stream()
              .filter(segment -> sessionKey == null || segment.sessions().contains(sessionKey))
              .filter(merge::mayHold)
              .toList();
      Optional<List<ChunkMeta>> found =
          merge.read(inboxRecords, wanted, filter, limit, attempt == READ_ATTEMPTS);
      if (found.isPresent()) {
        return List.copyOf(found.get());
      }
    }
  }

  /**
   * What a save needs of the newest records of each session named: all its inbox records, and, in
   * the segments that hold it, newest segment first, its newest {@code window} records, of which
   * the first {@code numbered} are decoded and of the others only those that may hold one of the
   * bodies it saves ({@code sha256s}, by session) or are tombstones ({@link
   * SegmentRecords#forSave}). The cost depends on the window and the bodies, not on the length of
   * the session or the size of the history.
   */
  SessionTails sessionTails(
      Set<String> names, int window, int numbered, Map<String, Set<String>> sha256s) {
    Map<String, String> keys = new HashMap<>();
    names.forEach(name -> keys.put(name, Sessions.keyOf(name)));
    for (int attempt = 1; ; attempt++) {
      boolean last = attempt == READ_ATTEMPTS;
      Map<String, IndexView> views = new HashMap<>();
      Map<String, Integer> passed = new HashMap<>();
      Map<String, Integer> decoded = new HashMap<>();
      names.forEach(
          name -> {
            views.put(name, new IndexView());
            passed.put(name, 0);
            decoded.put(name, 0);
          });
      List<String> inboxKeys =
          readInbox(
              record -> {
                IndexView view = views.get(record.sessionName());
                if (view != null) {
                  view.add(record);
                  decoded.merge(record.sessionName(), 1, Integer::sum);
                }
              },
              skipUnreadable);
      boolean stale = false;
      for (Manifest.Segment segment : readManifest(skipUnreadable).manifest().segments()) {
        Set<String> wanted = new HashSet<>();
        for (String name : names) {
          if (passed.get(name) < window && segment.sessions().contains(keys.get(name))) {
            wanted.add(name);
          }
        }
        if (wanted.isEmpty()) {
          continue;
        }
        Optional<SegmentRecords> records = segment(segment.name());
        if (records.isEmpty() && !last) {
          stale = true;
          break;
        }
        if (records.isEmpty()) {
          warnUnreadable(segmentKey(segment.name()), "the manifest lists it but it does not exist");
          continue;
        }
        for (String name : wanted) {
          SegmentRecords.SavePart part =
              forSave(
                  records.get(),
                  name,
                  window - passed.get(name),
                  Math.max(0, numbered - decoded.get(name)),
                  sha256s.getOrDefault(name, Set.of()));
          views.get(name).addAll(part.records());
          passed.merge(name, part.passed(), Integer::sum);
          decoded.merge(name, part.records().size(), Integer::sum);
        }
      }
      if (!stale) {
        return new SessionTails(views, inboxKeys.size());
      }
    }
  }

  private SegmentRecords.SavePart forSave(
      SegmentRecords segment, String name, int limit, int numbered, Set<String> sha256s) {
    try {
      return segment.forSave(name, limit, numbered, sha256s);
    } catch (CorruptDataException e) {
      warnUnreadable(segment.key(), e.getMessage());
      return new SegmentRecords.SavePart(List.of(), 0);
    }
  }

  // ---------------------------------------------------------------- inbox

  /** Reads every inbox entry, telling {@code records} of each; returns their keys. */
  List<String> readInbox(Consumer<IndexRecord> records, BadKeyListener bad) {
    List<BlobInfo> listed = blobs.listAll(INBOX, null);
    Set<String> cacheKeys = new HashSet<>();
    listed.forEach(info -> cacheKeys.add(info.key() + "@" + info.version()));
    inboxCache.keySet().retainAll(cacheKeys);
    List<Optional<IndexRecord>> read = workers.reads(listed, info -> inboxRecord(info, bad));
    List<String> keys = new ArrayList<>();
    for (int i = 0; i < listed.size(); i++) {
      if (read.get(i).isPresent()) {
        records.accept(read.get(i).get());
        keys.add(listed.get(i).key());
      }
    }
    return keys;
  }

  /** An inbox entry, from the cache or the store; empty when it is gone or unreadable. */
  Optional<IndexRecord> inboxRecord(BlobInfo info, BadKeyListener bad) {
    IndexRecord cached = inboxCache.get(info.key() + "@" + info.version());
    if (cached != null) {
      return Optional.of(cached);
    }
    Optional<Blob> blob = blobs.get(info.key());
    if (blob.isEmpty()) {
      return Optional.empty(); // folded into a segment since the listing
    }
    try {
      decoded.increment();
      IndexRecord record = IndexCodec.decodeRecord(info.key(), blob.get().data());
      inboxCache.put(info.key() + "@" + blob.get().version(), record);
      return Optional.of(record);
    } catch (CorruptDataException e) {
      bad.unreadable(info.key(), e.getMessage());
      return Optional.empty();
    }
  }

  /** Keeps an entry this engine wrote, so that its next read need not fetch it back. */
  void rememberInbox(String key, String version, IndexRecord record) {
    inboxCache.put(key + "@" + version, record);
  }

  // ---------------------------------------------------------------- manifest

  /**
   * The manifest. Once this engine has read or written one, it first asks for one byte of the
   * manifest only to learn its version ({@link BlobStore#getRange}), and reuses the manifest it
   * holds when the version is the same. Entries skipped for an invalid segment name are reported on
   * every read.
   */
  ManifestState readManifest(BadKeyListener bad) {
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

  /** Keeps a manifest this engine wrote, with its new version. */
  void rememberManifest(Manifest manifest, String version) {
    lastManifest = new ManifestState(manifest, Optional.of(version), true);
  }

  // ---------------------------------------------------------------- segments

  /**
   * A segment from the cache, or read from the store and cached (segments are immutable), its
   * records decoded as they are asked for; empty when the segment does not exist.
   */
  Optional<SegmentRecords> segment(String name) {
    return segments.get(
        name,
        missing ->
            blobs
                .get(segmentKey(missing))
                .map(blob -> SegmentRecords.parse(segmentKey(missing), blob.data(), decoded)));
  }

  /** A segment's records; empty when it does not exist, none (reported) when one is unreadable. */
  Optional<List<IndexRecord>> loadSegment(String name, BadKeyListener bad) {
    return segment(name).map(segment -> all(segment, bad));
  }

  private static List<IndexRecord> all(SegmentRecords segment, BadKeyListener bad) {
    try {
      return segment.all();
    } catch (CorruptDataException e) {
      bad.unreadable(segment.key(), e.getMessage());
      return List.of();
    }
  }

  /** Keeps a segment this engine wrote. */
  void rememberSegment(String name, List<IndexRecord> records) {
    segments.put(name, SegmentRecords.of(segmentKey(name), records));
  }

  /** Forgets a segment that was deleted. */
  void forgetSegment(String name) {
    segments.remove(name);
  }

  /** How many index records this engine has decoded: what a save's cost is measured by. */
  long recordsDecoded() {
    return decoded.sum();
  }

  // ---------------------------------------------------------------- warnings

  void warnUnreadable(String key, String detail) {
    warn("Skipping unreadable " + key + ": " + detail);
  }

  void warn(String message) {
    EngineLog.LOG.warn(message);
    warnings.accept(message);
  }
}
