package dev.chatlog.model;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.InvalidInputException;
import java.time.Instant;

/**
 * A chunk's identifier: 26 characters of Crockford base32 in the ULID layout, 48 bits of
 * milliseconds since the epoch followed by 80 bits that make it unique. Key order is time order.
 * {@link #toString()} gives back the text it was parsed from, always in its canonical upper case;
 * what a person types is read by {@link #parse} and {@link #normalize}.
 *
 * @since 0.1.0
 */
public final class ChunkId implements Comparable<ChunkId> {
  /** Length of every id. */
  public static final int LENGTH = 26;

  private static final String ALPHABET = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";

  private final String value;

  private ChunkId(String value) {
    this.value = value;
  }

  /** Parses an id; anything but 26 characters of upper-case Crockford base32 is rejected. */
  public static ChunkId of(String text) {
    requireNonNull(text, "text is null");
    if (!isValid(text)) {
      throw new InvalidInputException(
          "Cannot parse chunk id '" + text + "': expected 26 characters of Crockford base32");
    }
    return new ChunkId(text);
  }

  /** Whether the text is a well-formed id. */
  public static boolean isValid(String text) {
    if (text == null || text.length() != LENGTH || text.charAt(0) > '7') {
      return false;
    }
    for (int i = 0; i < LENGTH; i++) {
      if (ALPHABET.indexOf(text.charAt(i)) < 0) {
        return false;
      }
    }
    return true;
  }

  /**
   * An id as a person types it ({@link #normalize}): in any case, with I, L and O for 1, 1 and 0.
   *
   * @throws InvalidInputException when it is not a whole id
   */
  public static ChunkId parse(String text) {
    String canonical = normalize(text);
    if (canonical.length() != LENGTH) {
      throw new InvalidInputException(
          "Cannot parse chunk id '"
              + text.strip()
              + "': expected 26 characters of Crockford base32");
    }
    return of(canonical);
  }

  /**
   * A whole id or the start of one as a person types it, in its canonical form: surrounding white
   * space dropped, upper case, and the letters Crockford base32 reads as digits (I and L as 1, O as
   * 0) turned into them.
   *
   * @throws InvalidInputException for an empty text, one longer than an id, or a character outside
   *     Crockford base32
   */
  public static String normalize(String text) {
    requireNonNull(text, "text is null");
    String stripped = text.strip();
    if (stripped.isEmpty() || stripped.length() > LENGTH) {
      throw new InvalidInputException(
          "Cannot parse chunk id '"
              + stripped
              + "': expected 26 characters of Crockford base32, or the start of them");
    }
    StringBuilder canonical = new StringBuilder(stripped.length());
    for (int i = 0; i < stripped.length(); i++) {
      char c = Character.toUpperCase(stripped.charAt(i));
      c = c == 'I' || c == 'L' ? '1' : c == 'O' ? '0' : c;
      if (ALPHABET.indexOf(c) < 0) {
        throw new InvalidInputException(
            "Cannot parse chunk id '"
                + stripped
                + "': '"
                + stripped.charAt(i)
                + "' is not a character of Crockford base32 (0-9 and A-Z but I, L, O, U)");
      }
      canonical.append(c);
    }
    return canonical.toString();
  }

  /**
   * The smallest text of {@link #LENGTH} characters that starts with {@code prefix} (canonical, as
   * {@link #normalize} gives it): with {@link #lastWithPrefix}, the key range of the ids that start
   * with it.
   */
  public static String firstWithPrefix(String prefix) {
    return prefix + "0".repeat(Math.max(0, LENGTH - prefix.length()));
  }

  /** The largest text of {@link #LENGTH} characters that starts with {@code prefix}. */
  public static String lastWithPrefix(String prefix) {
    return prefix + "Z".repeat(Math.max(0, LENGTH - prefix.length()));
  }

  /** Builds an id from its time and 80 bits of entropy (the high 16 bits, then the low 64). */
  public static ChunkId of(long epochMillis, long entropyHigh16, long entropyLow64) {
    if (epochMillis < 0 || epochMillis >= (1L << 48)) {
      throw new IllegalArgumentException("epochMillis out of range: " + epochMillis);
    }
    char[] out = new char[LENGTH];
    long time = epochMillis;
    for (int i = 9; i >= 0; i--) {
      out[i] = ALPHABET.charAt((int) (time & 31));
      time >>>= 5;
    }
    // 80 bits of entropy = 16 characters; low 64 bits give 12 full chars + 4 bits.
    long low = entropyLow64;
    for (int i = 25; i >= 14; i--) {
      out[i] = ALPHABET.charAt((int) (low & 31));
      low >>>= 5;
    }
    long high = ((entropyHigh16 & 0xFFFF) << 4) | (low & 0xF);
    for (int i = 13; i >= 10; i--) {
      out[i] = ALPHABET.charAt((int) (high & 31));
      high >>>= 5;
    }
    return new ChunkId(new String(out));
  }

  /** The millisecond this id was made for. */
  public Instant instant() {
    long time = 0;
    for (int i = 0; i < 10; i++) {
      time = (time << 5) | ALPHABET.indexOf(value.charAt(i));
    }
    return Instant.ofEpochMilli(time);
  }

  @Override
  public int compareTo(ChunkId other) {
    return value.compareTo(other.value);
  }

  @Override
  public boolean equals(Object other) {
    return other instanceof ChunkId id && id.value.equals(value);
  }

  @Override
  public int hashCode() {
    return value.hashCode();
  }

  @Override
  public String toString() {
    return value;
  }
}
