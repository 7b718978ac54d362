package dev.chatlog.capture.format.codex;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportProblem;
import dev.chatlog.capture.Importers;
import dev.chatlog.capture.LogBatch;
import dev.chatlog.capture.LogImporter;
import dev.chatlog.capture.LogPosition;
import dev.chatlog.capture.Sniff;
import dev.chatlog.capture.format.Json;
import dev.chatlog.capture.format.JsonLog;
import dev.chatlog.capture.format.LineReader;
import dev.chatlog.capture.format.Streams;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.source.ImportSource;
import dev.chatlog.capture.source.SourceEntry;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.StorageException;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads Codex session logs, a file or the sessions folder, whole or from a position: messages, tool
 * calls (their arguments are JSON inside a string) and tool outputs from the {@code response_item}
 * records; the project is the working folder's name.
 */
public final class CodexImporter implements LogImporter {
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

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "a Codex session log (a rollout-*.jsonl file or ~/.codex/sessions)";
  }

  @Override
  public List<SourceEntry> select(ImportSource source) {
    boolean single = source.entries().size() == 1;
    return source.entries().stream()
        .filter(e -> Importers.endsWith(e, ".jsonl"))
        .filter(e -> single || e.fileName().startsWith("rollout-"))
        .toList();
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
    return Streams.of(
        Streams.flatMap(
            entries.iterator(),
            entry -> {
              try (InputStream in = entry.open()) {
                CodexLog log = new CodexLog(entry.displayName(), entry.fileName(), options);
                JsonLog.read(in, entry.displayName(), LogPosition.START, true, options, log::line);
                Optional<ImportedConversation> read = log.conversation();
                if (read.isEmpty()) {
                  options.listener().skipped(ImportProblem.of(entry.displayName(), "no messages"));
                }
                return read.stream().iterator();
              } catch (IOException e) {
                throw new StorageException(
                    "Cannot read '" + entry.displayName() + "': " + e.getMessage(), false, e);
              }
            }));
  }

  @Override
  public LogBatch readLog(Path file, LogPosition from, boolean endOfInput, ImportOptions options) {
    String origin = file.toString();
    CodexLog log = new CodexLog(origin, file.getFileName().toString(), options);
    try {
      if (from.offset() > 0) {
        header(file, log);
      }
      LogPosition end;
      try (InputStream in = Files.newInputStream(file)) {
        in.skipNBytes(from.offset());
        end = JsonLog.read(in, origin, from, endOfInput, options, log::line);
      }
      return new LogBatch(log.conversation().stream().toList(), end);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("Cannot read '" + file + "': no such file");
    } catch (EOFException e) {
      throw new InvalidInputException(
          "Cannot read '" + file + "' from byte " + from.offset() + ": the file is shorter");
    } catch (IOException e) {
      throw new StorageException("Cannot read '" + file + "': " + e.getMessage(), false, e);
    }
  }

  /** Reads the session's first line for its id and folder, when reading from further on. */
  private static void header(Path file, CodexLog log) throws IOException {
    try (LineReader lines =
        new LineReader(
            Files.newInputStream(file), LogPosition.START, LineReader.DEFAULT_MAX_LINE_BYTES)) {
      LineReader.Line first = lines.next();
      if (first != null && first.terminated()) {
        JsonNode node = Json.parseLine(first.bytes(), 0, first.bytes().length);
        if (node != null) {
          log.header(node);
        }
      }
    }
  }
}
