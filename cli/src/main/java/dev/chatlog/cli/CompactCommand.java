package dev.chatlog.cli;

import picocli.CommandLine.Command;

/** {@code chatlog compact}: folds pending index entries into the store's index. */
@Command(
    name = "compact",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Folds pending index entries into a new index segment.")
final class CompactCommand extends ChatlogSubcommand {
  @Override
  public Integer call() {
    chatLog().compact();
    context().note("compacted " + chatLog().location());
    return ExitCodes.OK;
  }
}
