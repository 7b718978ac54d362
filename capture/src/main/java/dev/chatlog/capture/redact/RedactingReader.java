package dev.chatlog.capture.redact;

import java.io.IOException;
import java.io.Reader;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * A reader that redacts the text of another as it is read, in windows: each window is searched
 * whole, and only its part up to a cut some way before its end is given out; the rest is searched
 * again with the next window. The cut is moved past any secret that crosses it, and put at a line
 * break (else a blank) where there is one, so that a match is seen whole unless it is longer than
 * {@link #OVERLAP} characters.
 */
final class RedactingReader extends Reader {
  /** Characters searched at once. */
  static final int WINDOW = 1 << 20;

  /** Characters kept back from each window's end, to be searched again with the next. */
  static final int OVERLAP = 64 * 1024;

  private final Reader in;
  private final Redactor redactor;
  private final RedactionTally tally;
  private final StringBuilder pending = new StringBuilder();
  private String ready = "";
  private int readyAt;
  private boolean ended;

  RedactingReader(Reader in, Redactor redactor, RedactionTally tally) {
    this.in = in;
    this.redactor = redactor;
    this.tally = tally;
  }

  @Override
  public int read(char[] buffer, int offset, int length) throws IOException {
    if (length == 0) {
      return 0;
    }
    while (readyAt == ready.length()) {
      if (ended && pending.length() == 0) {
        return -1;
      }
      fill();
    }
    int n = Math.min(length, ready.length() - readyAt);
    ready.getChars(readyAt, readyAt + n, buffer, offset);
    readyAt += n;
    return n;
  }

  /** Reads a window, and makes its redacted part up to the cut ready. */
  private void fill() throws IOException {
    char[] chunk = new char[8192];
    while (!ended && pending.length() < WINDOW) {
      int n = in.read(chunk);
      if (n < 0) {
        ended = true;
      } else {
        pending.append(chunk, 0, n);
      }
    }
    List<Redactor.Span> spans = redactor.find(pending);
    int cut = ended ? pending.length() : cut(pending.length() - OVERLAP);
    for (Redactor.Span span : spans) {
      if (span.start() < cut && span.end() > cut) {
        cut = span.end();
      }
    }
    StringBuilder out = new StringBuilder(cut + 64);
    Map<String, Integer> counts = new HashMap<>();
    Redactor.replace(pending, spans, cut, out, counts);
    tally.add(counts);
    pending.delete(0, cut);
    ready = out.toString();
    readyAt = 0;
  }

  /** A cut at or before {@code limit}: after the last line break, else blank, else the limit. */
  private int cut(int limit) {
    int floor = limit / 2;
    for (int i = limit - 1; i >= floor; i--) {
      if (pending.charAt(i) == '\n') {
        return i + 1;
      }
    }
    for (int i = limit - 1; i >= floor; i--) {
      if (Character.isWhitespace(pending.charAt(i))) {
        return i + 1;
      }
    }
    return limit;
  }

  @Override
  public void close() throws IOException {
    in.close();
  }
}
