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
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Stack;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
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
        "Query: words (all must match), \"phrases\", prefix*, -excluded, OR. After the first word,"
            + " a word starting with '-' that is not an option of search excludes that word; put the"
            + " query after -- when it starts with '-'.",
        "Formats: table (default), markdown, json, jsonl. JSON hits carry score, relevance, recency"
            + " and the highlights as [start, end) offsets of the snippet.");
    add(words);
    filters.addTo(this);
    formats.addTo(this);
    add(limit, rank, explain, reindex, color);
    spec.preprocessor(SearchCommand::queryWordsLast);
  }

  /**
   * Lets exclusions be typed as words of their own ({@code chatlog search retry -gateway}): after
   * the first word of the query, an argument that is not an option of this command (by its exact
   * name, or {@code name=value}) is a word of the query, even when it starts with {@code -}. Before
   * the first word, picocli's rules apply as to every command ({@code -n5}, unknown options), and a
   * mistyped long option ({@code --limt}) stays an error anywhere. The arguments are put in
   * picocli's order: the options, then {@code --} and the words.
   */
  static boolean queryWordsLast(
      Stack<String> args, CommandSpec command, ArgSpec matched, Map<String, Object> info) {
    List<String> given = new ArrayList<>(args);
    Collections.reverse(given); // the top of the stack is the first argument
    List<String> options = new ArrayList<>();
    List<String> words = new ArrayList<>();
    for (int i = 0; i < given.size(); i++) {
      String arg = given.get(i);
      OptionSpec option = command.optionsMap().get(arg);
      if (arg.equals("--")) {
        words.addAll(given.subList(i + 1, given.size()));
        break;
      } else if (option != null) {
        options.add(arg);
        if (option.arity().max() > 0 && i + 1 < given.size()) {
          options.add(given.get(++i));
        }
      } else if (isOptionWithValue(command, arg)
          || arg.startsWith("--") && arg.length() > 2
          || words.isEmpty() && arg.startsWith("-") && arg.length() > 1) {
        options.add(arg);
      } else {
        words.add(arg);
      }
    }
    if (!words.isEmpty()) {
      options.add("--");
      options.addAll(words);
    }
    args.clear();
    for (int i = options.size() - 1; i >= 0; i--) {
      args.push(options.get(i));
    }
    return false; // picocli parses the arguments as rearranged
  }

  /** Whether an argument is an option of the command with its value attached by {@code =}. */
  private static boolean isOptionWithValue(CommandSpec command, String arg) {
    int equals = arg.indexOf('=');
    return equals > 0 && command.optionsMap().containsKey(arg.substring(0, equals));
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
      context().nothingMatched();
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
