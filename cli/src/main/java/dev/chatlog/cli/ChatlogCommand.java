package dev.chatlog.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/**
 * The root command: the options every subcommand inherits, and the usage help that lists the
 * subcommands. Its subcommands are in {@link #SUBCOMMANDS}, added by {@link Main#commandLine} (only
 * the one a run needs, when that is known from the arguments).
 */
final class ChatlogCommand implements Runnable {
  /** A factory of every subcommand by its name, in the order the usage help lists them. */
  static final Map<String, Function<CliContext, ChatlogSubcommand>> SUBCOMMANDS = subcommands();

  /** This command's model. */
  final CommandSpec spec;

  ChatlogCommand(CliContext context) {
    spec = Specs.command(this, "chatlog", "Saves AI chat context and finds it again.");
    spec.usageMessage()
        .footer(
            "",
            "Exit codes: 0 ok, 1 failure, 2 usage, 3 read-only, 4 not found, 5 conflict.",
            "The store is set with CHM_STORE (see '${COMMAND-NAME} config').");
    spec.addOption(
        OptionSpec.builder("--verbose")
            .type(boolean.class)
            .initialValue(false)
            .scopeType(ScopeType.INHERIT)
            .description("Show stack traces of errors.")
            .setter(
                new ISetter() {
                  @Override
                  public <T> T set(T value) {
                    context.verbose(Boolean.TRUE.equals(value));
                    return null;
                  }
                })
            .build());
  }

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command");
  }

  private static Map<String, Function<CliContext, ChatlogSubcommand>> subcommands() {
    Map<String, Function<CliContext, ChatlogSubcommand>> commands = new LinkedHashMap<>();
    commands.put("save", SaveCommand::new);
    commands.put("retrieve", RetrieveCommand::new);
    commands.put("search", SearchCommand::new);
    commands.put("list", ListCommand::new);
    commands.put("show", ShowCommand::new);
    commands.put("delete", DeleteCommand::new);
    commands.put("compact", CompactCommand::new);
    commands.put("stats", StatsCommand::new);
    commands.put("config", ConfigCommand::new);
    commands.put("verify", VerifyCommand::new);
    commands.put("reindex", ReindexCommand::new);
    commands.put("prune", PruneCommand::new);
    commands.put("doctor", DoctorCommand::new);
    return Collections.unmodifiableMap(commands);
  }
}
