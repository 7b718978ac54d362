package dev.chatlog.cli;

import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkFilter;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;

/** {@code chatlog retrieve}: prints the newest matching chunks with their bodies. */
final class RetrieveCommand extends ChatlogSubcommand {
  private final FilterOptions filters = new FilterOptions();
  private final FormatOptions formats = new FormatOptions();
  private final OptionSpec limit =
      Specs.value(
          Integer.class,
          "N",
          "How many chunks at most (default: 1, or as many as fit --max-chars).",
          "--limit",
          "-n");
  private final OptionSpec maxChars =
      Specs.value(
          Integer.class,
          "N",
          "Only the newest chunks whose bodies fit together in N characters.",
          "--max-chars");

  RetrieveCommand(CliContext context) {
    super(
        context,
        "retrieve",
        "Prints the newest matching chunks, newest first, with their bodies.",
        "Formats: markdown (default), json, jsonl.");
    filters.addTo(this);
    formats.addTo(this);
    add(limit, maxChars);
  }

  @Override
  public Integer call() {
    OutputFormat format =
        formats.resolve(
            OutputFormat.MARKDOWN,
            EnumSet.of(OutputFormat.MARKDOWN, OutputFormat.JSON, OutputFormat.JSONL));
    Integer most = limit.getValue();
    Integer chars = maxChars.getValue();
    if (most != null) {
      positive("--limit", most);
    }
    if (chars != null) {
      positive("--max-chars", chars);
    }
    ChunkFilter filter = filters.toFilter(Clock.systemUTC());
    List<Chunk> chunks;
    if (chars != null) {
      chunks = chatLog().retrieveWithin(filter, chars);
      if (most != null && chunks.size() > most) {
        chunks = chunks.subList(0, most);
      }
    } else {
      chunks = chatLog().retrieve(filter, most == null ? 1 : most);
    }
    if (chunks.isEmpty()) {
      nothingShown(filter, chars);
    }
    context().warnModified(chunks);
    switch (format) {
      case JSON -> JsonOutput.writeAll(context().out(), chunks, false, JsonOutput::chunk);
      case JSONL -> JsonOutput.writeAll(context().out(), chunks, true, JsonOutput::chunk);
      default -> MarkdownOutput.write(context().out(), chunks, formats.storedText());
    }
    return ExitCodes.OK;
  }

  /**
   * Says why nothing is shown: nothing matched or, with {@code --max-chars}, the newest match is
   * longer than the budget.
   */
  private void nothingShown(ChunkFilter filter, Integer chars) {
    List<Chunk> newest = chars == null ? List.of() : chatLog().retrieve(filter, 1);
    if (newest.isEmpty()) {
      context().nothingMatched();
      return;
    }
    context()
        .nothingFits(
            chars, "the newest matching chunk", newest.get(0), "raise --max-chars, or use --limit");
  }
}
