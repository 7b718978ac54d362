package dev.chatlog.capture.watch;

import static java.util.Objects.requireNonNull;

import dev.chatlog.capture.LogPosition;
import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * How far a watcher has read one log file, and how it knows the file again.
 *
 * @param position where the next read starts
 * @param fileKey the file system's identity of the file (device and inode), or {@code ""} where the
 *     file system has none: another key at the same path is another file
 * @param fingerprint a hash of the file's first {@code fingerprintBytes} bytes: other bytes there
 *     mean the file was rewritten
 * @param fingerprintBytes how many bytes {@code fingerprint} covers
 * @param flushed conversation to the native id of its last answer, imported while the log was idle
 *     and so perhaps before all its parts were written; parts that come later are imported as a
 *     message of their own
 */
public record FileState(
    LogPosition position,
    String fileKey,
    String fingerprint,
    int fingerprintBytes,
    Map<String, String> flushed) {
  public FileState {
    requireNonNull(position, "position is null");
    requireNonNull(fileKey, "fileKey is null");
    requireNonNull(fingerprint, "fingerprint is null");
    flushed = Collections.unmodifiableMap(new TreeMap<>(flushed));
  }

  /** A file not read yet. */
  static FileState start(String fileKey) {
    return new FileState(LogPosition.START, fileKey, "", 0, Map.of());
  }

  /** This state with another fingerprint. */
  FileState withFingerprint(String hash, int bytes) {
    return new FileState(position, fileKey, hash, bytes, flushed);
  }

  /** This state read on to {@code next}, with what was flushed. */
  FileState at(LogPosition next, Map<String, String> nowFlushed) {
    return new FileState(next, fileKey, fingerprint, fingerprintBytes, nowFlushed);
  }
}
