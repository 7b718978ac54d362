package dev.chatlog.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import dev.chatlog.ChatLog;
import dev.chatlog.cli.transfer.ArchiveCheck;
import dev.chatlog.cli.transfer.BatchRestore;
import dev.chatlog.cli.transfer.ChunkLines;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.ReadOnlyException;
import dev.chatlog.model.RestoredChunk;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.Set;

/**
 * {@code chatlog import --from jsonl|archive}: restores what {@code chatlog export} wrote,
 * losslessly (the same ids, times, sessions, order, metadata and bodies), into the configured store
 * of any kind. An archive is checked whole first ({@link ArchiveCheck}), so that one the command
 * cannot restore is refused before anything is written; members found bad are named and passed
 * over. A JSON Lines file whose first chunk line is not a chunk is refused; later lines that are
 * not chunks are named by number and passed over. Restoring again writes nothing new.
 */
final class BackupImport {
  /** The formats of a backup. */
  static final List<String> FORMATS = List.of("jsonl", "archive");

  /** The fields every line of chunks has. */
  private static final Set<String> CHUNK_FIELDS = Set.of("id", "session", "sha256", "body");

  private static final JsonFactory JSON = new JsonFactory();

  private final CliContext context;
  private final boolean dryRun;

  /** What one file came to. */
  record Outcome(
      Path file,
      String format,
      long restored,
      long present,
      List<RestoredChunk> conflicts,
      List<String> skipped) {}

  BackupImport(CliContext context, boolean dryRun) {
    this.context = context;
    this.dryRun = dryRun;
  }

  /**
   * The backup format of these paths: {@code --from} when it names one, else what every path's
   * content is (gzip: an archive; a first line that is a chunk object: JSON Lines); empty when they
   * are for the chat importers.
   *
   * @throws InvalidInputException when some are backups and others are not
   */
  static Optional<String> formatOf(String from, List<String> paths) {
    if (from != null) {
      String named = from.strip().toLowerCase(Locale.ROOT);
      return FORMATS.contains(named) ? Optional.of(named) : Optional.empty();
    }
    Set<String> found = new HashSet<>();
    int others = 0;
    for (String path : paths) {
      Optional<String> sniffed = sniff(Path.of(path));
      if (sniffed.isPresent()) {
        found.add(sniffed.get());
      } else {
        others++;
      }
    }
    if (found.isEmpty()) {
      return Optional.empty();
    }
    if (others > 0 || found.size() > 1) {
      throw new InvalidInputException(
          "Cannot import these paths together: some are exports of chatlog ("
              + String.join(", ", found)
              + ") and others are not; import them one kind at a time, or name one with --from");
    }
    return Optional.of(found.iterator().next());
  }

  /** What a file is, by its first bytes: {@code archive}, {@code jsonl} or neither. */
  static Optional<String> sniff(Path file) {
    if (!Files.isRegularFile(file)) {
      return Optional.empty();
    }
    byte[] head;
    try (InputStream in = Files.newInputStream(file)) {
      head = in.readNBytes(1 << 20);
    } catch (IOException e) {
      return Optional.empty();
    }
    if (head.length >= 2 && (head[0] & 0xff) == 0x1f && (head[1] & 0xff) == 0x8b) {
      return Optional.of("archive");
    }
    Set<String> fields = new HashSet<>();
    try (JsonParser parser = JSON.createParser(head)) {
      if (parser.nextToken() == JsonToken.START_OBJECT) {
        while (parser.nextToken() == JsonToken.FIELD_NAME) {
          fields.add(parser.currentName());
          parser.nextToken();
          parser.skipChildren();
        }
      }
    } catch (IOException e) {
      // a head cut in a value, or not JSON: the fields read so far decide
    }
    return fields.containsAll(CHUNK_FIELDS) ? Optional.of("jsonl") : Optional.empty();
  }

