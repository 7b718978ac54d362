package dev.chatlog.cli;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.retention.PruneResult;
import dev.chatlog.retention.RetentionPolicy;
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

  PruneCommand(CliContext context) {
    super(
        context,
        "prune",
        "Removes the chunks a retention policy does not keep and prints each one removed (id,"
            + " created, project/topic). Chunks tagged 'pinned' are never removed.",
        "Without --max-chunks or --max-age the configured policy applies (CHM_RETENTION_MAX_CHUNKS,"
            + " CHM_RETENTION_MAX_AGE_DAYS); with none at all it is a usage error (exit code 2).",
        "Formats: table (default), json.");
    formats.addTo(this);
    add(maxChunks, maxAge, project, dryRun);
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
    PruneResult result = chatLog().prune(policy, scope, dry);
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
