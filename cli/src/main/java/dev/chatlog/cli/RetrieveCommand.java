package dev.chatlog.cli;

import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkFilter;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chatlog retrieve}: prints the newest matching chunks with their bodies. */
@Command(
    name = "retrieve",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Prints the newest matching chunks, newest first, with their bodies.",
      "Formats: markdown (default), json, jsonl."
    })
final class RetrieveCommand extends ChatlogSubcommand {
  @Mixin FilterOptions filters;

  @Mixin FormatOptions formats;

  @Option(
      names = {"--limit", "-n"},
      paramLabel = "N",
      description = "How many chunks at most (default: 1, or as many as fit --max-chars).")
  Integer limit;

  @Option(
      names = "--max-chars",
      paramLabel = "N",
      description = "Only the newest chunks whose bodies fit together in N characters.")
  Integer maxChars;

  @Override
  public Integer call() {
    OutputFormat format =
        formats.resolve(
            OutputFormat.MARKDOWN,
            EnumSet.of(OutputFormat.MARKDOWN, OutputFormat.JSON, OutputFormat.JSONL));
    if (limit != null) {
      positive("--limit", limit);
    }
    if (maxChars != null) {
      positive("--max-chars", maxChars);
    }
    ChunkFilter filter = filters.toFilter(Clock.systemUTC());
    List<Chunk> chunks;
    if (maxChars != null) {
      chunks = chatLog().retrieveWithin(filter, maxChars);
      if (limit != null && chunks.size() > limit) {
        chunks = chunks.subList(0, limit);
      }
    } else {
      chunks = chatLog().retrieve(filter, limit == null ? 1 : limit);
    }
    if (chunks.isEmpty()) {
      context().note("nothing matched in " + chatLog().location());
    }
    switch (format) {
      case JSON -> JsonOutput.writeAll(context().out(), chunks, false, JsonOutput::chunk);
      case JSONL -> JsonOutput.writeAll(context().out(), chunks, true, JsonOutput::chunk);
      default -> MarkdownOutput.write(context().out(), chunks);
    }
    return ExitCodes.OK;
  }
}
