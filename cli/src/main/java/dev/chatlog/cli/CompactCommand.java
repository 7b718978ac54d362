package dev.chatlog.cli;

/** {@code chatlog compact}: folds pending index entries into the store's index. */
final class CompactCommand extends ChatlogSubcommand {
  CompactCommand(CliContext context) {
    super(context, "compact", "Folds pending index entries into a new index segment.");
  }

  @Override
  public Integer call() {
    chatLog().compact();
    context().note("compacted " + chatLog().location());
    return ExitCodes.OK;
  }
}
