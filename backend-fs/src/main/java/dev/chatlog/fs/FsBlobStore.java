package dev.chatlog.fs;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.error.StorageException;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobInfo;
import dev.chatlog.spi.BlobPage;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.spi.SupportsLinks;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;
import java.util.regex.Pattern;

/**
 * A {@link BlobStore} on a folder of a local or network file system: each key is a file under the
 * root, its version the identity of the file as written (file key, size and modification time),
 * which costs a {@code stat}, not a read.
 *
 * <p>Files are never changed in place: every put writes a new temporary file and links or renames
 * it to the key, so a replaced object is a new file with a new identity. Its modification time is
 * set before it is linked to a stamp later than the replaced file's (under the key's lock) and than
 * any stamp this JVM gave before, so a version is never seen twice for one key even when the file
 * system reuses inode numbers.
 *
 * <p>Create-only puts write a temporary file, sync it, and hard-link it to the key, which fails
 * atomically when the key exists. Replace-if-version puts hold an exclusive file lock (safe between
 * processes), compare versions, and atomically move a synced temporary file over the key. Temporary
 * and lock files live in the hidden folder {@value #HIDDEN}, whose name is not a valid key, so
 * listings never show them. Folders are created 0700 and files 0600 on POSIX file systems.
 *
 * <p>Nothing outside the root is ever created, replaced or deleted, whatever symbolic links the
 * store holds: every write and delete first checks, level by level, that the folder it works in is
 * inside the root's real path, and fails with a {@link StorageException} naming the link that
 * leaves it. Reads and listings follow links wherever they lead, so a folder moved elsewhere and
 * linked back stays readable; {@link #linksLeavingStore()} names such links for verify and doctor.
 * Leftover temporary files of crashed writes are swept by the first write of an instance, never by
 * a read, and never through a link.
 *
 * @since 0.1.0
 */
public final class FsBlobStore implements BlobStore, SupportsLinks {
  /** Hidden folder under the root for temporary and lock files; '~' keeps it out of every key. */
  static final String HIDDEN = ".chatlog~";

  private static final Pattern SEGMENT = Pattern.compile("[A-Za-z0-9._-]+");
  private static final Pattern TEMP_NAME = Pattern.compile("[0-9a-f]{1,16}\\.tmp");
  private static final Duration STALE_TEMP_AGE = Duration.ofDays(1);
  private static final ReentrantLock[] JVM_LOCKS = newLocks(64);
  private static final int READ_ATTEMPTS = 16;
  private static final AtomicLong LAST_STAMP = new AtomicLong();

  private final Path root;
  private final Path tmpDir;
  private final Path lockDir;
  private final boolean posix;
  private final Linker linker;
  private final Writer writer;
  private volatile boolean hardLinksFailed;
  private final AtomicBoolean swept = new AtomicBoolean();

  /** A store on {@code root}; the folder is created (owner-only) on the first write. */
  public FsBlobStore(Path root) {
    this(root, Files::createLink);
  }

  /** A store on {@code root} that makes hard links with {@code linker}. */
  FsBlobStore(Path root, Linker linker) {
    this(root, linker, FsBlobStore::writeFully);
  }

  /** A store on {@code root} that writes the bytes of new files with {@code writer}. */
  FsBlobStore(Path root, Linker linker, Writer writer) {
    this.writer = requireNonNull(writer, "writer is null");
    this.root = requireNonNull(root, "root is null").toAbsolutePath().normalize();
    this.tmpDir = this.root.resolve(HIDDEN).resolve("tmp");
    this.lockDir = this.root.resolve(HIDDEN).resolve("locks");
    this.posix = this.root.getFileSystem().supportedFileAttributeViews().contains("posix");
    this.linker = requireNonNull(linker, "linker is null");
  }

  /** The root folder. */
  public Path root() {
    return root;
  }

  @Override
  public String location() {
    return root.toUri().toString();
  }

  /** True: a file system answers from this machine's page cache or disk. */
  @Override
  public boolean isLocal() {
    return true;
  }

  @Override
  public Optional<Blob> get(String key) {
    return read(resolve(key), 0, Integer.MAX_VALUE);
  }

