package dev.chatlog.cli;

import dev.chatlog.config.Settings;
import dev.chatlog.search.LocalSearchIndexes;
import dev.chatlog.search.QueryParser;
import dev.chatlog.search.RankMode;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import java.io.PrintWriter;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code chatlog search}: full-text search with the retrieve filters. */
final class SearchCommand extends ChatlogSubcommand {
  /** The {@code --color} choices. */
  enum Color {
    AUTO,
    ALWAYS,
    NEVER
  }

  private final PositionalParamSpec words = Specs.parameters("WORD", "The query.");
  private final FilterOptions filters = new FilterOptions();
  private final FormatOptions formats = new FormatOptions();
  private final OptionSpec limit =
      Specs.valueOrDefault(
          int.class,
          "N",
          "10",
          "How many hits at most (default: ${DEFAULT-VALUE}).",
          "--limit",
          "-n");
  private final OptionSpec rank =
      Specs.valueOrDefault(
          RankMode.class,
          "MODE",
          "balanced",
          "Order of hits: balanced (match and recency, the default), relevance (match only),"
              + " recent (newest first). Recency halves every CHM_SEARCH_HALF_LIFE (default 30d).",
          "--rank");
  private final OptionSpec explain =
      Specs.flag("Show each hit's score, relevance and recency.", "--explain");
  private final OptionSpec reindex =
      Specs.flag(
          "Rebuild this store's local search index from scratch before searching.", "--reindex");
  private final OptionSpec color =
      Specs.valueOrDefault(
          Color.class,
          "WHEN",
          "auto",
          "Bold matches in the table: auto (when stdout is a terminal and NO_COLOR is unset),"
              + " always, never.",
          "--color");

  SearchCommand(CliContext context) {
    super(
        context,
        "search",
        "Searches what was said in the chunks; prints the best hits, each with its id, time,"
            + " project/topic and a snippet with the matches highlighted.",
        "Query: words (all must match), \"phrases\", prefix*, -excluded, OR. Put the query after --"
            + " when it starts with '-'.",
        "Formats: table (default), markdown, json, jsonl. JSON hits carry score, relevance, recency"
            + " and the highlights as [start, end) offsets of the snippet.");
    add(words);
    filters.addTo(this);
    formats.addTo(this);
    add(limit, rank, explain, reindex, color);
  }

  @Override
  public Integer call() {
    OutputFormat format =
        formats.resolve(
            OutputFormat.TABLE,
            EnumSet.of(
                OutputFormat.TABLE, OutputFormat.MARKDOWN, OutputFormat.JSON, OutputFormat.JSONL));
    int most = positive("--limit", limit.getValue());
    String text = String.join(" ", Specs.values(words));
    QueryParser.parse(text); // a malformed query is a usage error before the store is opened
    Clock clock = Clock.systemUTC();
    Settings settings = context().settings();
    SearchQuery query =
        new SearchQuery(
                text,
                filters.toFilter(clock),
                most,
                rank.getValue(),
                chatLog().config().searchHalfLife(),
                Instant.now(clock))
            .withIndexFolder(settings.searchIndexFolder());
    if (Specs.isSet(reindex)) {
      LocalSearchIndexes.drop(chatLog().location(), settings.searchIndexFolder());
    }
    List<SearchHit> hits = chatLog().search(query);
    PrintWriter out = context().out();
    switch (format) {
      case JSON -> JsonOutput.writeAll(out, hits, false, JsonOutput::hit);
      case JSONL -> JsonOutput.writeAll(out, hits, true, JsonOutput::hit);
      case MARKDOWN -> markdown(out, hits);
      default -> table(out, hits, colored() ? Highlighter.ANSI : Highlighter.PLAIN);
    }
    if (hits.isEmpty()) {
      context().note("no hits in " + chatLog().location());
    }
    return ExitCodes.OK;
  }

  private boolean colored() {
    Color when = color.getValue();
    return switch (when) {
      case ALWAYS -> true;
      case NEVER -> false;
      case AUTO -> context().terminal() && context().env().getOrDefault("NO_COLOR", "").isEmpty();
    };
  }

  /** Per hit: a line with id, time, project/topic (and the score parts), then the snippet. */
  private void table(PrintWriter out, List<SearchHit> hits, Highlighter highlighter) {
    UnaryOperator<String> shown = formats.storedText();
    for (SearchHit hit : hits) {
      StringBuilder line =
          new StringBuilder()
              .append(hit.meta().id())
              .append("  ")
              .append(hit.meta().created())
              .append("  ")
              .append(shown.apply(hit.meta().project()))
              .append('/')
              .append(shown.apply(hit.meta().topic()));
      if (Specs.isSet(explain)) {
        line.append("  ").append(scoreParts(hit, "  "));
      }
      out.println(line);
      out.println("    " + highlighter.apply(hit.snippet(), hit.highlights(), shown));
    }
  }

  /** Per hit: the heading of {@code retrieve}, the snippet as a quote (and the score parts). */
  private void markdown(PrintWriter out, List<SearchHit> hits) {
    UnaryOperator<String> shown = formats.storedText();
    boolean first = true;
    for (SearchHit hit : hits) {
      if (!first) {
        out.println();
      }
      first = false;
      out.println(shown.apply(MarkdownOutput.heading(hit.meta())));
      out.println();
      out.println("> " + Highlighter.MARKDOWN.apply(hit.snippet(), hit.highlights(), shown));
      if (Specs.isSet(explain)) {
        out.println();
        out.println(scoreParts(hit, " · "));
      }
    }
  }

  /** {@code score S<sep>relevance R<sep>recency C}, six significant digits each. */
  static String scoreParts(SearchHit hit, String separator) {
    return "score "
        + number(hit.score())
        + separator
        + "relevance "
        + number(hit.relevance())
        + separator
        + "recency "
        + number(hit.recency());
  }

  private static String number(double value) {
    return String.format(Locale.ROOT, "%.6g", value);
  }
}
