package dev.chatlog.capture.format.claudecode;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportProblem;
import dev.chatlog.capture.Importers;
import dev.chatlog.capture.LogBatch;
import dev.chatlog.capture.LogImporter;
import dev.chatlog.capture.LogPosition;
import dev.chatlog.capture.Sniff;
import dev.chatlog.capture.format.JsonLog;
import dev.chatlog.capture.format.Streams;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.source.ImportSource;
import dev.chatlog.capture.source.SourceEntry;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
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
public final class ClaudeCodeImporter implements LogImporter {
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

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public String description() {
    return "a Claude Code session log (a .jsonl file or ~/.claude/projects)";
  }

  @Override
  public List<SourceEntry> select(ImportSource source) {
    return source.entries().stream().filter(e -> Importers.endsWith(e, ".jsonl")).toList();
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
    return Streams.of(
        Streams.flatMap(
            entries.iterator(),
            entry -> {
              try (InputStream in = entry.open()) {
                List<ImportedConversation> read =
                    read(
                            in,
                            entry.displayName(),
                            stem(entry.fileName()),
                            LogPosition.START,
                            true,
                            options)
                        .conversations();
                if (read.isEmpty()) {
                  options.listener().skipped(ImportProblem.of(entry.displayName(), "no messages"));
                }
                return read.iterator();
              } catch (IOException e) {
                throw new StorageException(
                    "Cannot read '" + entry.displayName() + "': " + e.getMessage(), false, e);
              }
            }));
  }

  @Override
  public LogBatch readLog(Path file, LogPosition from, boolean endOfInput, ImportOptions options) {
    try (InputStream in = Files.newInputStream(file)) {
      in.skipNBytes(from.offset());
      return read(
          in, file.toString(), stem(file.getFileName().toString()), from, endOfInput, options);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("Cannot read '" + file + "': no such file");
    } catch (java.io.EOFException e) {
      throw new InvalidInputException(
          "Cannot read '" + file + "' from byte " + from.offset() + ": the file is shorter");
    } catch (IOException e) {
      throw new StorageException("Cannot read '" + file + "': " + e.getMessage(), false, e);
    }
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
