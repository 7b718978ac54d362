package dev.chatlog.cli;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.retention.PruneResult;
import dev.chatlog.retention.RetentionPolicy;
import java.util.EnumSet;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chatlog prune}: removes the chunks a retention policy does not keep. */
@Command(
    name = "prune",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Removes the chunks a retention policy does not keep and prints each one removed (id,"
          + " created, project/topic). Chunks tagged 'pinned' are never removed.",
      "Without --max-chunks or --max-age the configured policy applies (CHM_RETENTION_MAX_CHUNKS,"
          + " CHM_RETENTION_MAX_AGE_DAYS); with none at all it is a usage error (exit code 2).",
      "Formats: table (default), json."
    })
final class PruneCommand extends ChatlogSubcommand {
  @Mixin FormatOptions formats;

  @Option(
      names = "--max-chunks",
      paramLabel = "N",
      description = "Keep at most the newest N chunks (of the project, with --project).")
  Long maxChunks;

  @Option(
      names = "--max-age",
      paramLabel = "AGE",
      description = "Remove chunks created longer ago than AGE: 30d, 12h, 90m or ISO-8601 (P2W).")
  String maxAge;

  @Option(
      names = {"--project", "-p"},
      paramLabel = "NAME",
      description = "Prune only the chunks of this project.")
  String project;

  @Option(names = "--dry-run", description = "Show what would be removed; remove nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    OutputFormat format =
        formats.resolve(OutputFormat.TABLE, EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON));
    RetentionPolicy policy = policy();
    ChunkFilter scope = ChunkFilter.all();
    if (project != null && !project.isBlank()) {
      scope = scope.withProject(project.strip());
    }
    PruneResult result = chatLog().prune(policy, scope, dryRun);
    if (format == OutputFormat.JSON) {
      JsonOutput.writeAll(context().out(), result.removed(), false, JsonOutput::meta);
    } else {
      for (ChunkMeta meta : result.removed()) {
        context()
            .out()
            .println(
                (dryRun ? "would remove: " : "")
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
            (dryRun ? "dry run: would remove " : "removed ")
                + result.removed().size()
                + " of "
                + result.examined()
                + " chunks ("
                + policy
                + ")"
                + (result.pinnedKept() > 0 ? ", kept " + result.pinnedKept() + " pinned" : "")
                + (dryRun ? "; nothing was removed" : ""));
    return ExitCodes.OK;
  }

  private RetentionPolicy policy() {
    if (maxChunks != null || maxAge != null) {
      return RetentionPolicy.parse(maxChunks, maxAge);
    }
    return RetentionPolicy.fromConfig(context().settings().toConfig())
        .orElseThrow(
            () ->
                new InvalidInputException(
                    "Cannot prune: no policy given (--max-chunks, --max-age or"
                        + " CHM_RETENTION_*)"));
  }
}
