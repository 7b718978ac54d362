package dev.chatlog.capture.format.claudecode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.LogBatch;
import dev.chatlog.capture.LogImporter;
import dev.chatlog.capture.LogPosition;
import dev.chatlog.capture.Sniff;
import dev.chatlog.capture.format.FormatImporter;
import dev.chatlog.capture.format.JsonLog;
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
 * Reads Claude Code session logs, a file or a projects folder, whole or from a position. Lines
 * sharing {@code message.id} are one message; a side chain is a conversation of its own labelled
 * {@code parent-session}; tool calls and results are compact; snapshots, queue operations, progress
 * and meta lines are skipped; a {@code summary} line is the conversation's summary.
 */
public final class ClaudeCodeImporter extends FormatImporter implements LogImporter {
  /** This format's name. */
  public static final String NAME = "claude-code";

  private static final Set<String> LINE_TYPES =
      Set.of(
          "user",
          "assistant",
          "system",
          "summary",
          "file-history-snapshot",
          "progress",
          "queue-operation",
          "custom-title");

  public ClaudeCodeImporter() {
    super(NAME, "a Claude Code session log (a .jsonl file or ~/.claude/projects)");
  }

  @Override
  public List<SourceEntry> select(ImportSource source) {
    return byName(source, ".jsonl", "");
  }

  @Override
  public boolean sniff(Sniff sniff) {
    for (JsonNode line : sniff.jsonLines()) {
      String type = line.path("type").asText("");
      if (!LINE_TYPES.contains(type)) {
        return false;
      }
      if (line.has("sessionId") || line.has("leafUuid") || type.equals("file-history-snapshot")) {
        return true;
      }
    }
    String text = sniff.text();
    return sniff.jsonLines().isEmpty()
        && text.startsWith("{")
        && text.contains("\"sessionId\"")
        && text.contains("\"parentUuid\"");
  }

  @Override
  public Stream<ImportedConversation> read(
      ImportSource source, List<SourceEntry> entries, ImportOptions options) {
    return eachLog(
        entries,
        options.listener(),
        (in, entry) ->
            read(in, entry.displayName(), stem(entry.fileName()), LogPosition.START, true, options)
                .conversations());
  }

  @Override
  public LogBatch readLog(Path file, LogPosition from, boolean endOfInput, ImportOptions options) {
    return LogFiles.read(
        file,
        from,
        in ->
            read(
                in,
                file.toString(),
                stem(file.getFileName().toString()),
                from,
                endOfInput,
                options));
  }

  private static LogBatch read(
      InputStream in,
      String origin,
      String fallbackSession,
      LogPosition from,
      boolean endOfInput,
      ImportOptions options)
      throws IOException {
    ClaudeCodeLog log = new ClaudeCodeLog(origin, fallbackSession, options);
    LogPosition end = JsonLog.read(in, origin, from, endOfInput, options, log::line);
    return log.batch(end, endOfInput);
  }

  private static String stem(String fileName) {
    return fileName.endsWith(".jsonl") ? fileName.substring(0, fileName.length() - 6) : fileName;
  }
}
