package dev.chatlog.cli;

import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportProblem;
import dev.chatlog.capture.ImportReader;
import dev.chatlog.capture.Importers;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.redact.RedactionTally;
import dev.chatlog.capture.store.ConversationWriter;
import dev.chatlog.capture.store.ImportRecords;
import dev.chatlog.error.ChatLogException;
import dev.chatlog.error.StorageException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code chatlog import}: takes in a chat product's export or an agent's logs: every conversation a
 * session, only what the store does not hold yet.
 */
final class ImportCommand extends ChatlogSubcommand {
  private final OptionSpec from =
      Specs.value(
          String.class,
          "FORMAT",
          "The format: chatgpt, claude, claude-code, codex, copilot, specstory, legacy, or jsonl"
              + " and archive for what chatlog export wrote (default: found from the content).",
          "--from");
  private final OptionSpec project =
      Specs.value(
          String.class,
          "NAME",
          "The project of every conversation (default: what the source says, else the format).",
          "--project",
          "-p");
  private final OptionSpec allBranches =
      Specs.flag(
          "ChatGPT: import every branch of a conversation (regenerated or edited answers) as its"
              + " own session, not only the one shown.",
          "--all-branches");
  private final OptionSpec dryRun =
      Specs.flag("Show what would be imported; write nothing.", "--dry-run");
  private final FormatOptions formats = new FormatOptions();
  private final OptionSpec noRedact = CaptureRedaction.option();
  // live capture: --watch and --hook (WatchImport, HookInput)
  private final OptionSpec watch =
      Specs.flag(
          "Follow an agent's log folder (--from claude-code or codex; default ~/.claude/projects or"
              + " ~/.codex/sessions) and import new messages as they are written, until stopped.",
          "--watch");
  private final OptionSpec hook =
      Specs.flag(
          "Import the session a Claude Code hook names in the JSON it sends on stdin"
              + " (transcript_path).",
          "--hook");
  private final OptionSpec pollInterval =
      Specs.valueOrDefault(
          String.class,
          "DURATION",
          WatchImport.DEFAULT_POLL,
          "With --watch: how often the folder is scanned besides the file system's notices"
              + " (default: ${DEFAULT-VALUE}).",
          "--poll-interval");
  private final OptionSpec metricsPort =
      Specs.value(
          String.class,
          "PORT",
          "With --watch: serve metrics on /metrics at this port.",
          "--metrics-port");
  private final PositionalParamSpec paths =
      PositionalParamSpec.builder()
          .arity("0..*")
          .type(List.class)
          .auxiliaryTypes(String.class)
          .paramLabel("PATH")
          .description(
              "A file, a folder or a .zip to import (one or more); with --watch, the folder to"
                  + " follow.")
          .build();

  ImportCommand(CliContext context) {
    super(
        context,
        "import",
        "Imports chat exports and agent logs: ChatGPT and Claude.ai exports (.zip or"
            + " conversations.json), Claude Code and Codex session logs, VS Code Copilot chats,"
            + " SpecStory histories, and the original tool's history folder.",
        "Each conversation becomes one session; importing again writes nothing, and a"
            + " conversation that has grown gets only its new messages. A file imported before"
            + " into the store as it still is, with the same options, is answered from its import"
            + " record (in the state folder) without being read again.",
        "Prints a line per conversation that got messages, then a summary on stderr. Lines of a"
            + " log that cannot be read are named and skipped (exit code 1).",
        "Secrets (keys, tokens, passwords) are replaced with [REDACTED:rule] before anything is"
            + " written; the summary counts them.",
        "A file chatlog export wrote (--from jsonl or archive, or found by its content) is"
            + " restored as it is: the same ids, times, sessions, order and metadata.",
        "Formats: table (default), json.");
    add(from, project, allBranches, dryRun);
    formats.addTo(this);
    add(noRedact, watch, hook, pollInterval, metricsPort);
    add(paths);
  }

  @Override
  public Integer call() {
    boolean watching = Specs.isSet(watch);
    if (!watching && (Specs.isSet(pollInterval) || metricsPort.getValue() != null)) {
      throw usage("Cannot use --poll-interval or --metrics-port without --watch");
    }
    if (watching && Specs.isSet(hook)) {
      throw usage("Cannot use --watch with --hook: choose one");
    }
    if (watching) {
      return watch();
    }
    List<String> sources = Specs.values(paths);
    if (Specs.isSet(hook)) {
      if (!sources.isEmpty()) {
        throw usage("Cannot use --hook with a PATH: the hook's JSON on stdin names the session");
      }
      String format = from.getValue();
      if (format != null && !HookInput.FORMAT.equalsIgnoreCase(format.strip())) {
        throw usage(
            "Cannot use --hook with --from "
                + format
                + ": it reads a Claude Code hook (--from claude-code)");
      }
      sources = List.of(HookInput.read(context().in()).toString());
    } else if (sources.isEmpty()) {
      throw usage("Missing required parameter: 'PATH'");
    }
    return importAll(sources, Specs.isSet(hook) ? HookInput.FORMAT : from.getValue());
  }

