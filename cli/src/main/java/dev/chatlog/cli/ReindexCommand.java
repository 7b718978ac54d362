package dev.chatlog.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatlog reindex}: rebuilds the index from the chunk files alone. */
@Command(
    name = "reindex",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Rebuilds the whole index from the chunk files and prints how many chunks it indexed.",
      "Use it after 'verify' reports index problems that --repair cannot fix."
    })
final class ReindexCommand extends ChatlogSubcommand {
  @Option(
      names = "--dry-run",
      description = "Show how many chunks the index lists now; write nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    String location = chatLog().location();
    if (dryRun) {
      long listed = chatLog().stats().chunks();
      context()
          .out()
          .println(
              "would reindex "
                  + location
                  + " from its chunk files (the index lists "
                  + listed
                  + " chunks now)");
      context().note("dry run: nothing was written");
      return ExitCodes.OK;
    }
    long indexed = chatLog().reindex();
    context().out().println("reindexed " + indexed + " chunks in " + location);
    return ExitCodes.OK;
  }
}
