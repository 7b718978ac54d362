package dev.chatlog.capture.format.codex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.LogBatch;
import dev.chatlog.capture.LogImporter;
import dev.chatlog.capture.LogPosition;
import dev.chatlog.capture.Sniff;
import dev.chatlog.capture.format.FormatImporter;
import dev.chatlog.capture.format.Json;
import dev.chatlog.capture.format.JsonLog;
import dev.chatlog.capture.format.LineReader;
import dev.chatlog.capture.format.LogFiles;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.source.ImportSource;
import dev.chatlog.capture.source.SourceEntry;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads Codex session logs, a file or the sessions folder, whole or from a position: messages, tool
 * calls (their arguments are JSON inside a string) and tool outputs from the {@code response_item}
 * records; the project is the working folder's name.
 */
public final class CodexImporter extends FormatImporter implements LogImporter {
  /** This format's name. */
  public static final String NAME = "codex";

  private static final Set<String> RECORD_TYPES =
      Set.of("session_meta", "response_item", "event_msg", "turn_context", "compacted");
  private static final Set<String> ITEM_TYPES =
      Set.of(
          "message",
          "reasoning",
          "function_call",
          "function_call_output",
          "local_shell_call",
          "custom_tool_call",
          "custom_tool_call_output",
          "web_search_call");

  public CodexImporter() {
    super(NAME, "a Codex session log (a rollout-*.jsonl file or ~/.codex/sessions)");
  }

  @Override
  public List<SourceEntry> select(ImportSource source) {
    return byName(source, ".jsonl", "rollout-");
  }

  @Override
  public boolean sniff(Sniff sniff) {
    List<JsonNode> lines = sniff.jsonLines();
    if (lines.isEmpty()) {
      String text = sniff.text();
      return text.startsWith("{") && text.contains("\"session_meta\"");
    }
    JsonNode first = lines.get(0);
    String type = Json.text(first, "type");
    if (RECORD_TYPES.contains(type) && first.has("payload")) {
      return true;
    }
    boolean oldHeader =
        type.isEmpty() && first.has("id") && first.has("timestamp") && !first.has("sessionId");
    return oldHeader || (ITEM_TYPES.contains(type) && !first.has("sessionId"));
  }

  @Override
  public Stream<ImportedConversation> read(
      ImportSource source, List<SourceEntry> entries, ImportOptions options) {
    return eachLog(
        entries,
        options.listener(),
        (in, entry) -> {
          CodexLog log = new CodexLog(entry.displayName(), entry.fileName(), options);
          JsonLog.read(in, entry.displayName(), LogPosition.START, true, options, log::line);
          return log.conversation().stream().toList();
        });
  }

  @Override
  public LogBatch readLog(Path file, LogPosition from, boolean endOfInput, ImportOptions options) {
    String origin = file.toString();
    CodexLog log = new CodexLog(origin, file.getFileName().toString(), options);
    if (from.offset() > 0) {
      LogFiles.read(file, LogPosition.START, in -> header(in, log));
    }
    LogPosition end =
        LogFiles.read(
            file, from, in -> JsonLog.read(in, origin, from, endOfInput, options, log::line));
    return new LogBatch(log.conversation().stream().toList(), end);
  }

  /** Reads the session's first line for its id and folder, when reading from further on. */
  private static CodexLog header(InputStream in, CodexLog log) throws IOException {
    try (LineReader lines =
        new LineReader(in, LogPosition.START, LineReader.DEFAULT_MAX_LINE_BYTES)) {
      LineReader.Line first = lines.next();
      if (first != null && first.terminated()) {
        JsonNode node = Json.parseLine(first.bytes(), 0, first.bytes().length);
        if (node != null) {
          log.header(node);
        }
      }
    }
    return log;
  }
}
