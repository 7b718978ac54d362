package dev.chatlog.capture;

import java.nio.file.Path;

/**
 * An importer of an append-only log (Claude Code, Codex) that can also read a file from a position,
 * so that a watcher reads only what was appended since its last read.
 *
 * <p>Message ids are stable across reads (API message ids, line ids, or a line's byte offset), so a
 * message read twice is the same message. A read never returns a message from a half-written line;
 * with {@code endOfInput} false it also holds back a message whose parts may still come.
 */
public interface LogImporter extends Importer {
  /**
   * Reads a log file from a position.
   *
   * @param file the log
   * @param from where to start: {@link LogPosition#START}, or a previous batch's {@link
   *     LogBatch#resumeAt()}
   * @param endOfInput whether the file is taken as complete: true for a one-off import or a log
   *     idle for a while, which gives every message read; false while the log may still grow
   * @throws dev.chatlog.error.InvalidInputException when the file cannot be read, or a line cannot
   *     be read and {@link ImportOptions#badLines()} is {@link BadLinePolicy#FAIL}
   */
  LogBatch readLog(Path file, LogPosition from, boolean endOfInput, ImportOptions options);
}
