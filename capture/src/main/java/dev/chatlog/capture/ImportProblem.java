package dev.chatlog.capture;

import static java.util.Objects.requireNonNull;

/**
 * Something an import skipped, and why. It names the place, never the content: a hostile file may
 * hold credentials.
 *
 * @param origin the file, or the archive and entry
 * @param line the line number (from 1), or {@code 0} when not about a line
 * @param byteOffset the byte offset of the line or place, or {@code -1} when not known
 * @param reason what was wrong, e.g. {@code "not JSON"} or {@code "conversation X has no messages"}
 */
public record ImportProblem(String origin, long line, long byteOffset, String reason) {
  public ImportProblem {
    requireNonNull(origin, "origin is null");
    requireNonNull(reason, "reason is null");
  }

  /** A problem that is not about one line. */
  public static ImportProblem of(String origin, String reason) {
    return new ImportProblem(origin, 0, -1, reason);
  }

  /** {@code origin, line 7 (byte 1234): reason}. */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(origin);
    if (line > 0) {
      out.append(", line ").append(line);
    }
    if (byteOffset >= 0) {
      out.append(line > 0 ? " (byte " : ", byte ").append(byteOffset).append(line > 0 ? ")" : "");
    }
    return out.append(": ").append(reason).toString();
  }
}
