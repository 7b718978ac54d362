package dev.chatlog.engine;

import dev.chatlog.error.CorruptDataException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The records of one index segment (or of the inbox, sorted the same way): newest first, each line
 * found and decoded when it is first asked for. A newest-first read usually needs a few dozen
 * records of a segment that holds thousands; decoding them all, or even finding where every line of
 * a megabyte-sized segment starts, is what a fresh process would spend most of its read on.
 * Thread-safe.
 */
final class SegmentRecords {
  private final String key;
  private final byte[] data;
  private int[] starts;
  private int[] ends;
  private int[] lineNumbers;
  private IndexRecord[] records;
  private int count;
  private int scanned;
  private int lineNumber;
  private List<IndexRecord> all;

  private SegmentRecords(String key, byte[] data, IndexRecord[] records, int count) {
    this.key = key;
    this.data = data;
    this.records = records;
    this.count = count;
    this.starts = new int[records.length];
    this.ends = new int[records.length];
    this.lineNumbers = new int[records.length];
  }

  /**
   * A segment as stored: one JSON record per line of UTF-8, blank lines ignored; nothing decoded,
   * nor even split into lines, yet.
   */
  static SegmentRecords parse(String key, byte[] data) {
    return new SegmentRecords(key, data, new IndexRecord[16], 0);
  }

  /** Records already decoded (a segment just written, or inbox entries), in the order given. */
  static SegmentRecords of(String key, List<IndexRecord> records) {
    IndexRecord[] given = records.toArray(new IndexRecord[0]);
    return new SegmentRecords(key, null, given, given.length);
  }

  /** The key the records were read from, named in errors. */
  String key() {
    return key;
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
      record =
          IndexCodec.decodeRecord(
              key + " line " + lineNumbers[index],
              new String(data, starts[index], ends[index] - starts[index], StandardCharsets.UTF_8));
      records[index] = record;
    }
    return record;
  }

  /**
   * Every record, in order.
   *
   * @throws CorruptDataException when any line is not a readable record
   */
  synchronized List<IndexRecord> all() {
    if (all == null) {
      List<IndexRecord> decoded = new ArrayList<>();
      for (int i = 0; has(i); i++) {
        decoded.add(get(i));
      }
      all = Collections.unmodifiableList(decoded);
    }
    return all;
  }

  /**
   * The records of one session ({@link Sessions#name}), in order. A record's line names its session
   * as a JSON string, which holds the session's own UTF-8 bytes when the session has no character a
   * JSON writer may escape; then only the lines holding those bytes (quotes included) are decoded,
   * not the thousands of other sessions' lines. Otherwise every line is.
   *
   * @throws CorruptDataException when a line that may hold the session is not a readable record
   */
  synchronized List<IndexRecord> ofSession(String name) {
    String session = name.substring(name.lastIndexOf('\u0000') + 1);
    if (data == null || !IndexCodec.writtenAsIs(session)) {
      List<IndexRecord> found = new ArrayList<>();
      for (int i = 0; has(i); i++) {
        if (get(i).sessionName().equals(name)) {
          found.add(get(i));
        }
      }
      return found;
    }
    // one char per byte: String's search is much faster than a loop over the bytes in a fresh JVM
    String text = new String(data, StandardCharsets.ISO_8859_1);
    String quoted =
        new String(
            ('"' + session + '"').getBytes(StandardCharsets.UTF_8), StandardCharsets.ISO_8859_1);
    List<IndexRecord> found = new ArrayList<>();
    int from = 0;
    for (int at = text.indexOf(quoted); at >= 0; at = text.indexOf(quoted, from)) {
      int start = text.lastIndexOf('\n', at) + 1;
      int end = text.indexOf('\n', at);
      end = end < 0 ? data.length : end;
      IndexRecord record =
          IndexCodec.decodeRecord(
              key + " line " + (lineCount(start) + 1),
              new String(data, start, end - start, StandardCharsets.UTF_8));
      if (record.sessionName().equals(name)) {
        found.add(record);
      }
      from = end + 1;
    }
    return found;
  }

  /** How many line feeds come before {@code end}: a line's number, less one, for errors. */
  private int lineCount(int end) {
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
      lineNumber++;
      if (!isBlank(start, end)) {
        if (count == records.length) {
          int size = count * 2;
          starts = Arrays.copyOf(starts, size);
          ends = Arrays.copyOf(ends, size);
          lineNumbers = Arrays.copyOf(lineNumbers, size);
          records = Arrays.copyOf(records, size);
        }
        starts[count] = start;
        ends[count] = end;
        lineNumbers[count] = lineNumber;
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
