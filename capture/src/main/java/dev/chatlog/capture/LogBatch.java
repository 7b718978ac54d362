package dev.chatlog.capture;

import static java.util.Objects.requireNonNull;

import dev.chatlog.capture.model.ImportedConversation;
import java.util.List;

/**
 * What one incremental read of a log gave.
 *
 * @param conversations the conversations with messages completed since the position read from, each
 *     holding only those messages
 * @param resumeAt where the next read starts: after the last line read, or before the first line of
 *     a message still open (a half-written last line, or an answer whose parts may still come)
 */
public record LogBatch(List<ImportedConversation> conversations, LogPosition resumeAt) {
  public LogBatch {
    conversations = List.copyOf(conversations);
    requireNonNull(resumeAt, "resumeAt is null");
  }
}
