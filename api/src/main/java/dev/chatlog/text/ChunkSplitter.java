package dev.chatlog.text;

import static java.util.Objects.requireNonNull;

import dev.chatlog.engine.ChunkCodec;
import dev.chatlog.error.InvalidInputException;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Set;

/**
 * Cuts content into parts of at most a given number of Unicode code points, so that nothing is ever
 * truncated: the parts, concatenated, give back the content exactly.
 *
 * <p>Each cut falls in the second half of its window of {@code maxChars} code points, preferring
 * (in this order) the end of a blank line (a paragraph boundary), the end of a line, and the end of
 * a space or tab; where the second half holds none of these, the window is cut at its end. A cut
 * never falls between the two halves of a surrogate pair.
 *
 * <p>The parts of one content are pairwise different: a store keeps one chunk per distinct body in
 * a session, so two equal parts would lose one of them. Where a cut would repeat an earlier part,
 * it moves back one code point at a time until the part is new (and a remainder that repeats an
 * earlier part is cut once more).
 *
 * <p>Content is read as the parts are asked for ({@link #parts(Reader, int)}), holding about two
 * windows of text and a digest of each earlier part, so that a long input is split in bounded
 * memory; {@link #split(String, int)} gives the same parts at once.
 *
 * @since 0.1.0
 */
public final class ChunkSplitter {
  private ChunkSplitter() {}

  /**
   * Splits content into consecutive, pairwise different parts of at most {@code maxChars} code
   * points each.
   *
   * @return the content itself when it fits, else two or more non-empty parts
   * @throws IllegalArgumentException when {@code maxChars} is less than 1
   * @throws InvalidInputException when the content repeats itself so much that it has no split into
   *     different parts of that size
   */
  public static List<String> split(String content, int maxChars) {
    requireNonNull(content, "content is null");
    if (maxChars >= 1 && content.codePointCount(0, content.length()) <= maxChars) {
      return List.of(content);
    }
    List<String> parts = new ArrayList<>();
    parts(new StringReader(content), maxChars).forEachRemaining(parts::add);
    return List.copyOf(parts);
  }

  /**
   * The parts {@link #split} gives, read from {@code content} as they are asked for. The iterator
   * throws {@link UncheckedIOException} when reading fails and {@link InvalidInputException} as
   * {@code split} does; it does not close the reader.
   *
   * @throws IllegalArgumentException when {@code maxChars} is less than 1
   */
  public static Iterator<String> parts(Reader content, int maxChars) {
    requireNonNull(content, "content is null");
    if (maxChars < 1) {
      throw new IllegalArgumentException("maxChars must be at least 1: " + maxChars);
    }
    return new Parts(content, maxChars);
  }

  /** The parts of one content, cut from a buffer that holds the text not yet returned. */
  private static final class Parts implements Iterator<String> {
    private final Reader in;
    private final int maxChars;
    private final StringBuilder buffer = new StringBuilder();
    private final char[] read = new char[8192];
    private final Set<String> seen = new HashSet<>();
    private boolean eof;
    private boolean first = true;

    Parts(Reader in, int maxChars) {
      this.in = in;
      this.maxChars = maxChars;
    }

    @Override
    public boolean hasNext() {
      fill();
      return buffer.length() > 0 || first;
    }

    @Override
    public String next() {
      if (!hasNext()) {
        throw new NoSuchElementException();
      }
      first = false;
      int length = buffer.length();
      int restChars = eof ? buffer.codePointCount(0, length) : maxChars + 1;
      int cut;
      if (restChars <= maxChars && (seen.isEmpty() || !seen.contains(digest(buffer.toString())))) {
        cut = length;
      } else {
        int end = restChars <= maxChars ? length : buffer.offsetByCodePoints(0, maxChars);
        cut = distinctCut(preferredCut(end));
      }
      String part = buffer.substring(0, cut);
      seen.add(digest(part));
      buffer.delete(0, cut);
      return part;
    }

    /**
     * Reads until the buffer holds more than a window of code points (two chars each at most), or
     * the content ends: a cut then never depends on text not read yet.
     */
    private void fill() {
      long wanted = 2L * maxChars + 2;
      try {
        while (!eof && buffer.length() < wanted) {
          int n = in.read(read, 0, (int) Math.min(read.length, wanted - buffer.length()));
          if (n < 0) {
            eof = true;
          } else {
            buffer.append(read, 0, n);
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the input: " + e.getMessage(), e);
      }
    }

    /**
     * The preferred cut, or the nearest one before it whose part is new; when the window is the
     * whole remainder, the cut must leave something after it.
     */
    private int distinctCut(int preferred) {
      int cut =
          eof && preferred == buffer.length()
              ? buffer.offsetByCodePoints(preferred, -1)
              : preferred;
      while (cut > 0 && seen.contains(digest(buffer.substring(0, cut)))) {
        cut = buffer.offsetByCodePoints(cut, -1);
      }
      if (cut == 0) {
        throw new InvalidInputException(
            "Cannot split the input into different chunks of at most "
                + maxChars
                + " characters: it repeats itself too often; raise CHM_CHUNK_MAX_CHARS");
      }
      return cut;
    }

    /** Where to cut the window {@code [0, end)}: a position in {@code (0, end]}. */
    private int preferredCut(int end) {
      int floor = end / 2;
      int line = -1;
      int space = -1;
      for (int i = end; i > floor; i--) {
        char last = buffer.charAt(i - 1);
        if (last == '\n') {
          if (isBlankLineEnd(i)) {
            return i;
          } else if (line < 0) {
            line = i;
          }
        } else if ((last == ' ' || last == '\t') && space < 0) {
          space = i;
        }
      }
      if (line > 0) {
        return line;
      }
      return space > 0 ? space : end;
    }

    /** Whether {@code buffer[..i)} ends with a line break that closes an empty line. */
    private boolean isBlankLineEnd(int i) {
      int j = i - 2;
      if (j >= 0 && buffer.charAt(j) == '\r') {
        j--;
      }
      return j >= 0 && buffer.charAt(j) == '\n';
    }

    /** What is kept of an earlier part to tell a repeat: its digest, not its text. */
    private static String digest(String part) {
      return ChunkCodec.sha256(part);
    }
  }
}
