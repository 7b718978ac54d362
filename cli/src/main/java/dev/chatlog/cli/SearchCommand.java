package dev.chatlog.cli;

import dev.chatlog.search.RankMode;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chatlog search}: full-text search with the retrieve filters. */
@Command(
    name = "search",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Searches chunk bodies; prints the best hits with a snippet each.",
      "Query: words (all must match), \"phrases\", prefix*, -excluded, OR.",
      "Formats: table (default), json, jsonl."
    })
final class SearchCommand extends ChatlogSubcommand {
  @Parameters(arity = "1..*", paramLabel = "WORD", description = "The query.")
  List<String> words;

  @Mixin FilterOptions filters;

  @Mixin FormatOptions formats;

  @Option(
      names = {"--limit", "-n"},
      paramLabel = "N",
      defaultValue = "10",
      description = "How many hits at most (default: ${DEFAULT-VALUE}).")
  int limit;

  @Option(
      names = "--rank",
      paramLabel = "MODE",
      defaultValue = "balanced",
      description = "Order of hits: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE}).")
  RankMode rank;

  @Override
  public Integer call() {
    OutputFormat format =
        formats.resolve(
            OutputFormat.TABLE,
            EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.JSONL));
    positive("--limit", limit);
    Clock clock = Clock.systemUTC();
    SearchQuery query =
        new SearchQuery(
            String.join(" ", words),
            filters.toFilter(clock),
            limit,
            rank,
            chatLog().config().searchHalfLife(),
            Instant.now(clock));
    List<SearchHit> hits = chatLog().search(query);
    switch (format) {
      case JSON -> JsonOutput.writeAll(context().out(), hits, false, JsonOutput::hit);
      case JSONL -> JsonOutput.writeAll(context().out(), hits, true, JsonOutput::hit);
      default -> print(hits);
    }
    if (hits.isEmpty()) {
      context().note("no hits in " + chatLog().location());
    }
    return ExitCodes.OK;
  }

  private void print(List<SearchHit> hits) {
    for (SearchHit hit : hits) {
      context()
          .out()
          .println(
              hit.meta().id()
                  + "  "
                  + String.format(Locale.ROOT, "%.3f", hit.score())
                  + "  "
                  + hit.meta().project()
                  + "/"
                  + hit.meta().topic()
                  + "  "
                  + hit.meta().created());
      context().out().println("    " + hit.snippet().strip().replaceAll("\\s+", " "));
    }
  }
}
