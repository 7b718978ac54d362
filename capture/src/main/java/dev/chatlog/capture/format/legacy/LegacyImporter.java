package dev.chatlog.capture.format.legacy;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportProblem;
import dev.chatlog.capture.Sniff;
import dev.chatlog.capture.format.FormatImporter;
import dev.chatlog.capture.format.Json;
import dev.chatlog.capture.format.JsonArrayReader;
import dev.chatlog.capture.format.Messages;
import dev.chatlog.capture.format.Streams;
import dev.chatlog.capture.format.Texts;
import dev.chatlog.capture.format.Times;
import dev.chatlog.capture.format.Utf8;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.capture.source.ImportSource;
import dev.chatlog.capture.source.SourceEntry;
import dev.chatlog.model.Actor;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads the original tool's history folder. Saves sharing a session id are one conversation, in the
 * order of their times (naive local times, taken in {@link ImportOptions#localZone()}); keywords
 * become tags (unless they are the tool's default of project and topic); adrs, epics and
 * capabilities become labels. The tool kept only the last {@value #CUT_AT} characters of a longer
 * save: a body of exactly that length is imported as it is, labelled {@code truncated=true} and
 * opened with a line that says so.
 */
public final class LegacyImporter extends FormatImporter {
  /** This format's name. */
  public static final String NAME = "legacy";

  /** The index's file name. */
  public static final String INDEX = "chat_history_index.json";

  /** The length the original tool cut longer saves to. */
  public static final int CUT_AT = 4000;

  /** The line that opens a body the original tool cut. */
  public static final String CUT_NOTE =
      "… (the original tool kept only the last " + CUT_AT + " characters of this save)";

  public LegacyImporter() {
    super(NAME, "a history folder of the original tool (chat_history_index.json and its files)");
  }

  @Override
  public List<SourceEntry> select(ImportSource source) {
    return source.entries().stream().filter(e -> e.fileName().equals(INDEX)).toList();
  }

  @Override
  public boolean sniff(Sniff sniff) {
    Set<String> fields = sniff.firstObjectFields();
    return sniff.startsWithArray()
        && fields.contains("file")
        && (fields.contains("session_id") || fields.contains("start_datetime"));
  }

  @Override
  public Stream<ImportedConversation> read(
      ImportSource source, List<SourceEntry> entries, ImportOptions options) {
    return Streams.of(
        Streams.flatMap(
            entries.iterator(), index -> conversations(source, index, options).iterator()));
  }

  /** One save of the index. */
  private record Save(JsonNode entry, String file, Instant time) {}

  private static List<ImportedConversation> conversations(
      ImportSource source, SourceEntry index, ImportOptions options) {
    Map<String, List<Save>> bySession = new LinkedHashMap<>();
    try (JsonArrayReader reader = JsonArrayReader.open(index)) {
      while (reader.hasNext()) {
        JsonNode entry = reader.next();
        String file = Json.text(entry, "file");
        if (file.isBlank()) {
          skip(index, "save " + reader.index() + " names no file", options);
          continue;
        }
        String session = Json.text(entry, "session_id");
        Instant time = Times.isoOrLocal(Json.text(entry, "start_datetime"), options.localZone());
        bySession
            .computeIfAbsent(session.isBlank() ? file : session, s -> new ArrayList<>())
            .add(new Save(entry, file, time));
      }
    }
    String folder = index.path().contains("/") ? index.path().replaceFirst("/[^/]*$", "/") : "";
    Comparator<Save> order =
        Comparator.comparing(Save::time, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(Save::file);
    List<ImportedConversation> out = new ArrayList<>();
    bySession.forEach(
        (session, saves) -> {
          saves.sort(order);
          conversation(source, index, folder, session, saves, options).ifPresent(out::add);
        });
    out.sort(
        Comparator.comparing(
            (ImportedConversation c) -> c.messages().get(0).time(),
            Comparator.nullsFirst(Comparator.naturalOrder())));
    return out;
  }

  private static Optional<ImportedConversation> conversation(
      ImportSource source,
      SourceEntry index,
      String folder,
      String session,
      List<Save> saves,
      ImportOptions options) {
    List<ImportedMessage> messages = new ArrayList<>();
    Set<String> tags = new LinkedHashSet<>();
    Map<String, List<String>> labels = new LinkedHashMap<>();
    Save last = saves.get(saves.size() - 1);
    String project = Json.text(last.entry(), "project_name");
    String topic = Json.text(last.entry(), "topic");
    for (Save save : saves) {
      Optional<SourceEntry> file = source.find(folder + save.file());
      if (file.isEmpty()) {
        skip(index, "the file of save " + save.file() + " is missing", options);
        continue;
      }
      message(file.get(), save).ifPresent(messages::add);
      tags.addAll(keywords(save.entry()));
      add(labels, "adr", save.entry().get("adrs"));
      add(labels, "epic", save.entry().get("epics"));
      add(labels, "capability", save.entry().get("capabilities"));
    }
    return Messages.conversation(
        NAME,
        session,
        topic,
        project,
        Json.text(last.entry(), "summary"),
        index.displayName(),
        new ArrayList<>(tags),
        labels,
        messages,
        options);
  }

  private static void skip(SourceEntry index, String reason, ImportOptions options) {
    options.listener().skipped(ImportProblem.of(index.displayName(), reason));
  }

  /** The keywords, or none when they are the tool's default of project and topic. */
  private static List<String> keywords(JsonNode entry) {
    List<String> keywords = new ArrayList<>();
    for (JsonNode keyword : Json.array(entry, "keywords")) {
      String clean = Messages.oneLine(Json.text(keyword));
      if (!clean.isEmpty()) {
        keywords.add(clean);
      }
    }
    List<String> defaults =
        List.of(Json.text(entry, "project_name").strip(), Json.text(entry, "topic").strip());
    return keywords.equals(defaults) ? List.of() : keywords;
  }

  private static void add(Map<String, List<String>> labels, String key, JsonNode values) {
    if (values == null || !values.isArray()) {
      return;
    }
    for (JsonNode value : values) {
      String text = value.isTextual() || value.isNumber() ? value.asText().strip() : "";
      List<String> list = labels.computeIfAbsent(key, k -> new ArrayList<>());
      if (!text.isEmpty() && !list.contains(text)) {
        list.add(text);
      }
    }
  }

  private static Optional<ImportedMessage> message(SourceEntry file, Save save) {
    String body = Texts.clean(Utf8.read(file));
    if (body.isBlank()) {
      return Optional.empty();
    }
    boolean cut = body.codePointCount(0, body.length()) == CUT_AT;
    return Optional.of(
        new ImportedMessage(
            save.file(),
            Actor.USER,
            save.time(),
            cut ? CUT_NOTE + "\n\n" + body : body,
            cut ? Map.of("truncated", List.of("true")) : Map.of()));
  }
}