  /**
   * Restores each file in turn; returns the exit code. Every file is checked before the store is
   * opened: an archive whole ({@link ArchiveCheck}), a file of chunks by its first line.
   */
  int run(String format, List<String> paths, OutputFormat output) {
    List<ArchiveCheck.Report> reports = new ArrayList<>();
    for (String path : paths) {
      if (format.equals("archive")) {
        reports.add(ArchiveCheck.check(Path.of(path)));
      } else {
        firstLine(Path.of(path));
      }
    }
    ChatLog log = context.chatLog();
    if (log.config().readOnly() && !dryRun) {
      throw new ReadOnlyException(
          "Cannot restore into " + log.location() + ": the store is read-only (CHM_READ_ONLY)");
    }
    List<Outcome> outcomes = new ArrayList<>();
    try (ProgressLine progress =
        new ProgressLine(context.err(), context.programName(), "restoring")) {
      for (int i = 0; i < paths.size(); i++) {
        BatchRestore restore =
            new BatchRestore(
                log,
                dryRun,
                done -> {
                  if (context.terminal() && !LogSetup.json()) {
                    progress.update((int) Math.min(done, Integer.MAX_VALUE), -1);
                  }
                });
        Path file = Path.of(paths.get(i));
        List<String> skipped =
            format.equals("archive")
                ? archive(file, reports.get(i), restore)
                : lines(file, restore);
        restore.flush();
        outcomes.add(
            new Outcome(
                file, format, restore.restored(), restore.present(), restore.conflicts(), skipped));
      }
    }
    boolean clean = true;
    for (Outcome outcome : outcomes) {
      outcome.skipped().forEach(detail -> context.warn("skipped " + detail));
      outcome
          .conflicts()
          .forEach(c -> context.warn("conflict: " + c.meta().id() + ": " + c.detail()));
      context.note(summary(outcome));
      clean &= outcome.skipped().isEmpty() && outcome.conflicts().isEmpty();
    }
    if (output == OutputFormat.JSON) {
      JsonOutput.writeOne(context.out(), outcomes, this::json);
    }
    return clean ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** Restores the chunk files the check of the archive passed. */
  private List<String> archive(Path file, ArchiveCheck.Report report, BatchRestore restore) {
    List<String> skipped = new ArrayList<>();
    for (ArchiveCheck.Problem problem : report.problems()) {
      skipped.add(problem.member() + " (" + problem.kind() + "): " + problem.detail());
    }
    ArchiveCheck.chunks(file, report, restore::add);
    return skipped;
  }

  /**
   * Checks that the first line of a file of chunks is a chunk.
   *
   * @throws InvalidInputException when it holds no chunks or its first line is not one
   */
  private static void firstLine(Path file) {
    try (ChunkLines.Reader reader = new ChunkLines.Reader(file)) {
      ChunkLines.Line line = reader.next();
      if (line == null) {
        throw new InvalidInputException("Cannot import " + file + ": it holds no chunks");
      }
      if (!line.isChunk()) {
        throw new InvalidInputException(
            line.problem() + " (a file of chunks is what export --format jsonl writes)");
      }
    }
  }

  /** Restores each line that is a chunk and names the others. */
  private List<String> lines(Path file, BatchRestore restore) {
    List<String> skipped = new ArrayList<>();
    try (ChunkLines.Reader reader = new ChunkLines.Reader(file)) {
      for (ChunkLines.Line line = reader.next(); line != null; line = reader.next()) {
        if (line.isChunk()) {
          restore.add(line.chunk());
        } else {
          skipped.add(line.problem());
        }
      }
    }
    return skipped;
  }

  private String summary(Outcome outcome) {
    return (dryRun ? "dry run: would restore " : "restored ")
        + outcome.file()
        + ": "
        + (dryRun
            ? Plural.of(outcome.restored(), "chunk") + "; nothing was written"
            : Plural.of(outcome.restored(), "chunk")
                + " written, "
                + outcome.present()
                + " already present, "
                + Plural.of(outcome.conflicts().size(), "conflict"))
        + (outcome.skipped().isEmpty()
            ? ""
            : ", " + Plural.of(outcome.skipped().size(), "problem") + " (skipped)");
  }

  private void json(JsonGenerator json, List<Outcome> outcomes) throws IOException {
    json.writeStartObject();
    json.writeBooleanField("dryRun", dryRun);
    json.writeArrayFieldStart("files");
    for (Outcome outcome : outcomes) {
      json.writeStartObject();
      json.writeStringField("file", outcome.file().toString());
      json.writeStringField("format", outcome.format());
      json.writeNumberField(dryRun ? "wouldRestore" : "restored", outcome.restored());
      json.writeNumberField("present", outcome.present());
      CopyCommand.conflicts(json, outcome.conflicts());
      json.writeArrayFieldStart("skipped");
      for (String skipped : outcome.skipped()) {
        json.writeString(skipped);
      }
      json.writeEndArray();
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }
}
