package dev.chatlog.capture.format;

import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportProblem;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/** Helpers to assemble conversations, shared by the formats. */
public final class Messages {
  /** The label that names a message's model. */
  public static final String MODEL = "model";

  private Messages() {}

  /** A label map of one key and value, or empty when the value is blank. */
  public static Map<String, List<String>> label(String key, String value) {
    return value == null || value.isBlank() ? Map.of() : Map.of(key, List.of(value));
  }

  /** The models named by the messages' {@value #MODEL} labels, in order of first use. */
  public static List<String> models(List<ImportedMessage> messages) {
    Set<String> models = new LinkedHashSet<>();
    for (ImportedMessage message : messages) {
      models.addAll(message.labels().getOrDefault(MODEL, List.of()));
    }
    return new ArrayList<>(models);
  }

  /**
   * The conversation, or empty after reporting it to the listener when it has no messages: a
   * conversation without messages is skipped, never an error that stops an import.
   */
  public static Optional<ImportedConversation> conversation(
      String format,
      String nativeId,
      String title,
      String projectHint,
      String summary,
      String origin,
      List<String> tags,
      Map<String, List<String>> labels,
      List<ImportedMessage> messages,
      ImportOptions options) {
    if (messages.isEmpty()) {
      options
          .listener()
          .skipped(ImportProblem.of(origin, "conversation " + nativeId + " has no messages"));
      return Optional.empty();
    }
    return Optional.of(
        new ImportedConversation(
            format,
            nativeId,
            oneLine(title),
            oneLine(projectHint),
            oneLine(summary),
            origin,
            tags,
            labels,
            models(messages),
            messages));
  }

  /** The text on one line: line breaks and other control characters become spaces. */
  public static String oneLine(String text) {
    if (text == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(text.length());
    for (int i = 0; i < text.length(); i++) {
      char c = text.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    return out.toString().strip();
  }
}
