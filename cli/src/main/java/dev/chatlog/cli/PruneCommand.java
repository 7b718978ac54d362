package dev.chatlog.cli;

import dev.chatlog.cli.transfer.PendingFile;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.retention.PruneResult;
import dev.chatlog.retention.RetentionPolicy;
import java.nio.file.Path;
import java.util.EnumSet;
import picocli.CommandLine.Model.OptionSpec;

/** {@code chatlog prune}: removes the chunks a retention policy does not keep. */
final class PruneCommand extends ChatlogSubcommand {
  private final FormatOptions formats = new FormatOptions();
  private final OptionSpec maxChunks =
      Specs.value(
          Long.class,
          "N",
          "Keep at most the newest N chunks (of the project, with --project).",
          "--max-chunks");
  private final OptionSpec maxAge =
      Specs.value(
          String.class,
          "AGE",
          "Remove chunks created longer ago than AGE: 30d, 12h, 90m or ISO-8601 (P2W).",
          "--max-age");
  private final OptionSpec project =
      Specs.value(
          String.class, "NAME", "Prune only the chunks of this project.", "--project", "-p");
  private final OptionSpec dryRun =
      Specs.flag("Show what would be removed; remove nothing.", "--dry-run");
  private final OptionSpec backup =
      Specs.value(
          String.class,
          "FILE",
          "First write an archive of exactly the chunks to be removed to FILE (as export --format"
              + " archive); nothing is removed unless it is complete. FILE must not exist.",
          "--backup");

  PruneCommand(CliContext context) {
    super(
        context,
        "prune",
        "Removes the chunks a retention policy does not keep and prints each one removed (id,"
            + " created, project/topic). Chunks tagged 'pinned' are never removed.",
        "Without --max-chunks or --max-age the configured policy applies (CHM_RETENTION_MAX_CHUNKS,"
            + " CHM_RETENTION_MAX_AGE_DAYS); with none at all it is a usage error (exit code 2).",
        "With --backup FILE, an archive of exactly what is removed is written first.",
        "Formats: table (default), json.");
    formats.addTo(this);
    add(maxChunks, maxAge, project, dryRun, backup);
  }

  @Override
  public Integer call() {
    OutputFormat format =
        formats.resolve(OutputFormat.TABLE, EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON));
    boolean dry = Specs.isSet(dryRun);
    RetentionPolicy policy = policy();
    ChunkFilter scope = ChunkFilter.all();
    String projectName = project.getValue();
    if (projectName != null && !projectName.isBlank()) {
      scope = scope.withProject(projectName.strip());
    }
    ChunkFilter backupScope = scope;
    String backupFile = backup.getValue();
    PendingFile pending = backupFile == null || dry ? null : PendingFile.file(Path.of(backupFile));
    PruneResult result;
    try {
      result =
          chatLog()
              .prune(
                  policy,
                  scope,
                  dry,
                  doomed -> {
                    if (pending != null) {
                      ChunkPages.backUp(chatLog(), doomed, pending, backupScope);
                    }
                  });
    } finally {
      if (pending != null) {
        pending.close();
      }
    }
    if (format == OutputFormat.JSON) {
      JsonOutput.writeAll(context().out(), result.removed(), false, JsonOutput::meta);
    } else {
      for (ChunkMeta meta : result.removed()) {
        context()
            .out()
            .println(
                (dry ? "would remove: " : "")
                    + meta.id()
                    + " "
                    + meta.created()
                    + " "
                    + meta.project()
                    + "/"
                    + meta.topic());
      }
    }
    context()
        .note(
            (dry ? "dry run: would remove " : "removed ")
                + result.removed().size()
                + " of "
                + Plural.of(result.examined(), "chunk")
                + " ("
                + policy
                + ")"
                + (result.pinnedKept() > 0 ? ", kept " + result.pinnedKept() + " pinned" : "")
                + (dry ? "; nothing was removed" : ""));
    if (backupFile != null && (dry || !result.removed().isEmpty())) {
      context()
          .note(
              (dry ? "dry run: would back up " : "backed up ")
                  + Plural.of(result.removed().size(), "chunk")
                  + " to "
                  + backupFile
                  + " before removing them");
    }
    return ExitCodes.OK;
  }

  private RetentionPolicy policy() {
    Long chunks = maxChunks.getValue();
    String age = maxAge.getValue();
    if (chunks != null || age != null) {
      return RetentionPolicy.parse(chunks, age);
    }
    return RetentionPolicy.fromConfig(context().settings().toConfig())
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "Cannot prune: no policy given (--max-chunks, --max-age or"
                        + " CHM_RETENTION_*)"));
  }
}
