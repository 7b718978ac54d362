package dev.chatlog.cli;

import dev.chatlog.SaveProgress;
import java.io.PrintWriter;

/**
 * The progress of a long batch save on a terminal: one line on stderr ({@code chatlog: saving 1200
 * of 5000 chunks}), rewritten in place at each whole percent and cleared when the save ends, so
 * that nothing of it is left between the command and its output. Batches under {@link #LONG_BATCH}
 * chunks show nothing.
 */
final class ProgressLine implements SaveProgress, AutoCloseable {
  /** The number of chunks from which a batch shows its progress. */
  static final int LONG_BATCH = 256;

  private final PrintWriter err;
  private final String programName;
  private final String verb;
  private int shownPercent = -1;
  private int shownDone;
  private int shownLength;

  ProgressLine(PrintWriter err, String programName) {
    this(err, programName, "saving");
  }

  /** A line that names the work: {@code saving}, {@code exporting}, {@code copying}. */
  ProgressLine(PrintWriter err, String programName, String verb) {
    this.err = err;
    this.programName = programName;
    this.verb = verb;
  }

  /**
   * Shows {@code done} of {@code total} at each new whole percent; with a total not known yet (-1),
   * the count of chunks done so far, from {@link #LONG_BATCH} on.
   */
  @Override
  public synchronized void update(int done, int total) {
    if (total < 0) {
      if (done >= LONG_BATCH && done > shownDone) {
        show(programName + ": " + verb + ", " + done + " chunks so far");
        shownDone = done;
      }
      return;
    }
    if (total < LONG_BATCH) {
      return;
    }
    int percent = (int) (100L * Math.min(done, total) / total);
    if (percent <= shownPercent) {
      return;
    }
    show(programName + ": " + verb + " " + done + " of " + total + " chunks");
    shownPercent = percent;
  }

  private void show(String line) {
    err.print('\r' + line + " ".repeat(Math.max(0, shownLength - line.length())));
    err.flush();
    shownLength = line.length();
  }

  /** Clears the line, if one was shown. */
  @Override
  public synchronized void close() {
    if (shownLength > 0) {
      err.print('\r' + " ".repeat(shownLength) + '\r');
      err.flush();
      shownLength = 0;
    }
  }
}
