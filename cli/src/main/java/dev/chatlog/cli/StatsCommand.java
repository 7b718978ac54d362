package dev.chatlog.cli;

import dev.chatlog.model.StoreStats;
import java.util.EnumSet;
import java.util.Map;
import java.util.TreeMap;

/** {@code chatlog stats}: counts and sizes of the store. */
final class StatsCommand extends ChatlogSubcommand {
  private final FormatOptions formats = new FormatOptions();

  StatsCommand(CliContext context) {
    super(
        context,
        "stats",
        "Prints how many chunks the store holds, their size, and chunks per project.",
        "Formats: table (default), json.");
    formats.addTo(this);
  }

  @Override
  public Integer call() {
    OutputFormat format =
        formats.resolve(OutputFormat.TABLE, EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON));
    StoreStats stats = chatLog().stats();
    String location = chatLog().location();
    if (format == OutputFormat.JSON) {
      JsonOutput.writeOne(context().out(), stats, (json, s) -> JsonOutput.stats(json, s, location));
      return ExitCodes.OK;
    }
    Table table = new Table("STORE", location);
    table.row("chunks", Long.toString(stats.chunks()));
    table.row("bytes", Long.toString(stats.bytes()));
    table.row("oldest", stats.oldest() == null ? "-" : stats.oldest().toString());
    table.row("newest", stats.newest() == null ? "-" : stats.newest().toString());
    for (Map.Entry<String, Long> entry : new TreeMap<>(stats.perProject()).entrySet()) {
      table.row("project " + entry.getKey(), Long.toString(entry.getValue()));
    }
    table.print(context().out());
    return ExitCodes.OK;
  }
}
