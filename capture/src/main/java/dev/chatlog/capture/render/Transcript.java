package dev.chatlog.capture.render;

import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.model.Actor;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A transcript pasted as text, told apart into its messages by turn markers at the start of a line:
 * {@code User:} / {@code Assistant:}, {@code Human:} / {@code Assistant:}, {@code System:}, {@code
 * Tool:}, or Markdown headings {@code ## User}, {@code ### Assistant}. Text before the first marker
 * belongs to the first message.
 */
public final class Transcript {
  private static final Pattern MARKER =
      Pattern.compile(
          "(?m)^(?:#{1,4}\\s*(user|human|assistant|ai|system|tool)\\s*:?\\s*$"
              + "|(user|human|assistant|ai|system|tool)\\s*:[ \\t]?)",
          Pattern.CASE_INSENSITIVE);

  private Transcript() {}

  /**
   * The messages of a transcript; empty when the text does not read as one: fewer than two turn
   * markers, or only one speaker.
   */
  public static Optional<List<ImportedMessage>> parse(String text) {
    Matcher marker = MARKER.matcher(text);
    List<int[]> turns = new ArrayList<>();
    List<Actor> actors = new ArrayList<>();
    while (marker.find()) {
      String name = marker.group(1) != null ? marker.group(1) : marker.group(2);
      turns.add(new int[] {marker.start(), marker.end()});
      actors.add(actorOf(name));
    }
    if (turns.size() < 2 || actors.stream().distinct().count() < 2) {
      return Optional.empty();
    }
    List<ImportedMessage> messages = new ArrayList<>();
    for (int i = 0; i < turns.size(); i++) {
      int from = i == 0 ? 0 : turns.get(i)[1];
      if (i == 0) {
        from = turns.get(0)[1];
      }
      int to = i + 1 < turns.size() ? turns.get(i + 1)[0] : text.length();
      String body = (i == 0 ? text.substring(0, turns.get(0)[0]) : "") + text.substring(from, to);
      if (!body.isBlank()) {
        messages.add(
            ImportedMessage.of(Integer.toString(i + 1), actors.get(i), null, body.strip()));
      }
    }
    return messages.size() < 2 ? Optional.empty() : Optional.of(List.copyOf(messages));
  }

  private static Actor actorOf(String name) {
    return switch (name.toLowerCase(Locale.ROOT)) {
      case "user", "human" -> Actor.USER;
      case "assistant", "ai" -> Actor.ASSISTANT;
      case "system" -> Actor.SYSTEM;
      default -> Actor.TOOL;
    };
  }
}
