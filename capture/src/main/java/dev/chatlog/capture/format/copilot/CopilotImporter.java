package dev.chatlog.capture.format.copilot;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.Importers;
import dev.chatlog.capture.Sniff;
import dev.chatlog.capture.format.FormatImporter;
import dev.chatlog.capture.format.Json;
import dev.chatlog.capture.format.JsonArrayReader;
import dev.chatlog.capture.format.Messages;
import dev.chatlog.capture.format.Texts;
import dev.chatlog.capture.format.Times;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.capture.source.ImportSource;
import dev.chatlog.capture.source.SourceEntry;
import dev.chatlog.model.Actor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads VS Code Copilot chats: each request is the user's message and the answer merged from its
 * response parts (text, references, tool invocations, edits). A request without a result is a chat
 * still running: its answer is imported as far as it goes and labelled {@code status=incomplete}.
 */
public final class CopilotImporter extends FormatImporter {
  /** This format's name. */
  public static final String NAME = "copilot";

  public CopilotImporter() {
    super(
        NAME,
        "a VS Code Copilot chat (an Export Chat .json file or workspaceStorage chatSessions)");
  }

  @Override
  public List<SourceEntry> select(ImportSource source) {
    List<SourceEntry> json =
        source.entries().stream().filter(e -> Importers.endsWith(e, ".json")).toList();
    List<SourceEntry> sessions =
        json.stream().filter(e -> e.path().contains("chatSessions/")).toList();
    return sessions.isEmpty() ? json : sessions;
  }

  @Override
  public boolean sniff(Sniff sniff) {
    Set<String> fields = sniff.firstObjectFields();
    return !sniff.startsWithArray()
        && (fields.contains("requests")
            || fields.contains("requesterUsername")
            || fields.contains("responderUsername"));
  }

  @Override
  public Stream<ImportedConversation> read(
      ImportSource source, List<SourceEntry> entries, ImportOptions options) {
    return eachElement(
        entries,
        entry -> {
          String project = project(source, entry);
          return (node, reader) -> conversation(node, entry, project, options).stream().toList();
        });
  }

  /** The workspace folder's name, from {@code workspace.json} beside {@code chatSessions}. */
  private static String project(ImportSource source, SourceEntry entry) {
    String path = entry.path();
    int at = path.lastIndexOf("chatSessions/");
    if (at < 0) {
      return "";
    }
    Optional<SourceEntry> workspace = source.find(path.substring(0, at) + "workspace.json");
    if (workspace.isEmpty()) {
      return "";
    }
    try (JsonArrayReader reader = JsonArrayReader.open(workspace.get())) {
      JsonNode node = reader.hasNext() ? reader.next() : null;
      String folder = Json.text(node, "folder");
      if (folder.isBlank()) {
        folder = Json.text(node, "workspace");
      }
      return Texts.folderName(folder);
    } catch (RuntimeException e) {
      return "";
    }
  }

  private static Optional<ImportedConversation> conversation(
      JsonNode chat, SourceEntry entry, String project, ImportOptions options) {
    List<JsonNode> requests = Json.array(chat, "requests");
    String id = Json.text(chat, "sessionId");
    if (id.isBlank() && !requests.isEmpty()) {
      id = Json.text(requests.get(0), "requestId");
    }
    if (id.isBlank()) {
      id = entry.fileName().replaceFirst("\\.json$", "");
    }
    List<ImportedMessage> messages = new ArrayList<>();
    for (JsonNode request : requests) {
      request(request, messages, options);
    }
    String title = Json.text(chat, "customTitle");
    if (title.isBlank()) {
      title =
          messages.stream()
              .filter(m -> m.actor() == Actor.USER)
              .findFirst()
              .map(m -> Texts.title(m.text()))
              .orElse("");
    }
    return Messages.conversation(
        NAME, id, title, project, "", entry.displayName(), List.of(), Map.of(), messages, options);
  }

  private static void request(
      JsonNode request, List<ImportedMessage> messages, ImportOptions options) {
    String requestId = Json.text(request, "requestId");
    if (requestId.isBlank()) {
      return;
    }
    Instant asked = Times.epochMillis(request.get("timestamp"));
    String question = Texts.clean(message(request.path("message")));
    if (!question.isBlank()) {
      messages.add(ImportedMessage.of(requestId, Actor.USER, asked, question));
    }
    JsonNode result = request.get("result");
    boolean running = result == null || result.isNull();
    String error = Json.text(result == null ? null : result.path("errorDetails"), "message");
    String answer =
        Texts.clean(
            Texts.blocks(
                List.of(
                    CopilotResponse.render(request.path("response"), options),
                    error.isBlank() ? "" : "(failed: " + Messages.oneLine(error) + ")")));
    if (answer.isBlank()) {
      return;
    }
    Map<String, List<String>> labels = new HashMap<>();
    String model = Json.text(request, "modelId");
    if (!model.isBlank()) {
      labels.put(Messages.MODEL, List.of(model));
    }
    if (running) {
      labels.put("status", List.of("incomplete"));
    } else if (!error.isBlank()) {
      labels.put("status", List.of("failed"));
    } else if (request.path("isCanceled").asBoolean(false)) {
      labels.put("status", List.of("canceled"));
    }
    String responseId = Json.text(request, "responseId");
    messages.add(
        new ImportedMessage(
            responseId.isBlank() ? requestId + ":response" : responseId,
            Actor.ASSISTANT,
            answered(asked, result),
            answer,
            labels));
  }

  private static String message(JsonNode message) {
    String text = Json.text(message, "text");
    if (!text.isBlank()) {
      return text;
    }
    List<String> parts = new ArrayList<>();
    for (JsonNode part : Json.array(message, "parts")) {
      parts.add(Json.text(part, "text"));
    }
    return String.join("", parts);
  }

  /** When the answer was done: the request's time plus the result's total elapsed time. */
  private static Instant answered(Instant asked, JsonNode result) {
    JsonNode elapsed = result == null ? null : result.path("timings").get("totalElapsed");
    if (asked == null || elapsed == null || !elapsed.canConvertToLong()) {
      return asked;
    }
    long millis = elapsed.asLong();
    return millis < 0 || millis > 365L * 24 * 3600 * 1000 ? asked : asked.plusMillis(millis);
  }
}