  /** {@code --watch}: follows one folder until stopped ({@link WatchImport}). */
  private int watch() {
    if (Specs.isSet(dryRun) || Specs.isSet(allBranches)) {
      throw usage("Cannot use --dry-run or --all-branches with --watch");
    }
    formats.resolve(OutputFormat.TABLE, EnumSet.of(OutputFormat.TABLE));
    List<String> folders = Specs.values(paths);
    if (folders.size() > 1) {
      throw usage("Cannot watch " + folders.size() + " folders: give one, or none for the default");
    }
    return new WatchImport(context(), project.getValue(), CaptureRedaction.of(context(), noRedact))
        .run(
            from.getValue(),
            folders.isEmpty() ? null : folders.get(0),
            pollInterval.getValue(),
            metricsPort.getValue());
  }

  /** Imports the sources as one import: one summary, one exit code. */
  private int importAll(List<String> sources, String format) {
    OutputFormat output =
        formats.resolve(OutputFormat.TABLE, EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON));
    Optional<String> backup = BackupImport.formatOf(format, sources);
    if (backup.isPresent()) {
      return restore(backup.get(), sources, output);
    }
    List<ImportProblem> problems = new ArrayList<>();
    ImportOptions options =
        ImportOptions.defaults()
            .withAllBranches(Specs.isSet(allBranches))
            .withListener(problems::add);
    Importers importers = Importers.discover();
    List<ImportReader> readers = new ArrayList<>();
    try {
      for (String path : sources) {
        readers.add(importers.open(Path.of(path), format, options));
      }
      boolean dry = Specs.isSet(dryRun);
      ConversationWriter writer =
          new ConversationWriter(
              chatLog(), project.getValue(), dry, CaptureRedaction.of(context(), noRedact));
      ImportRecords records = records();
      List<FileImport> files = new ArrayList<>();
      List<ConversationWriter.Outcome> written = new ArrayList<>();
      ProgressCount progress = new ProgressCount(context());
      ConversationWriter.Batch batch =
          writer.batch(
              outcome -> {
                written.add(outcome);
                progress.update(written.size());
                if (output == OutputFormat.TABLE && outcome.newMessages() > 0) {
                  context().out().println(line(outcome, dry));
                }
              });
      try (progress;
          batch) {
        for (int i = 0; i < readers.size(); i++) {
          files.add(importOne(Path.of(sources.get(i)), readers.get(i), records, batch));
        }
      }
      boolean wrote = written.stream().anyMatch(outcome -> outcome.chunksWritten() > 0);
      Map<String, String> marks = new HashMap<>();
      List<ConversationWriter.Outcome> outcomes = new ArrayList<>();
      int next = 0;
      for (FileImport file : files) {
        List<ConversationWriter.Outcome> own =
            file.unchanged() != null
                ? file.unchanged()
                : written.subList(next, next += file.conversations());
        outcomes.addAll(own);
        // A record answered stays true unless this import wrote (then its mark is new).
        if (file.record() != null
            && !dry
            && problems.isEmpty()
            && (file.unchanged() == null || wrote)) {
          String mark =
              marks.computeIfAbsent(
                  file.record().format(),
                  f -> batch.storeMark(f).orElseGet(() -> ImportRecords.storeMark(chatLog(), f)));
          keep(file.record(), own, mark);
        }
      }
      if (output == OutputFormat.JSON) {
        JsonOutput.writeOne(
            context().out(), outcomes, (json, all) -> JsonOutput.imports(json, all, dry));
      }
      for (ImportProblem problem : problems) {
        context().note("skipped " + problem);
      }
      context().note(summary(outcomes, problems.size(), dry));
      return problems.isEmpty() ? ExitCodes.OK : ExitCodes.FAILURE;
    } finally {
      readers.forEach(ImportCommand::closeQuietly);
    }
  }

  /**
   * Imports one PATH, or answers from its record when it is a file imported before into the store
   * as it is now ({@link ImportRecords}).
   */
  private FileImport importOne(
      Path path, ImportReader reader, ImportRecords records, ConversationWriter.Batch batch) {
    ImportRecords.Record record =
        Files.isRegularFile(path) ? records.of(path, reader.format()) : null;
    if (record != null) {
      Optional<List<ConversationWriter.Outcome>> unchanged = record.unchanged(chatLog());
      if (unchanged.isPresent()) {
        context().note(path + ": unchanged since its last import into this store; not read again");
        return new FileImport(record, unchanged.get(), unchanged.get().size());
      }
    }
    int[] added = {0};
    try (Stream<ImportedConversation> conversations = reader.conversations()) {
      conversations.forEach(
          conversation -> {
            batch.add(conversation);
            added[0]++;
          });
    }
    return new FileImport(record, null, added[0]);
  }

  /**
   * Writes a file's import record; one that cannot be written (a state folder that is not writable)
   * is said on stderr and costs only the shortcut: the import itself is done.
   */
  private void keep(
      ImportRecords.Record record, List<ConversationWriter.Outcome> outcomes, String mark) {
    try {
      record.save(outcomes, mark);
    } catch (StorageException e) {
      context().note("not kept, so the next import of it reads it again: " + e.getMessage());
    }
  }

  /** The records of this user's imports into this store with these options, in the state folder. */
  private ImportRecords records() {
    return new ImportRecords(
        context().settings().stateFolder().resolve("imports"),
        String.join(
            "\n",
            String.valueOf(context().settings().toConfig().store()),
            "project=" + project.getValue(),
            "all-branches=" + Specs.isSet(allBranches),
            VersionProvider.build()));
  }

  /**
   * What one PATH gave.
   *
   * @param record its import record, or null when it is not a file
   * @param unchanged its outcomes from the record when it was not read again, else null
   * @param conversations how many conversations it gave
   */
  private record FileImport(
      ImportRecords.Record record, List<ConversationWriter.Outcome> unchanged, int conversations) {}

  /** {@code --from jsonl|archive}: a lossless restore of an export, not an import of chats. */
  private int restore(String backup, List<String> sources, OutputFormat format) {
    if (project.getValue() != null || Specs.isSet(allBranches)) {
      throw usage(
          "Cannot use --project or --all-branches with --from "
              + backup
              + ": a restore keeps each chunk's project and session");
    }
    return new BackupImport(context(), Specs.isSet(dryRun)).run(backup, sources, format);
  }

  /** What one conversation got: {@code project/topic session S: N new messages, M chunks}. */
  static String line(ConversationWriter.Outcome outcome, boolean dry) {
    return outcome.project()
        + "/"
        + outcome.topic()
        + " session "
        + outcome.session()
        + ": "
        + Plural.of(outcome.newMessages(), "new message")
        + (dry ? ", would write " : ", ")
        + Plural.of(outcome.chunksWritten(), "chunk");
  }

  static String summary(List<ConversationWriter.Outcome> outcomes, int skipped, boolean dry) {
    int messages = outcomes.stream().mapToInt(ConversationWriter.Outcome::messages).sum();
    int fresh = outcomes.stream().mapToInt(ConversationWriter.Outcome::newMessages).sum();
    int written = outcomes.stream().mapToInt(ConversationWriter.Outcome::chunksWritten).sum();
    int present = outcomes.stream().mapToInt(ConversationWriter.Outcome::chunksPresent).sum();
    RedactionTally redactions = new RedactionTally();
    outcomes.forEach(outcome -> redactions.add(outcome.redactions()));
    String redacted = redactions.describe();
    return (dry ? "dry run: would import " : "imported ")
        + Plural.of(outcomes.size(), "conversation")
        + " ("
        + Plural.of(messages, "message")
        + ", "
        + fresh
        + " new): "
        + Plural.of(written, "chunk")
        + (dry ? " to write" : " written")
        + ", "
        + present
        + " already present"
        + (skipped == 0 ? "" : ", " + Plural.of(skipped, "item") + " skipped")
        + (redacted.isEmpty() ? "" : "; " + redacted);
  }

  private static void closeQuietly(ImportReader reader) {
    try {
      reader.close();
    } catch (UncheckedIOException | ChatLogException e) {
      // the import already reported what failed
    }
  }

  /** How many conversations are done, on stderr, for long imports on a terminal. */
  private static final class ProgressCount implements AutoCloseable {
    private final CliContext context;
    private final ProgressLine line;

    ProgressCount(CliContext context) {
      this.context = context;
      this.line = new ProgressLine(context.err(), context.programName());
    }

    void update(int conversations) {
      if (context.terminal()) {
        line.update(conversations, -1);
      }
    }

    @Override
    public void close() {
      line.close();
    }
  }
}
