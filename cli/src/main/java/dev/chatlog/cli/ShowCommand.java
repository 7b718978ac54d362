package dev.chatlog.cli;

import dev.chatlog.error.NotFoundException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkId;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;

/** {@code chatlog show ID}: one chunk with its body. */
@Command(
    name = "show",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Prints one chunk, its metadata and body.",
      "Formats: markdown (default), json."
    })
final class ShowCommand extends ChatlogSubcommand {
  @Parameters(paramLabel = "ID", description = "The chunk id.")
  String id;

  @Mixin FormatOptions formats;

  @Override
  public Integer call() {
    OutputFormat format =
        formats.resolve(
            OutputFormat.MARKDOWN, EnumSet.of(OutputFormat.MARKDOWN, OutputFormat.JSON));
    ChunkId chunkId = ChunkId.of(id.strip());
    Chunk chunk =
        chatLog()
            .show(chunkId)
            .orElseThrow(
                () ->
                    new NotFoundException(
                        "Cannot show chunk "
                            + chunkId
                            + ": no such chunk in "
                            + chatLog().location()));
    if (format == OutputFormat.JSON) {
      JsonOutput.writeOne(context().out(), chunk, JsonOutput::chunk);
    } else {
      MarkdownOutput.write(context().out(), List.of(chunk));
    }
    return ExitCodes.OK;
  }
}
