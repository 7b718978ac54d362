package dev.chatlog.capture.watch;

import dev.chatlog.capture.ImportProblem;
import dev.chatlog.capture.store.ConversationWriter;
import java.nio.file.Path;

/** Hears what a {@link LogWatcher} does; the command prints it and counts it. */
public interface WatchListener {
  /** A listener that ignores everything. */
  WatchListener NONE = new WatchListener() {};

  /** A scan of the folder found these many log files to follow. */
  default void scanned(int files) {}

  /** New messages of a conversation were imported from a log. */
  default void updated(Path log, ConversationWriter.Outcome outcome) {}

  /** A line of a log could not be read; it was skipped and the watcher goes on. */
  default void skipped(ImportProblem problem) {}

  /**
   * A log is read again from its start: it was truncated, rewritten or replaced by another file.
   *
   * @param why {@code truncated}, {@code rewritten} or {@code replaced}
   */
  default void restarted(Path log, String why) {}

  /**
   * Reading or importing a log failed; its place is kept and it is tried again at the next change
   * or scan.
   */
  default void failed(Path log, RuntimeException error) {}
}
