package dev.chatlog.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;
import picocli.CommandLine.Spec;

/**
 * The root command: holds the run's context and the options every subcommand inherits. Its
 * subcommands are in {@link #SUBCOMMANDS}, added by {@link Main#commandLine} (only the one a run
 * needs, when that is known from the arguments).
 */
@Command(
    name = "chatlog",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = "Saves AI chat context and finds it again.",
    footer = {
      "",
      "Exit codes: 0 ok, 1 failure, 2 usage, 3 read-only, 4 not found, 5 conflict.",
      "The store is set with CHM_STORE (see '${COMMAND-NAME} config')."
    })
final class ChatlogCommand implements Runnable {
  /** Every subcommand class by its name, in the order the usage help lists them. */
  static final Map<String, Class<?>> SUBCOMMANDS = subcommands();

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

  private static Map<String, Class<?>> subcommands() {
    Map<String, Class<?>> commands = new LinkedHashMap<>();
    commands.put("save", SaveCommand.class);
    commands.put("retrieve", RetrieveCommand.class);
    commands.put("search", SearchCommand.class);
    commands.put("list", ListCommand.class);
    commands.put("show", ShowCommand.class);
    commands.put("delete", DeleteCommand.class);
    commands.put("compact", CompactCommand.class);
    commands.put("stats", StatsCommand.class);
    commands.put("config", ConfigCommand.class);
    commands.put("verify", VerifyCommand.class);
    commands.put("reindex", ReindexCommand.class);
    commands.put("prune", PruneCommand.class);
    commands.put("doctor", DoctorCommand.class);
    return Collections.unmodifiableMap(commands);
  }
}