  @Override
  public Optional<Blob> getRange(String key, long offset, int length) {
    Path file = resolve(key);
    if (offset < 0 || length < 0) {
      throw new IllegalArgumentException(
          "Cannot read " + key + ": offset and length must not be negative");
    }
    return read(file, offset, length);
  }

  @Override
  public String put(String key, byte[] data, PutCondition condition) {
    Path target = resolve(key);
    requireNonNull(data, "data is null");
    requireNonNull(condition, "condition is null");
    if (condition instanceof PutCondition.IfVersion ifVersion) {
      return replace(key, target, data, ifVersion.version());
    }
    return create(key, target, data);
  }

  private String create(String key, Path target, byte[] data) {
    Path temp = writeTemp(target, data, 0);
    try {
      String version = versionOf(attributes(temp).orElseThrow(() -> vanished(temp)));
      if (hardLinksFailed) {
        createByMoveUnderLock(key, target, temp);
      } else {
        try {
          linker.link(target, temp);
        } catch (FileAlreadyExistsException e) {
          throw exists(key, target);
        } catch (UnsupportedOperationException | FileSystemException e) {
          if (!linksUnsupported(e)) {
            throw e;
          }
          hardLinksFailed = true;
          createByMoveUnderLock(key, target, temp);
        }
      }
      syncFolder(target.getParent());
      return version;
    } catch (IOException e) {
      throw failure("write", target, e);
    } finally {
      deleteQuietly(temp);
    }
  }

  /**
   * Whether a failed link means that this file system has no hard links (EPERM or EOPNOTSUPP, as
   * FAT and some SMB mounts answer), rather than an error to report.
   */
  private static boolean linksUnsupported(Exception e) {
    if (e instanceof UnsupportedOperationException) {
      return true;
    }
    String reason = String.valueOf(((FileSystemException) e).getReason()).toLowerCase(Locale.ROOT);
    return !(e instanceof AccessDeniedException)
        && (reason.contains("not permitted") || reason.contains("not supported"));
  }

