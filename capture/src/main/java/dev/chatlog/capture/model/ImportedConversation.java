package dev.chatlog.capture.model;

import static java.util.Objects.requireNonNull;

import java.util.List;
import java.util.Map;

/**
 * One conversation read from a source, its messages in the order the user saw them.
 *
 * @param format the importer's name, such as {@code chatgpt} or {@code claude-code}
 * @param nativeId the source's own id of the conversation (a side chain or a branch gets an id of
 *     its own, derived from its parent's)
 * @param title its title; {@code ""} when the source has none
 * @param projectHint the project the source names (a Claude.ai project, the name of an agent's
 *     working folder); {@code ""} when it names none
 * @param summary a one-line summary the source gives; {@code ""} when none
 * @param origin where it was read, for messages to the user: a file, or a zip and its entry
 * @param tags free tags the source gives (legacy keywords)
 * @param labels key to values: {@code parent-session} of a side chain, {@code branch} and {@code
 *     branch-of} of a ChatGPT branch, {@code adr}, {@code epic}, {@code capability} of legacy
 *     saves, {@code git-branch}; keys as in {@link ImportLabels#checkKey(String)}
 * @param models the model names used, in order of first use, without duplicates
 * @param messages at least one message, in order
 */
public record ImportedConversation(
    String format,
    String nativeId,
    String title,
    String projectHint,
    String summary,
    String origin,
    List<String> tags,
    Map<String, List<String>> labels,
    List<String> models,
    List<ImportedMessage> messages) {

  public ImportedConversation {
    requireNonNull(format, "format is null");
    requireNonNull(nativeId, "nativeId is null");
    requireNonNull(origin, "origin is null");
    requireNonNull(messages, "messages is null");
    if (nativeId.isBlank()) {
      throw new IllegalArgumentException("nativeId is blank");
    }
    if (messages.isEmpty()) {
      throw new IllegalArgumentException("conversation " + nativeId + " has no messages");
    }
    title = title == null ? "" : title;
    projectHint = projectHint == null ? "" : projectHint;
    summary = summary == null ? "" : summary;
    tags = tags == null ? List.of() : List.copyOf(tags);
    labels = ImportLabels.copyOf(labels);
    models = models == null ? List.of() : List.copyOf(models.stream().distinct().toList());
    messages = List.copyOf(messages);
  }

  /** The first value of a label, or {@code ""}. */
  public String label(String key) {
    List<String> values = labels.get(key);
    return values == null || values.isEmpty() ? "" : values.get(0);
  }
}
