package dev.chatlog.cli;

import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/** The root command: holds the run's context and the options every subcommand inherits. */
@Command(
    name = "chatlog",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Saves AI chat context and finds it again.",
    subcommands = {
      SaveCommand.class,
      RetrieveCommand.class,
      SearchCommand.class,
      ListCommand.class,
      ShowCommand.class,
      DeleteCommand.class,
      CompactCommand.class,
      StatsCommand.class,
      ConfigCommand.class,
      VerifyCommand.class,
      ReindexCommand.class,
      PruneCommand.class,
      DoctorCommand.class
    },
    footer = {
      "",
      "Exit codes: 0 ok, 1 failure, 2 usage, 3 read-only, 4 not found, 5 conflict.",
      "The store is set with CHM_STORE (see '${COMMAND-NAME} config')."
    })
final class ChatlogCommand implements Runnable {
  private final CliContext context;

  @Spec CommandSpec spec;

  ChatlogCommand(CliContext context) {
    this.context = context;
  }

  CliContext context() {
    return context;
  }

  @Option(
      names = "--verbose",
      scope = ScopeType.INHERIT,
      description = "Show stack traces of errors.")
  void verbose(boolean value) {
    context.verbose(value);
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command");
  }
}
