package dev.chatlog.engine;

import dev.chatlog.error.CorruptDataException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
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
  private final String[] lines;
  private final int[] lineNumbers;
  private final IndexRecord[] records;
  private volatile List<IndexRecord> all;

  private SegmentRecords(String key, String[] lines, int[] lineNumbers, IndexRecord[] records) {
    this.key = key;
    this.lines = lines;
    this.lineNumbers = lineNumbers;
    this.records = records;
  }

  /** A segment as stored: one JSON record per line, blank lines ignored; nothing decoded yet. */
  static SegmentRecords parse(String key, byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    List<String> lines = new ArrayList<>();
    List<Integer> numbers = new ArrayList<>();
    int lineNumber = 0;
    for (int start = 0; start <= text.length(); ) {
      int end = text.indexOf('\n', start);
      if (end < 0) {
        end = text.length();
      }
      lineNumber++;
      String line = text.substring(start, end);
      if (!line.isBlank()) {
        lines.add(line);
        numbers.add(lineNumber);
      }
      start = end + 1;
    }
    int[] lineNumbers = new int[numbers.size()];
    for (int i = 0; i < lineNumbers.length; i++) {
      lineNumbers[i] = numbers.get(i);
    }
    return new SegmentRecords(
        key, lines.toArray(String[]::new), lineNumbers, new IndexRecord[lines.size()]);
  }

  /** Records already decoded (a segment just written, or inbox entries), in the order given. */
  static SegmentRecords of(String key, List<IndexRecord> records) {
    SegmentRecords decoded =
        new SegmentRecords(key, null, null, records.toArray(IndexRecord[]::new));
    decoded.all = List.copyOf(records);
    return decoded;
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
      record = IndexCodec.decodeRecord(key + " line " + lineNumbers[index], lines[index]);
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
