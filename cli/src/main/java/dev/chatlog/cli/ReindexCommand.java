package dev.chatlog.cli;

import picocli.CommandLine.Model.OptionSpec;

/** {@code chatlog reindex}: rebuilds the index from the chunk files alone. */
final class ReindexCommand extends ChatlogSubcommand {
  private final OptionSpec dryRun =
      Specs.flag("Show how many chunks the index lists now; write nothing.", "--dry-run");

  ReindexCommand(CliContext context) {
    super(
        context,
        "reindex",
        "Rebuilds the whole index from the chunk files and prints how many chunks it indexed.",
        "Use it after 'verify' reports index problems that --repair cannot fix.");
    add(dryRun);
  }

  @Override
  public Integer call() {
    String location = chatLog().location();
    if (Specs.isSet(dryRun)) {
      long listed = chatLog().stats().chunks();
      context()
          .out()
          .println(
              "would reindex "
                  + location
                  + " from its chunk files (the index lists "
                  + Plural.of(listed, "chunk")
                  + " now)");
      context().note("dry run: nothing was written");
      return ExitCodes.OK;
    }
    long indexed = chatLog().reindex();
    context().out().println("reindexed " + Plural.of(indexed, "chunk") + " in " + location);
    return ExitCodes.OK;
  }
}
