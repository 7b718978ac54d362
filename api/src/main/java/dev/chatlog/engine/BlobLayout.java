package dev.chatlog.engine;

import dev.chatlog.model.ChunkId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
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
    ZonedDateTime day = id.instant().atZone(ZoneOffset.UTC);
    return String.format(
        "%s%04d/%02d/%02d/%s%s",
        CHUNKS, day.getYear(), day.getMonthValue(), day.getDayOfMonth(), id, CHUNK_SUFFIX);
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

  /** Whether a listed key is a chunk file (and not some other object under {@code chunks/}). */
  static boolean isChunkKey(String key) {
    return key.startsWith(CHUNKS) && key.endsWith(CHUNK_SUFFIX);
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
