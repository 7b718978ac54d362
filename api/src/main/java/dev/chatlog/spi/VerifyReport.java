package dev.chatlog.spi;

import static java.util.Objects.requireNonNull;

import java.util.List;

/**
 * What {@link ChunkStore#verify(boolean)} found.
 *
 * @param checked how many chunks were checked
 * @param problems every mismatch found, repaired or not
 * @since 0.1.0
 */
public record VerifyReport(long checked, List<Problem> problems) {
  public VerifyReport {
    problems = List.copyOf(problems);
  }

  /** Whether the store is consistent: nothing left unrepaired but notices. */
  public boolean clean() {
    return problems.stream().allMatch(problem -> problem.repaired() || problem.kind().notice());
  }

  /** The kinds of mismatch verify looks for. */
  public enum Kind {
    /**
     * A chunk whose body was changed since it was saved (a chunk file edited by hand, or damaged):
     * it no longer matches the checksum and size it was saved with. Reads still return it, marked
     * modified; a repair that accepts edits makes its new body the saved one, and no repair ever
     * moves it.
     */
    MODIFIED,
    /** A chunk file whose front matter cannot be read. */
    UNREADABLE_CHUNK,
    /** A chunk that no index entry points to. */
    NOT_INDEXED,
    /** An index entry whose chunk is missing. */
    MISSING_CHUNK,
    /** A segment, inbox entry or manifest that cannot be read. */
    UNREADABLE_INDEX,
    /**
     * A link in the store that leads outside it: what it holds is read, but nothing is written or
     * deleted through it, so saves, deletes and repairs there fail.
     */
    LINK_LEAVING_STORE,
    /**
     * A file among the chunks that is not a chunk (a note of the user's, say): a notice, never
     * moved or changed by a repair.
     */
    NOT_A_CHUNK;

    /** Whether this kind is only a notice, which leaves the store {@linkplain #clean() clean}. */
    public boolean notice() {
      return this == NOT_A_CHUNK;
    }
  }

  /**
   * One mismatch.
   *
   * @param kind what is wrong
   * @param key the key (or chunk id) it is about
   * @param detail one line saying what was seen
   * @param repaired whether {@code --repair} fixed it
   */
  public record Problem(Kind kind, String key, String detail, boolean repaired) {
    public Problem {
      requireNonNull(kind, "kind is null");
      requireNonNull(key, "key is null");
      requireNonNull(detail, "detail is null");
    }

    /**
     * A {@link Kind#MODIFIED} chunk, its detail in the words of the person who edited it.
     *
     * @param savedSize the size in bytes of the body as saved
     * @param size the size in bytes of the body now
     */
    public static Problem modified(String key, long savedSize, long size, boolean repaired) {
      return new Problem(
          Kind.MODIFIED,
          key,
          "edited since it was saved (the body has "
              + size
              + " bytes, "
              + savedSize
              + " when saved); reads return it marked modified, and a repair that accepts edits"
              + " (verify --repair --accept-edits) keeps it",
          repaired);
    }
  }
}
