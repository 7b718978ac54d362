package dev.chatlog.capture.watch;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatlog.capture.LogPosition;
import dev.chatlog.config.OwnerOnly;
import dev.chatlog.error.StorageException;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;

/**
 * A watcher's place in each log file, kept in a file of the user's state folder (never in the
 * store): read when the watcher starts, written whole after every import that moved it on (into a
 * temporary file, synced, then moved over the old one, so a crash leaves the old or the new state,
 * never half of one). The file is locked while a watcher uses it, so that two watchers never follow
 * the same folder into the same store at once.
 */
public final class WatchState implements AutoCloseable {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 1;

  private final Path file;
  private final FileChannel lockChannel;
  private final FileLock lock;
  private final Map<String, FileState> files = new TreeMap<>();
  private boolean unreadable;

  private WatchState(Path file, FileChannel lockChannel, FileLock lock) {
    this.file = file;
    this.lockChannel = lockChannel;
    this.lock = lock;
  }

  /**
   * Opens the state in {@code file}, creating its folder owner-only, and locks it. A state file
   * that cannot be read is set aside ({@link #wasUnreadable()}): the watcher then reads every log
   * from its start, which imports nothing twice.
   *
   * @throws StorageException when the folder cannot be made, or another watcher holds the lock
   */
  public static WatchState open(Path file) {
    requireNonNull(file, "file is null");
    Path lockFile = file.resolveSibling(file.getFileName() + ".lock");
    FileChannel channel = null;
    try {
      OwnerOnly.createFolders(file.toAbsolutePath().getParent());
      channel =
          FileChannel.open(
              lockFile,
              Set.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE),
              OwnerOnly.fileAttributes(lockFile));
      FileLock lock;
      try {
        lock = channel.tryLock();
      } catch (OverlappingFileLockException e) {
        lock = null; // held by this process
      }
      if (lock == null) {
        throw new StorageException(
            "Cannot watch with state '"
                + file
                + "': another watcher follows this folder into this store",
            false);
      }
      WatchState state = new WatchState(file, channel, lock);
      state.load();
      return state;
    } catch (IOException e) {
      closeQuietly(channel);
      throw new StorageException(
          "Cannot open watch state '" + file + "': " + e.getMessage(), false, e);
    } catch (RuntimeException e) {
      closeQuietly(channel);
      throw e;
    }
  }

  private void load() throws IOException {
    byte[] bytes;
    try {
      bytes = Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      return;
    }
    try {
      JsonNode root = JSON.readTree(bytes);
      if (root == null
          || root.path("version").asInt() != VERSION
          || !root.path("files").isObject()) {
        throw new IOException("not a watch state");
      }
      for (Map.Entry<String, JsonNode> entry : root.path("files").properties()) {
        JsonNode node = entry.getValue();
        Map<String, String> flushed = new TreeMap<>();
        node.path("flushed")
            .properties()
            .forEach(f -> flushed.put(f.getKey(), f.getValue().asText()));
        files.put(
            entry.getKey(),
            new FileState(
                new LogPosition(node.path("offset").asLong(), node.path("line").asLong(1)),
                node.path("key").asText(""),
                node.path("fingerprint").asText(""),
                node.path("fingerprintBytes").asInt(),
                flushed));
      }
    } catch (IOException | IllegalArgumentException e) {
      files.clear();
      unreadable = true;
    }
  }

  /** The state file. */
  public Path file() {
    return file;
  }

  /** Whether the state file was there but could not be read, so every log is read again. */
  public boolean wasUnreadable() {
    return unreadable;
  }

  /** The state of a log file, when it was seen before. */
  public Optional<FileState> get(Path log) {
    return Optional.ofNullable(files.get(key(log)));
  }

  /** Sets the state of a log file; {@link #save} writes it. */
  public void put(Path log, FileState state) {
    files.put(key(log), requireNonNull(state, "state is null"));
  }

  /** Forgets a log file, gone from the folder. */
  public void remove(Path log) {
    files.remove(key(log));
  }

  /** The log files with a state. */
  public List<Path> logs() {
    return files.keySet().stream().map(Path::of).toList();
  }

  private static String key(Path log) {
    return log.toAbsolutePath().normalize().toString();
  }

  /**
   * Writes the state to its file, atomically.
   *
   * @throws StorageException when it cannot be written
   */
  public void save() {
    ObjectNode root = JSON.createObjectNode();
    root.put("version", VERSION);
    ObjectNode all = root.putObject("files");
    files.forEach(
        (log, state) -> {
          ObjectNode node = all.putObject(log);
          node.put("offset", state.position().offset());
          node.put("line", state.position().line());
          node.put("key", state.fileKey());
          node.put("fingerprint", state.fingerprint());
          node.put("fingerprintBytes", state.fingerprintBytes());
          ObjectNode flushed = node.putObject("flushed");
          state.flushed().forEach(flushed::put);
        });
    try {
      OwnerOnly.writeAtomically(
          file, JSON.writerWithDefaultPrettyPrinter().writeValueAsBytes(root));
    } catch (IOException e) {
      throw new StorageException(
          "Cannot write watch state '" + file + "': " + e.getMessage(), true, e);
    }
  }

  /** Releases the lock. */
  @Override
  public void close() {
    try {
      lock.release();
    } catch (IOException e) {
      // the channel's close below releases it too
    }
    closeQuietly(lockChannel);
  }

  private static void closeQuietly(FileChannel channel) {
    if (channel != null) {
      try {
        channel.close();
      } catch (IOException e) {
        // nothing to do: the lock goes with the process
      }
    }
  }
}
