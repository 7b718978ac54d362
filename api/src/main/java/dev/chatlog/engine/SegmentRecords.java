package dev.chatlog.engine;

import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.ChunkId;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;

/**
 * The records of one index segment (or of the inbox, sorted the same way): newest first, each line
 * found and decoded when it is first asked for. A newest-first read usually needs a few dozen
 * records of a segment that holds thousands, and a save only the newest records of its own session;
 * decoding them all is what a fresh process would spend most of its time on. Thread-safe.
 */
final class SegmentRecords {
  /** How an entry's line gives its body's SHA-256: the field, then 64 hex digits. */
  private static final String SHA256_FIELD = '"' + MetaFields.SHA256.name() + "\":\"";

  private static final int SHA256_HEX = 64;

  private final String key;
  private final byte[] data;
  private final LongAdder decoded;
  private int[] starts;
  private int[] ends;
  private IndexRecord[] records;
  private int count;
  private int scanned;
  private List<IndexRecord> all;

  /** The data as one char per byte ({@link #text()}), once a search needed it. */
  private String text;

  /** Records a save decoded ({@link #forSave}), by the offset of their line: kept for the next. */
  private final Map<Integer, IndexRecord> decodedLines = new HashMap<>();

  /** What {@link #forSave} found: the records decoded, and how many of the session's it passed. */
  record SavePart(List<IndexRecord> records, int passed) {}

  private SegmentRecords(
      String key, byte[] data, IndexRecord[] records, int count, LongAdder decoded) {
    this.key = key;
    this.data = data;
    this.records = records;
    this.count = count;
    this.decoded = decoded;
    this.starts = new int[records.length];
    this.ends = new int[records.length];
  }

  /**
   * A segment as stored: one JSON record per line of UTF-8, blank lines ignored; nothing decoded,
   * nor even split into lines, yet.
   *
   * @param decoded counts each record decoded
   */
  static SegmentRecords parse(String key, byte[] data, LongAdder decoded) {
    return new SegmentRecords(key, data, new IndexRecord[16], 0, decoded);
  }

  /** Records already decoded (a segment just written, or inbox entries), in the order given. */
  static SegmentRecords of(String key, List<IndexRecord> records) {
    IndexRecord[] given = records.toArray(new IndexRecord[0]);
    return new SegmentRecords(key, null, given, given.length, new LongAdder());
  }

  /** The key the records were read from, named in errors. */
  String key() {
    return key;
  }

  /** About how many bytes of memory the segment holds: its text, and what is decoded of it. */
  long weight() {
    return data == null ? 512L * records.length : 2L * data.length;
  }

  /** Whether there is a record at {@code index}: finds lines up to that one if need be. */
  synchronized boolean has(int index) {
    while (count <= index && findLine()) {
      // each pass finds one more line
    }
    return index < count;
  }

  /**
   * The record at {@code index}, decoded on first use.
   *
   * @throws IndexOutOfBoundsException when there is no such record ({@link #has})
   * @throws CorruptDataException when its line is not a readable record
   */
  synchronized IndexRecord get(int index) {
    if (!has(index)) {
      throw new IndexOutOfBoundsException(
          "Cannot read record " + index + " of " + key + ": it has " + count);
    }
    IndexRecord record = records[index];
    if (record == null) {
      record = decode(starts[index], ends[index]);
      records[index] = record;
    }
    return record;
  }

  /**
   * The record at {@code index}, decoded now unless it was before, and not kept: a pass over a
   * whole segment with it leaves the segment holding its text, not every record decoded.
   *
   * @throws IndexOutOfBoundsException when there is no such record ({@link #has})
   * @throws CorruptDataException when its line is not a readable record
   */
  synchronized IndexRecord peek(int index) {
    if (!has(index)) {
      throw new IndexOutOfBoundsException(
          "Cannot read record " + index + " of " + key + ": it has " + count);
    }
    IndexRecord record = records[index];
    return record != null ? record : decode(starts[index], ends[index]);
  }

  /**
   * The index of the first record whose chunk id is below {@code before}, records being newest
   * first: found by a binary search that decodes a few records ({@link #peek}). Where one of those
   * cannot be read, 0: the caller then passes the records above the bound one by one.
   */
  synchronized int firstBelow(ChunkId before) {
    while (findLine()) {
      // finds every line: the search needs the count
    }
    int low = 0;
    int high = count;
    try {
      while (low < high) {
        int middle = (low + high) >>> 1;
        if (peek(middle).target().compareTo(before) >= 0) {
          low = middle + 1;
        } else {
          high = middle;
        }
      }
      return low;
    } catch (CorruptDataException e) {
      return 0;
    }
  }

  /**
   * Every record, in order.
   *
   * @throws CorruptDataException when any line is not a readable record
   */
  synchronized List<IndexRecord> all() {
    if (all == null) {
      List<IndexRecord> found = new ArrayList<>();
      for (int i = 0; has(i); i++) {
        found.add(get(i));
      }
      all = Collections.unmodifiableList(found);
    }
    return all;
  }

