package dev.chatlog.cli;

import dev.chatlog.error.CorruptDataException;
import dev.chatlog.error.NotFoundException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkId;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code chatlog show ID}: one chunk with its body. */
final class ShowCommand extends ChatlogSubcommand {
  private final PositionalParamSpec id =
      Specs.parameter("ID", "The chunk id, in any case, or the start of it that only it has.");
  private final FormatOptions formats = new FormatOptions();

  ShowCommand(CliContext context) {
    super(
        context,
        "show",
        "Prints one chunk, its metadata and body.",
        "Formats: markdown (default), json.");
    add(id);
    formats.addTo(this);
  }

  @Override
  public Integer call() {
    OutputFormat format =
        formats.resolve(
            OutputFormat.MARKDOWN, EnumSet.of(OutputFormat.MARKDOWN, OutputFormat.JSON));
    ChunkId chunkId = chatLog().resolve(id.getValue());
    Optional<Chunk> found;
    try {
      found = chatLog().show(chunkId);
    } catch (CorruptDataException e) {
      throw new CorruptDataException(
          "Cannot show chunk " + chunkId + ": it is corrupt (" + e.getMessage() + ")", e);
    }
    Chunk chunk =
        found.orElseThrow(
            () ->
                new NotFoundException(
                    "Cannot show chunk " + chunkId + ": no such chunk in " + chatLog().location()));
    context().warnModified(List.of(chunk));
    if (format == OutputFormat.JSON) {
      JsonOutput.writeOne(context().out(), chunk, JsonOutput::chunk);
    } else {
      MarkdownOutput.write(context().out(), List.of(chunk), formats.storedText());
    }
    return ExitCodes.OK;
  }
}