  /**
   * Where hard links are not available: under the key's lock, which every writer of this store
   * takes in this mode, a missing target is created by an atomic move of the synced temp file.
   */
  private void createByMoveUnderLock(String key, Path target, Path temp) throws IOException {
    underLock(
        key,
        () -> {
          if (Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
            throw exists(key, target);
          }
          Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE);
          return target;
        });
  }

  private String replace(String key, Path target, byte[] data, String expected) {
    try {
      return underLock(
          key,
          () -> {
            Optional<BasicFileAttributes> attributes = attributes(target);
            Optional<String> current = attributes.map(FsBlobStore::versionOf);
            if (current.isEmpty() || !current.get().equals(expected)) {
              throw versionMismatch("replace", key, current);
            }
            Path temp = writeTemp(target, data, stampOf(attributes.get()));
            String version;
            try {
              version = versionOf(attributes(temp).orElseThrow(() -> vanished(temp)));
              Files.move(
                  temp,
                  target,
                  StandardCopyOption.ATOMIC_MOVE,
                  StandardCopyOption.REPLACE_EXISTING);
            } finally {
              deleteQuietly(temp);
            }
            syncFolder(target.getParent());
            return version;
          });
    } catch (IOException e) {
      throw failure("write", target, e);
    }
  }

  @Override
  public void delete(String key) {
    Path file = resolve(key);
    try {
      if (deletable(key, file) && Files.deleteIfExists(file)) {
        syncFolder(file.getParent());
      }
    } catch (IOException e) {
      throw failure("delete", file, e);
    }
  }

  /**
   * Whether there is an entry to delete at {@code file}: a regular file or a link (the link itself
   * is removed, never what it points to), in a folder inside the store.
   *
   * @throws StorageException when the file's folder is reached through a link leaving the store
   */
  private boolean deletable(String key, Path file) throws IOException {
    if (!insideStore("delete", key, file.getParent(), false)) {
      return false;
    }
    return Files.isRegularFile(file, LinkOption.NOFOLLOW_LINKS) || Files.isSymbolicLink(file);
  }

  /** Deletes each file, then syncs each folder that lost one once, not once per file. */
  @Override
  public void deleteAll(Collection<String> keys) {
    List<Path> files = new ArrayList<>();
    keys.forEach(key -> files.add(resolve(key)));
    Set<Path> folders = new LinkedHashSet<>();
    for (Path file : files) {
      try {
        if (deletable(root.relativize(file).toString(), file) && Files.deleteIfExists(file)) {
          folders.add(file.getParent());
        }
      } catch (IOException e) {
        folders.forEach(FsBlobStore::syncFolder);
        throw failure("delete", file, e);
      }
    }
    folders.forEach(FsBlobStore::syncFolder);
  }

  @Override
  public BlobPage list(String prefix, String startAfter, int pageSize) {
    requireNonNull(prefix, "prefix is null");
    if (pageSize < 1) {
      throw new IllegalArgumentException(
          "Cannot list '" + prefix + "': page size must be at least 1, got " + pageSize);
    }
    Walk walk = new Walk(prefix, startAfter, pageSize + 1);
    try {
      walk.folder(root, "");
    } catch (IOException e) {
      throw failure("list", root, e);
    }
    List<BlobInfo> blobs = new ArrayList<>();
    List<Entry> keys = walk.keys;
    int end = Math.min(pageSize, keys.size());
    for (int i = 0; i < end; i++) {
      Entry entry = keys.get(i);
      BasicFileAttributes attributes = entry.attributes();
      blobs.add(new BlobInfo(entry.sortKey(), attributes.size(), versionOf(attributes)));
    }
    Optional<String> next =
        keys.size() > pageSize ? Optional.of(keys.get(pageSize - 1).sortKey()) : Optional.empty();
    return new BlobPage(blobs, next);
  }

  /** Every link under the root whose target is outside the root's real path, by its path. */
  @Override
  public List<String> linksLeavingStore() {
    if (!Files.isDirectory(root)) {
      return List.of();
    }
    List<String> found = new ArrayList<>();
    try {
      Path realRoot = root.toRealPath();
      Files.walkFileTree(
          root,
          new SimpleFileVisitor<>() {
            @Override
            public FileVisitResult visitFile(Path file, BasicFileAttributes attributes)
                throws IOException {
              if (attributes.isSymbolicLink()) {
                Optional<Path> target = realPath(file);
                if (target.isPresent() && !target.get().startsWith(realRoot)) {
                  found.add(root.relativize(file).toString().replace('\\', '/'));
                }
              }
              return FileVisitResult.CONTINUE;
            }

            @Override
            public FileVisitResult visitFileFailed(Path file, IOException e) {
              return FileVisitResult.CONTINUE;
            }
          });
    } catch (IOException e) {
      throw failure("list", root, e);
    }
    found.sort(null);
    return List.copyOf(found);
  }

  @Override
  public void close() {
    // Nothing is held open between calls.
  }

  @Override
  public String toString() {
    return "FsBlobStore[" + root + "]";
  }

  /**
   * A depth-first walk in key order that reads only folders which can hold keys with the prefix
   * after {@code startAfter}, and stops once it has {@code limit} keys.
   */
  private static final class Walk {
    private static final Comparator<Entry> BY_SORT_KEY = Comparator.comparing(Entry::sortKey);

    private final String prefix;
    private final String startAfter;
    private final int limit;
    private final List<Entry> keys = new ArrayList<>();

    Walk(String prefix, String startAfter, int limit) {
      this.prefix = prefix;
      this.startAfter = startAfter;
      this.limit = limit;
    }

    /** Walks {@code folder}, whose keys all start with {@code base} ("" or ending in '/'). */
    void folder(Path folder, String base) throws IOException {
      List<Entry> entries = new ArrayList<>();
      try (DirectoryStream<Path> stream = Files.newDirectoryStream(folder)) {
        for (Path child : stream) {
          String name = child.getFileName().toString();
          if (!isSegment(name)) {
            continue;
          }
          BasicFileAttributes attributes;
          try {
            attributes =
                Files.readAttributes(child, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
            if (attributes.isSymbolicLink()) {
              if (loops(folder, child)) {
                continue;
              }
              attributes = Files.readAttributes(child, BasicFileAttributes.class);
            }
          } catch (NoSuchFileException e) {
            continue; // gone since the listing, or a link that dangles
          }
          if (attributes.isDirectory()) {
            String dir = base + name + "/";
            if (mayHold(dir)) {
              entries.add(new Entry(dir, child, attributes));
            }
          } else if (attributes.isRegularFile()) {
            String key = base + name;
            if (key.startsWith(prefix) && (startAfter == null || key.compareTo(startAfter) > 0)) {
              entries.add(new Entry(key, child, attributes));
            }
          }
        }
      } catch (NoSuchFileException | NotDirectoryException e) {
        return;
      }
      entries.sort(BY_SORT_KEY);
      for (Entry entry : entries) {
        if (keys.size() >= limit) {
          return;
        }
        if (entry.attributes().isDirectory()) {
          folder(entry.path(), entry.sortKey());
        } else {
          keys.add(entry);
        }
      }
    }

    /**
     * Whether the link {@code child} of {@code folder} leads to {@code folder} or one of its
     * parents, which a walk that follows links would enter without end.
     */
    private static boolean loops(Path folder, Path child) throws IOException {
      try {
        return folder.toRealPath().startsWith(child.toRealPath());
      } catch (NoSuchFileException e) {
        return false;
      }
    }

    /** Whether a folder whose keys all start with {@code dir} can hold a wanted key. */
    private boolean mayHold(String dir) {
      boolean prefixFits = dir.startsWith(prefix) || prefix.startsWith(dir);
      boolean afterStart =
          startAfter == null || startAfter.startsWith(dir) || dir.compareTo(startAfter) > 0;
      return prefixFits && afterStart;
    }
  }

  /**
   * A folder entry with the attributes the walk read; a folder sorts by its key prefix with the
   * trailing '/'.
   */
  private record Entry(String sortKey, Path path, BasicFileAttributes attributes) {}

  private Path resolve(String key) {
    checkKey(key);
    return root.resolve(key);
  }

  /** Rejects keys outside the documented alphabet and shape. */
  static void checkKey(String key) {
    requireNonNull(key, "key is null");
    if (key.isEmpty()) {
      throw new IllegalArgumentException("Invalid key '': a key must not be empty");
    }
    for (String segment : key.split("/", -1)) {
      if (!isSegment(segment)) {
        throw new IllegalArgumentException(
            "Invalid key '"
                + key
                + "': use [A-Za-z0-9._-] in non-empty '/'-separated segments, never '.' or '..'");
      }
    }
  }

  private static boolean isSegment(String segment) {
    return SEGMENT.matcher(segment).matches() && !segment.equals(".") && !segment.equals("..");
  }

  /** The attributes of the regular file at the path; empty when there is none. */
  private static Optional<BasicFileAttributes> attributes(Path file) {
    try {
      BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
      return attributes.isRegularFile() ? Optional.of(attributes) : Optional.empty();
    } catch (NoSuchFileException | NotDirectoryException e) {
      return Optional.empty();
    } catch (FileSystemException e) {
      if (!Files.isDirectory(file.getParent())) {
        return Optional.empty(); // a file where a folder of the key would be: no such object
      }
      throw failure("read", file, e);
    } catch (IOException e) {
      throw failure("read", file, e);
    }
  }

  /**
   * Up to {@code length} bytes from {@code offset} of the file, with the version of the file they
   * were read from: the file's identity is taken before and after the read, and the read is made
   * again when a replace came in between (files are only ever replaced, never changed in place).
   * Empty when there is no regular file at the path.
   */
  private static Optional<Blob> read(Path file, long offset, int length) {
    for (int attempt = 1; attempt <= READ_ATTEMPTS; attempt++) {
      Optional<BasicFileAttributes> before = attributes(file);
      if (before.isEmpty()) {
        return Optional.empty();
      }
      byte[] data;
      try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ)) {
        data = readRange(channel, offset, length);
      } catch (NoSuchFileException e) {
        continue;
      } catch (IOException e) {
        throw failure("read", file, e);
      }
      String version = versionOf(before.get());
      Optional<BasicFileAttributes> after = attributes(file);
      if (after.isPresent() && versionOf(after.get()).equals(version)) {
        return Optional.of(new Blob(data, version));
      }
    }
    throw new StorageException(
        "Cannot read " + file + ": it was replaced during " + READ_ATTEMPTS + " reads in a row",
        true);
  }

  private static byte[] readRange(FileChannel channel, long offset, int length) throws IOException {
    long size = channel.size();
    long from = Math.min(offset, size);
    long wanted = Math.min(length, size - from);
    if (wanted > Integer.MAX_VALUE - 8) {
      throw new IOException("the object is larger than 2 GB");
    }
    ByteBuffer buffer = ByteBuffer.allocate((int) wanted);
    long position = from;
    while (buffer.hasRemaining()) {
      int read = channel.read(buffer, position);
      if (read < 0) {
        break;
      }
      position += read;
    }
    return buffer.position() == buffer.capacity()
        ? buffer.array()
        : Arrays.copyOf(buffer.array(), buffer.position());
  }

  /**
   * Writes and syncs a new temp file in the hidden area, stamped with a modification time later
   * than {@code after} (nanoseconds since the epoch) and than every earlier stamp of this JVM;
   * deletes it again on failure.
   */
  private Path writeTemp(Path target, byte[] data, long after) {
    String key = root.relativize(target).toString();
    try {
      insideStore("write", key, tmpDir, true);
      insideStore("write", key, target.getParent(), true);
    } catch (IOException e) {
      throw failure("write", target, e);
    }
    if (swept.compareAndSet(false, true)) {
      removeStaleTempFiles();
    }
    Path temp = null;
    FileChannel opened = null;
    for (int attempt = 1; opened == null; attempt++) {
      temp = tmpDir.resolve(tempName());
      try {
        opened =
            FileChannel.open(
                temp,
                Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE),
                fileAttributes());
      } catch (FileAlreadyExistsException e) { // another writer's name: theirs, try another
        if (attempt == TEMP_NAME_ATTEMPTS) {
          throw failure("write", target, e);
        }
      } catch (IOException e) {
        throw failure("write", target, e);
      }
    }
    try (FileChannel channel = opened) {
      writer.write(channel, ByteBuffer.wrap(data));
      Files.setLastModifiedTime(temp, FileTime.from(nextStamp(after), TimeUnit.NANOSECONDS));
      channel.force(true);
      return temp;
    } catch (IOException e) {
      deleteQuietly(temp);
      throw failure("write", target, e);
    }
  }

  /** How many temp names a write tries when each is taken by another writer's file. */
  private static final int TEMP_NAME_ATTEMPTS = 3;

  /**
   * A new temp file name: 64 random bits in hex. From {@link ThreadLocalRandom}, which (unlike the
   * {@code SecureRandom} behind {@code UUID.randomUUID()}) starts no security provider, a cost of
   * several milliseconds on every save in a fresh process. Names only have to differ from the other
   * writers' of the moment, and a clash could not overwrite: the file is opened create-new.
   */
  private static String tempName() {
    return Long.toHexString(ThreadLocalRandom.current().nextLong()) + ".tmp";
  }

  /**
   * Whether {@code folder} (the root or a folder under it) exists as a folder inside the store,
   * checked level by level: a level that is a link is followed only when its real path stays inside
   * the root's. With {@code create}, missing levels are created owner-only, one at a time (never
   * through a link that leaves the store), and the answer is true.
   *
   * @throws StorageException naming the link, when a level leaves the store
   */
  private boolean insideStore(String verb, String key, Path folder, boolean create)
      throws IOException {
    if (create) {
      createFolders(root);
    } else if (!Files.isDirectory(root)) {
      return false;
    }
    Path realRoot = root.toRealPath();
    Path level = root;
    for (Path name : root.relativize(folder)) {
      level = level.resolve(name);
      if (Files.isSymbolicLink(level)) {
        Optional<Path> target = realPath(level);
        if (target.isEmpty() || !target.get().startsWith(realRoot)) {
          throw new StorageException(
              "Cannot "
                  + verb
                  + " "
                  + key
                  + " in "
                  + location()
                  + ": "
                  + root.relativize(level)
                  + " is a link that leaves the store, and chatlog writes and deletes only inside"
                  + " it",
              false);
        }
      } else if (!Files.exists(level, LinkOption.NOFOLLOW_LINKS)) {
        if (!create) {
          return false;
        }
        createFolder(level);
      }
    }
    return true;
  }

  /** The real path of a link's target; empty when the link dangles. */
  private static Optional<Path> realPath(Path link) throws IOException {
    try {
      return Optional.of(link.toRealPath());
    } catch (NoSuchFileException e) {
      return Optional.empty();
    }
  }

  /** Creates one folder, owner-only; a folder made meanwhile by another writer is fine. */
  private void createFolder(Path folder) throws IOException {
    try {
      if (posix) {
        Files.createDirectory(
            folder,
            PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
      } else {
        Files.createDirectory(folder);
      }
    } catch (FileAlreadyExistsException e) {
      if (!Files.isDirectory(folder, LinkOption.NOFOLLOW_LINKS)) {
        throw e;
      }
    }
  }

  /** Creates the root and its missing parents (the user's choice of place, links and all). */
  private void createFolders(Path folder) throws IOException {
    if (Files.isDirectory(folder)) {
      return;
    }
    if (posix) {
      Files.createDirectories(
          folder,
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
    } else {
      Files.createDirectories(folder);
    }
  }

  private FileAttribute<?>[] fileAttributes() {
    return posix
        ? new FileAttribute<?>[] {
          PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"))
        }
        : new FileAttribute<?>[0];
  }

  /** Makes a rename or link durable by syncing the folder that holds it. */
  private static void syncFolder(Path folder) {
    try (FileChannel channel = FileChannel.open(folder, StandardOpenOption.READ)) {
      channel.force(true);
    } catch (IOException e) {
      // Some platforms (Windows) cannot open a folder for sync; the rename itself is atomic there.
    }
  }

  private static void writeFully(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      channel.write(buffer);
    }
  }

  /** Writes all of a buffer to a new file: a loop of channel writes, replaced in tests. */
  @FunctionalInterface
  interface Writer {
    /** Writes every remaining byte of {@code buffer} to {@code channel}. */
    void write(FileChannel channel, ByteBuffer buffer) throws IOException;
  }

  /** Makes a hard link: {@link Files#createLink}, replaced in tests. */
  @FunctionalInterface
  interface Linker {
    /** Links {@code existing} as {@code link}; fails if {@code link} exists. */
    void link(Path link, Path existing) throws IOException;
  }

  /** Work done while holding a key's lock. */
  @FunctionalInterface
  private interface LockedCall<T> {
    T call() throws IOException;
  }

  /** Runs {@code call} holding the key's lock, safe between threads and between processes. */
  private <T> T underLock(String key, LockedCall<T> call) throws IOException {
    KeyLock lock = lock(key);
    try {
      return call.call();
    } finally {
      lock.release();
    }
  }

  /**
   * Takes the key's lock: a JVM-wide lock stripe, then an exclusive lock on the key's lock file.
   */
  private KeyLock lock(String key) throws IOException {
    Path lockFile = lockDir.resolve(key + ".lock");
    ReentrantLock jvmLock = JVM_LOCKS[Math.floorMod(lockFile.hashCode(), JVM_LOCKS.length)];
    jvmLock.lock();
    try {
      insideStore("lock", key, lockFile.getParent(), true);
      FileChannel channel =
          FileChannel.open(
              lockFile,
              Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
              fileAttributes());
      try {
        return new KeyLock(channel, channel.lock(), jvmLock);
      } catch (IOException | RuntimeException e) {
        channel.close();
        throw e;
      }
    } catch (IOException | RuntimeException e) {
      jvmLock.unlock();
      throw e;
    }
  }

  /** A held key lock. */
  private record KeyLock(FileChannel channel, FileLock fileLock, ReentrantLock jvmLock) {
    /** Releases the file lock, then the JVM lock. */
    void release() throws IOException {
      try {
        fileLock.release();
        channel.close();
      } finally {
        jvmLock.unlock();
      }
    }
  }

  /**
   * Deletes this store's own temp files (by their names) older than a day from the temp folder,
   * which {@link #writeTemp} has just checked to be inside the store; links are never followed.
   */
  private void removeStaleTempFiles() {
    FileTime cutoff = FileTime.from(Instant.now().minus(STALE_TEMP_AGE));
    try (DirectoryStream<Path> stream = Files.newDirectoryStream(tmpDir)) {
      for (Path temp : stream) {
        BasicFileAttributes attributes =
            Files.readAttributes(temp, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
        if (attributes.isRegularFile()
            && TEMP_NAME.matcher(temp.getFileName().toString()).matches()
            && attributes.lastModifiedTime().compareTo(cutoff) < 0) {
          deleteQuietly(temp);
        }
      }
    } catch (IOException e) {
      // Leftovers of crashed writes are only clutter; they never show as objects.
    }
  }

  private static void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException e) {
      // A temp file that cannot be removed is clutter in the hidden area, never an object.
    }
  }

  /**
   * The version of a file as written: size, modification time and file key (device and inode on
   * POSIX systems; absent on some platforms, where size and the unique time stamp still tell files
   * apart).
   */
  static String versionOf(BasicFileAttributes attributes) {
    StringBuilder version =
        new StringBuilder()
            .append(Long.toHexString(attributes.size()))
            .append('-')
            .append(Long.toHexString(stampOf(attributes)));
    Object fileKey = attributes.fileKey();
    if (fileKey != null) {
      // "(dev=fe00,ino=2147650)" on Linux becomes "-dev.fe00.ino.2147650".
      version.append('-');
      for (char c : fileKey.toString().toCharArray()) {
        char last = version.charAt(version.length() - 1);
        if (Character.isLetterOrDigit(c)) {
          version.append(c);
        } else if (last != '.' && last != '-') {
          version.append('.');
        }
      }
      if (version.charAt(version.length() - 1) == '.') {
        version.setLength(version.length() - 1);
      }
    }
    return version.toString();
  }

  /** The modification time of a file in nanoseconds since the epoch. */
  private static long stampOf(BasicFileAttributes attributes) {
    return attributes.lastModifiedTime().to(TimeUnit.NANOSECONDS);
  }

  /**
   * A modification time for a new file, in nanoseconds: now (microsecond precision on most
   * platforms), but always later than {@code after} and than every stamp given before in this JVM,
   * so that two files written one after the other never share one.
   */
  private static long nextStamp(long after) {
    Instant now = Instant.now();
    long clock = now.getEpochSecond() * 1_000_000_000L + now.getNano();
    return LAST_STAMP.updateAndGet(last -> Math.max(clock, Math.max(last, after) + 1_000));
  }

  private static StorageException vanished(Path temp) {
    return new StorageException("Cannot write " + temp + ": the temporary file vanished", false);
  }

  private RuntimeException exists(String key, Path target) {
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      return new StorageException(
          "Cannot write " + target + ": a folder of other keys has this name", false);
    }
    return new PreconditionFailedException(
        "Cannot create " + key + " in " + location() + ": the object already exists");
  }

  private PreconditionFailedException versionMismatch(
      String verb, String key, Optional<String> current) {
    return new PreconditionFailedException(
        "Cannot "
            + verb
            + " "
            + key
            + " in "
            + location()
            + ": "
            + (current.isEmpty() ? "the object does not exist" : "its version has changed"));
  }

  /** One-line, non-retryable error naming the path and what went wrong. */
  static StorageException failure(String verb, Path path, IOException e) {
    String detail;
    if (e instanceof AccessDeniedException) {
      detail = "permission denied";
    } else if (e instanceof FileAlreadyExistsException || e instanceof NotDirectoryException) {
      detail = "a file is in the way of " + ((FileSystemException) e).getFile();
    } else if (e instanceof FileSystemException fse && fse.getReason() != null) {
      detail = fse.getReason().toLowerCase(Locale.ROOT);
    } else {
      detail = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    }
    return new StorageException("Cannot " + verb + " " + path + ": " + detail, false, e);
  }

  private static ReentrantLock[] newLocks(int n) {
    ReentrantLock[] locks = new ReentrantLock[n];
    for (int i = 0; i < n; i++) {
      locks[i] = new ReentrantLock();
    }
    return locks;
  }
}