  /**
   * What a save needs of the newest {@code limit} records of one session ({@link Sessions#name})
   * here, in order: the first {@code numbered} of them decoded, whose {@code seq} numbers its
   * chunks, and of the others only those that may matter to its deduplication: entries whose body's
   * SHA-256 is one of {@code sha256s}, and every line that does not give a body's SHA-256 as an
   * entry's line does (tombstones).
   *
   * <p>A record's line names its session as a JSON string, which holds the session's own UTF-8
   * bytes when the session has no character a JSON writer may escape; then only lines holding those
   * bytes (quotes included) are looked at, found by a search of the text that stops at the limit,
   * and a line ruled out without decoding counts as the session's. Otherwise, and for records given
   * decoded, every record is read up to the limit. What is decoded is kept with the segment.
   *
   * @throws CorruptDataException when a line that is decoded is not a readable record
   */
  synchronized SavePart forSave(String name, int limit, int numbered, Set<String> sha256s) {
    String session = name.substring(name.lastIndexOf('\u0000') + 1);
    if (data == null || !IndexCodec.writtenAsIs(session)) {
      List<IndexRecord> found = new ArrayList<>();
      for (int i = 0; has(i) && found.size() < limit; i++) {
        if (get(i).sessionName().equals(name)) {
          found.add(get(i));
        }
      }
      return new SavePart(found, found.size());
    }
    // one char per byte: String's search is much faster than a loop over the bytes
    String text = text();
    String quoted =
        new String(
            ('"' + session + '"').getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    List<IndexRecord> found = new ArrayList<>();
    int passed = 0;
    int from = 0;
    for (int at = text.indexOf(quoted);
        at >= 0 && passed < limit;
        at = text.indexOf(quoted, from)) {
      int start = text.lastIndexOf('\n', at) + 1;
      int lineFeed = text.indexOf('\n', at);
      int end = lineFeed < 0 ? data.length : lineFeed;
      from = end + 1;
      if (found.size() >= numbered && !mayHold(text, start, end, sha256s)) {
        passed++; // the session's, most likely: counted without decoding it
        continue;
      }
      IndexRecord record = decodedLines.get(start);
      if (record == null) {
        record = decode(start, end);
        decodedLines.put(start, record);
      }
      if (record.sessionName().equals(name)) {
        found.add(record);
        passed++;
      }
    }
    return new SavePart(found, passed);
  }

  /**
   * Whether the line {@code text[start, end)} may be an entry of one of these bodies or a
   * tombstone: false only for a line whose SHA-256 field gives another body. The field is looked
   * for from the line's end, near which an entry writes it; no other field writes its text (a label
   * named {@code sha256} holds a list).
   */
  private static boolean mayHold(String text, int start, int end, Set<String> sha256s) {
    int field = text.lastIndexOf(SHA256_FIELD, end);
    int hex = field + SHA256_FIELD.length();
    if (field < start || hex + SHA256_HEX > end) {
      return true;
    }
    return sha256s.contains(text.substring(hex, hex + SHA256_HEX));
  }

  /** The data as one char per byte, for searches: made once. */
  private String text() {
    if (text == null) {
      text = new String(data, StandardCharsets.ISO_8859_1);
    }
    return text;
  }

  /** Decodes the line {@code data[start, end)}; an error names the line's number. */
  private IndexRecord decode(int start, int end) {
    decoded.increment();
    String line = new String(data, start, end - start, StandardCharsets.UTF_8);
    try {
      return IndexCodec.decodeRecord(key, line);
    } catch (CorruptDataException e) {
      // counted only now: a line's number is worth a pass over the text only for an error
      throw new CorruptDataException(
          e.getMessage().replace(key + ":", key + " line " + (lineFeedsBefore(start) + 1) + ":"),
          e);
    }
  }

  private int lineFeedsBefore(int end) {
    int lines = 0;
    for (int i = 0; i < end; i++) {
      if (data[i] == '\n') {
        lines++;
      }
    }
    return lines;
  }

  /**
   * Finds the next line that is not blank, from where the last search stopped; false when the data
   * holds no more. A line feed byte is never part of another character in UTF-8, so lines are found
   * in the bytes.
   */
  private boolean findLine() {
    while (data != null && scanned <= data.length) {
      int start = scanned;
      int end = start;
      while (end < data.length && data[end] != '\n') {
        end++;
      }
      scanned = end + 1;
      if (!isBlank(start, end)) {
        if (count == records.length) {
          int size = count * 2;
          starts = Arrays.copyOf(starts, size);
          ends = Arrays.copyOf(ends, size);
          records = Arrays.copyOf(records, size);
        }
        starts[count] = start;
        ends[count] = end;
        count++;
        return true;
      }
    }
    return false;
  }

  /**
   * Whether {@code data[start, end)} holds only white space ({@link Character#isWhitespace});
   * records start with a brace, so this usually looks at one byte.
   */
  private boolean isBlank(int start, int end) {
    for (int i = start; i < end; i++) {
      if (data[i] < 0) { // not ASCII: decide on the characters
        String line = new String(data, start, end - start, StandardCharsets.UTF_8);
        return line.codePoints().allMatch(Character::isWhitespace);
      }
      if (!Character.isWhitespace((char) data[i])) {
        return false;
      }
    }
    return true;
  }
}
