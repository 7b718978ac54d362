package dev.chatlog.cli;

import dev.chatlog.model.ChunkMeta;
import java.time.Clock;
import java.time.temporal.ChronoUnit;
import java.util.EnumSet;
import java.util.List;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.OptionSpec;

/** {@code chatlog list}: a table of the newest matching chunks' metadata. */
final class ListCommand extends ChatlogSubcommand {
  private final FilterOptions filters = new FilterOptions();
  private final FormatOptions formats = new FormatOptions();
  private final OptionSpec limit =
      Specs.valueOrDefault(
          int.class,
          "N",
          "20",
          "How many chunks at most (default: ${DEFAULT-VALUE}).",
          "--limit",
          "-n");

  ListCommand(CliContext context) {
    super(
        context,
        "list",
        "Lists the metadata of the newest matching chunks, newest first.",
        "Formats: table (default), json, jsonl.");
    filters.addTo(this);
    formats.addTo(this);
    add(limit);
  }

  @Override
  public Integer call() {
    OutputFormat format =
        formats.resolve(
            OutputFormat.TABLE,
            EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.JSONL));
    int most = positive("--limit", limit.getValue());
    List<ChunkMeta> metas = chatLog().list(filters.toFilter(Clock.systemUTC()), most);
    if (metas.isEmpty()) {
      context().nothingMatched();
    }
    switch (format) {
      case JSON -> JsonOutput.writeAll(context().out(), metas, false, JsonOutput::meta);
      case JSONL -> JsonOutput.writeAll(context().out(), metas, true, JsonOutput::meta);
      default -> table(metas);
    }
    return ExitCodes.OK;
  }

  private void table(List<ChunkMeta> metas) {
    if (metas.isEmpty()) {
      return;
    }
    Table table = new Table("ID", "CREATED", "PROJECT", "TOPIC", "SESSION", "SEQ", "SIZE", "TAGS");
    UnaryOperator<String> shown = formats.storedText();
    for (ChunkMeta meta : metas) {
      table.row(
          meta.id().toString(),
          meta.created().truncatedTo(ChronoUnit.SECONDS).toString(),
          shown.apply(meta.project()),
          shown.apply(meta.topic()),
          shown.apply(meta.session()),
          Integer.toString(meta.seq()),
          Long.toString(meta.size()),
          shown.apply(String.join(",", meta.tags())));
    }
    table.print(context().out());
  }
}
