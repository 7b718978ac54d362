package dev.chatlog.engine;

import dev.chatlog.model.ChunkId;
import java.time.LocalDate;
import java.util.Optional;

/** Where each object of the engine lives in a {@link dev.chatlog.spi.BlobStore}. */
final class BlobLayout {
  static final String CHUNKS = "chunks/";
  static final String INBOX = "index/inbox/";
  static final String SEGMENTS = "index/segments/";
  static final String MANIFEST = "index/manifest.json";
  static final String QUARANTINE = "quarantine/";

  private static final String CHUNK_SUFFIX = ".md";
  private static final String INBOX_SUFFIX = ".json";
  private static final String SEGMENT_SUFFIX = ".jsonl";

  private BlobLayout() {}

  /** {@code chunks/YYYY/MM/DD/<id>.md}, the date being the UTC day of the id's time. */
  static String chunkKey(ChunkId id) {
    // built by hand: String.format loads locale data, a cost on every command's start
    LocalDate day = LocalDate.ofEpochDay(Math.floorDiv(id.instant().getEpochSecond(), 86_400L));
    StringBuilder key = new StringBuilder(CHUNKS.length() + 41).append(CHUNKS);
    padded(key, day.getYear(), 4).append('/');
    padded(key, day.getMonthValue(), 2).append('/');
    padded(key, day.getDayOfMonth(), 2).append('/');
    return key.append(id).append(CHUNK_SUFFIX).toString();
  }

  /**
   * Appends {@code value} with leading zeros up to {@code width} digits (as {@code %0<width>d}).
   */
  private static StringBuilder padded(StringBuilder out, int value, int width) {
    String digits = Integer.toString(value);
    for (int i = digits.length(); i < width; i++) {
      out.append('0');
    }
    return out.append(digits);
  }

  static String inboxKey(ChunkId id) {
    return INBOX + id + INBOX_SUFFIX;
  }

  static String segmentName(ChunkId id) {
    return id + SEGMENT_SUFFIX;
  }

  static String segmentKey(String name) {
    return SEGMENTS + name;
  }

  static String quarantineKey(String key) {
    return QUARANTINE + key;
  }

  /**
   * Whether a listed key is where a chunk file lives ({@link #chunkKey}), and not some other file
   * under {@code chunks/}, such as a note of the user's.
   */
  static boolean isChunkKey(String key) {
    if (!key.startsWith(CHUNKS) || !key.endsWith(CHUNK_SUFFIX)) {
      return false;
    }
    String stem = key.substring(key.lastIndexOf('/') + 1, key.length() - CHUNK_SUFFIX.length());
    return ChunkId.isValid(stem) && key.equals(chunkKey(ChunkId.of(stem)));
  }

  /** The id a segment name was made from, when it has one. */
  static Optional<ChunkId> segmentId(String name) {
    String stem =
        name.endsWith(SEGMENT_SUFFIX)
            ? name.substring(0, name.length() - SEGMENT_SUFFIX.length())
            : name;
    return ChunkId.isValid(stem) ? Optional.of(ChunkId.of(stem)) : Optional.empty();
  }
}
