package dev.chatlog.capture.model;

import static java.util.Objects.requireNonNull;

import dev.chatlog.model.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Map;

/**
 * One message of an imported conversation.
 *
 * @param nativeId the source's own id of the message, stable across imports of the same source (an
 *     API message id, a node id, a line's byte offset in an append-only log)
 * @param actor who wrote it; tool results are {@link Actor#TOOL}, instructions and notices {@link
 *     Actor#SYSTEM}
 * @param time when it was written, or {@code null} when the source does not say
 * @param text the message as Markdown, tool calls and results rendered compactly; never blank and
 *     without NUL characters
 * @param labels key to values, such as {@code model}, {@code status} or {@code truncated}; keys as
 *     in {@link ImportLabels#checkKey(String)}
 */
public record ImportedMessage(
    String nativeId, Actor actor, Instant time, String text, Map<String, List<String>> labels) {

  public ImportedMessage {
    requireNonNull(nativeId, "nativeId is null");
    requireNonNull(actor, "actor is null");
    requireNonNull(text, "text is null");
    if (nativeId.isBlank()) {
      throw new IllegalArgumentException("nativeId is blank");
    }
    if (text.isBlank()) {
      throw new IllegalArgumentException("text of message " + nativeId + " is blank");
    }
    if (text.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("text of message " + nativeId + " contains NUL");
    }
    labels = ImportLabels.copyOf(labels);
  }

  /** A message without labels. */
  public static ImportedMessage of(String nativeId, Actor actor, Instant time, String text) {
    return new ImportedMessage(nativeId, actor, time, text, Map.of());
  }

  /** The first value of a label, or {@code ""}. */
  public String label(String key) {
    List<String> values = labels.get(key);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }
}
