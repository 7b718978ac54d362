package dev.chatlog.cli;

import dev.chatlog.model.ChunkMeta;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chatlog list}: a table of the newest matching chunks' metadata. */
@Command(
    name = "list",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Lists the metadata of the newest matching chunks, newest first.",
      "Formats: table (default), json, jsonl."
    })
final class ListCommand extends ChatlogSubcommand {
  @Mixin FilterOptions filters;

  @Mixin FormatOptions formats;

  @Option(
      names = {"--limit", "-n"},
      paramLabel = "N",
      defaultValue = "20",
      description = "How many chunks at most (default: ${DEFAULT-VALUE}).")
  int limit;

  @Override
  public Integer call() {
    OutputFormat format =
        formats.resolve(
            OutputFormat.TABLE,
            EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.JSONL));
    positive("--limit", limit);
    List<ChunkMeta> metas = chatLog().list(filters.toFilter(Clock.systemUTC()), limit);
    switch (format) {
      case JSON -> JsonOutput.writeAll(context().out(), metas, false, JsonOutput::meta);
      case JSONL -> JsonOutput.writeAll(context().out(), metas, true, JsonOutput::meta);
      default -> table(metas);
    }
    return ExitCodes.OK;
  }

  private void table(List<ChunkMeta> metas) {
    Table table = new Table("ID", "CREATED", "PROJECT", "TOPIC", "SESSION", "SEQ", "SIZE", "TAGS");
    for (ChunkMeta meta : metas) {
      table.row(
          meta.id().toString(),
          meta.created().truncatedTo(ChronoUnit.SECONDS).toString(),
          meta.project(),
          meta.topic(),
          meta.session(),
          Integer.toString(meta.seq()),
          Long.toString(meta.size()),
          String.join(",", meta.tags()));
    }
    table.print(context().out());
  }
}
