package dev.chatlog.engine;

import dev.chatlog.error.CorruptDataException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;

/**
 * The records of one index segment (or of the inbox, sorted the same way): newest first, each line
 * decoded when it is first asked for. A newest-first read usually needs a few dozen records of a
 * segment that holds thousands; decoding them all is what a fresh process would spend most of its
 * read on. Safe to share between threads: a record is immutable, and two threads decoding the same
 * line store equal records.
 */
final class SegmentRecords {
  private final String key;
  private final String text;
  private final int[] starts;
  private final int[] ends;
  private final int[] lineNumbers;
  private final IndexRecord[] records;
  private volatile List<IndexRecord> all;

  private SegmentRecords(
      String key, String text, int[] starts, int[] ends, int[] lineNumbers, IndexRecord[] records) {
    this.key = key;
    this.text = text;
    this.starts = starts;
    this.ends = ends;
    this.lineNumbers = lineNumbers;
    this.records = records;
  }

  /**
   * A segment as stored: one JSON record per line, blank lines ignored; nothing decoded yet. Only
   * where each line starts and ends is noted: a line becomes a string when it is decoded.
   */
  static SegmentRecords parse(String key, byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    int[] starts = new int[64];
    int[] ends = new int[64];
    int[] numbers = new int[64];
    int count = 0;
    int lineNumber = 0;
    for (int start = 0; start <= text.length(); ) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      lineNumber++;
      if (!isBlank(text, start, end)) {
        if (count == starts.length) {
          starts = Arrays.copyOf(starts, count * 2);
          ends = Arrays.copyOf(ends, count * 2);
          numbers = Arrays.copyOf(numbers, count * 2);
        }
        starts[count] = start;
        ends[count] = end;
        numbers[count] = lineNumber;
        count++;
      }
      start = end + 1;
    }
    return new SegmentRecords(
        key,
        text,
        Arrays.copyOf(starts, count),
        Arrays.copyOf(ends, count),
        Arrays.copyOf(numbers, count),
        new IndexRecord[count]);
  }

  /** Whether {@code text[start, end)} holds only white space (records start with a brace). */
  private static boolean isBlank(String text, int start, int end) {
    for (int i = start; i < end; i++) {
      if (!Character.isWhitespace(text.charAt(i))) {
        return false;
      }
    }
    return true;
  }

  /** Records already decoded (a segment just written, or inbox entries), in the order given. */
  static SegmentRecords of(String key, List<IndexRecord> records) {
    return new SegmentRecords(key, null, null, null, null, records.toArray(IndexRecord[]::new));
  }

  /** The key the records were read from, named in errors. */
  String key() {
    return key;
  }

  int size() {
    return records.length;
  }

  /**
   * The record at {@code index}, decoded on first use.
   *
   * @throws CorruptDataException when its line is not a readable record
   */
  IndexRecord get(int index) {
    IndexRecord record = records[index];
    if (record == null) {
      record =
          IndexCodec.decodeRecord(
              key + " line " + lineNumbers[index], text.substring(starts[index], ends[index]));
      records[index] = record;
    }
    return record;
  }

  /**
   * Every record, in order.
   *
   * @throws CorruptDataException when any line is not a readable record
   */
  List<IndexRecord> all() {
    List<IndexRecord> known = all;
    if (known == null) {
      List<IndexRecord> decoded = new ArrayList<>(records.length);
      for (int i = 0; i < records.length; i++) {
        decoded.add(get(i));
      }
      known = Collections.unmodifiableList(decoded);
      all = known;
    }
    return known;
  }
}
