package dev.chatlog.cli;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Function;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.ISetter;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ScopeType;

/**
 * The root command: the options every subcommand inherits, and the usage help that lists the
 * subcommands. Its subcommands are named in {@link #SUBCOMMANDS} and made by {@link #subcommand},
 * called by {@link Main#commandLine} (only for the one a run needs, when that is known from the
 * arguments).
 */
final class ChatlogCommand implements Callable<Integer> {
  /** Every subcommand's constructor by name, in the order the usage help lists them. */
  private static final Map<String, Function<CliContext, ChatlogSubcommand>> CONSTRUCTORS =
      constructors();

  /** The name of every subcommand, in the order the usage help lists them. */
  static final List<String> SUBCOMMANDS = List.copyOf(CONSTRUCTORS.keySet());

  /** This command's model. */
  final CommandSpec spec;

  private final CliContext context;

  ChatlogCommand(CliContext context) {
    this.context = context;
    spec = Specs.command(this, "chatlog", "Saves AI chat context and finds it again.");
    spec.usageMessage()
        .footer(
            "",
            "Exit codes: 0 ok, 1 failure, 2 usage, 3 read-only, 4 not found, 5 conflict.",
            "The store is set with CHM_STORE (see '${COMMAND-NAME} config').");
    spec.addOption(verbose(context));
  }

  /**
   * The {@code --verbose} option, which every subcommand inherits; a subcommand run on its own
   * ({@link Main#commandLine}) takes it directly.
   */
  static OptionSpec verbose(CliContext context) {
    return OptionSpec.builder("--verbose")
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
        .build();
  }

  /**
   * Run without a command: the usage help on stderr, which lists the commands (as one error line
   * when stderr holds JSON log events), and the usage exit code.
   */
  @Override
  public Integer call() {
    if (LogSetup.json()) {
      throw new ParameterException(spec.commandLine(), "Missing command");
    }
    spec.commandLine().usage(context.err());
    return ExitCodes.USAGE;
  }

  /**
   * A new subcommand of this name.
   *
   * @throws IllegalArgumentException for a name not in {@link #SUBCOMMANDS}
   */
  static ChatlogSubcommand subcommand(String name, CliContext context) {
    Function<CliContext, ChatlogSubcommand> constructor = CONSTRUCTORS.get(name);
    if (constructor == null) {
      throw new IllegalArgumentException("No subcommand " + name);
    }
    return constructor.apply(context);
  }

  private static Map<String, Function<CliContext, ChatlogSubcommand>> constructors() {
    Map<String, Function<CliContext, ChatlogSubcommand>> constructors = new LinkedHashMap<>();
    constructors.put("save", SaveCommand::new);
    constructors.put("import", ImportCommand::new);
    constructors.put("retrieve", RetrieveCommand::new);
    constructors.put("search", SearchCommand::new);
    constructors.put("list", ListCommand::new);
    constructors.put("show", ShowCommand::new);
    constructors.put("sessions", SessionsCommand::new);
    constructors.put("conversation", ConversationCommand::new);
    constructors.put("delete", DeleteCommand::new);
    constructors.put("compact", CompactCommand::new);
    constructors.put("stats", StatsCommand::new);
    constructors.put("config", ConfigCommand::new);
    constructors.put("verify", VerifyCommand::new);
    constructors.put("reindex", ReindexCommand::new);
    constructors.put("prune", PruneCommand::new);
    constructors.put("doctor", DoctorCommand::new);
    constructors.put("export", ExportCommand::new);
    constructors.put("copy", CopyCommand::new);
    constructors.put("completion", CompletionCommand::new);
    return Collections.unmodifiableMap(constructors);
  }
}
