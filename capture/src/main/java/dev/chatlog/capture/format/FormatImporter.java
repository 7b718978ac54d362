package dev.chatlog.capture.format;

import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.ImportListener;
import dev.chatlog.capture.ImportProblem;
import dev.chatlog.capture.Importer;
import dev.chatlog.capture.Importers;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.source.ImportSource;
import dev.chatlog.capture.source.SourceEntry;
import dev.chatlog.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.util.Iterator;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;

/** What the format importers share: their name and description, and how they walk entries. */
public abstract class FormatImporter implements Importer {
  private final String name;
  private final String description;

  protected FormatImporter(String name, String description) {
    this.name = requireNonNull(name, "name is null");
    this.description = requireNonNull(description, "description is null");
  }

  @Override
  public final String name() {
    return name;
  }

  @Override
  public final String description() {
    return description;
  }

  /** Reads a log from its stream. */
  @FunctionalInterface
  protected interface LogReader {
    /** The conversations of one log. */
    List<ImportedConversation> read(InputStream in, SourceEntry entry) throws IOException;
  }

  /**
   * The conversations of each log in turn, a log without any reported as skipped.
   *
   * @param listener hears of logs without messages
   */
  protected static Stream<ImportedConversation> eachLog(
      List<SourceEntry> entries, ImportListener listener, LogReader reader) {
    return eachEntry(
        entries,
        entry -> {
          try (InputStream in = entry.open()) {
            List<ImportedConversation> read = reader.read(in, entry);
            if (read.isEmpty()) {
              listener.skipped(ImportProblem.of(entry.displayName(), "no messages"));
            }
            return read.iterator();
          }
        });
  }

  /** Reads one entry's conversations. */
  @FunctionalInterface
  protected interface EntryReader {
    /** The conversations of one entry. */
    Iterator<ImportedConversation> read(SourceEntry entry) throws IOException;
  }

  /**
   * The entries whose names end with the extension; in a source of several entries, only those
   * whose names also start with {@code prefix} (the export's or log's own file names).
   */
  protected static List<SourceEntry> byName(ImportSource source, String extension, String prefix) {
    boolean single = source.entries().size() == 1;
    return source.entries().stream()
        .filter(e -> Importers.endsWith(e, extension))
        .filter(e -> single || e.fileName().startsWith(prefix))
        .toList();
  }

  /** The conversations of each entry in turn, each entry read only when reached. */
  protected static Stream<ImportedConversation> eachEntry(
      List<SourceEntry> entries, EntryReader reader) {
    return Streams.of(
        Streams.flatMap(
            entries.iterator(),
            entry -> {
              try {
                return reader.read(entry);
              } catch (IOException e) {
                throw new StorageException(
                    "Cannot read '" + entry.displayName() + "': " + e.getMessage(), false, e);
              }
            }));
  }

  /** Reads the conversations of one element of a JSON array. */
  @FunctionalInterface
  protected interface ElementReader {
    /** The conversations of one element; the reader says where it is. */
    List<ImportedConversation> read(JsonNode element, JsonArrayReader from);
  }

  /**
   * The conversations of each element of each entry's JSON array, one element in memory at a time.
   *
   * @param perEntry prepares an entry (e.g. reads names beside it) and gives its element reader
   */
  protected static Stream<ImportedConversation> eachElement(
      List<SourceEntry> entries, Function<SourceEntry, ElementReader> perEntry) {
    return eachEntry(
        entries,
        entry -> {
          ElementReader elements = perEntry.apply(entry);
          JsonArrayReader reader = JsonArrayReader.open(entry);
          return Streams.flatMap(reader, node -> elements.read(node, reader).iterator());
        });
  }
}
