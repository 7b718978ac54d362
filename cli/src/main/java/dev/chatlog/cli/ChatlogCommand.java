package dev.chatlog.cli;

import java.util.List;
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
final class ChatlogCommand implements Runnable {
  /** The name of every subcommand, in the order the usage help lists them. */
  static final List<String> SUBCOMMANDS =
      List.of(
          "save",
          "import",
          "retrieve",
          "search",
          "list",
          "show",
          "sessions",
          "conversation",
          "delete",
          "compact",
          "stats",
          "config",
          "verify",
          "reindex",
          "prune",
          "doctor",
          "completion");

  /** This command's model. */
  final CommandSpec spec;

  ChatlogCommand(CliContext context) {
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

  @Override
  public void run() {
    throw new ParameterException(spec.commandLine(), "Missing command");
  }

  /**
   * A new subcommand of this name. A switch rather than a map of constructor references: linking
   * each reference loads its class at start-up, which cost about 2 ms for the twelve a run does not
   * use.
   *
   * @throws IllegalArgumentException for a name not in {@link #SUBCOMMANDS}
   */
  static ChatlogSubcommand subcommand(String name, CliContext context) {
    return switch (name) {
      case "save" -> new SaveCommand(context);
      case "import" -> new ImportCommand(context);
      case "sessions" -> new SessionsCommand(context);
      case "conversation" -> new ConversationCommand(context);
      case "retrieve" -> new RetrieveCommand(context);
      case "search" -> new SearchCommand(context);
      case "list" -> new ListCommand(context);
      case "show" -> new ShowCommand(context);
      case "delete" -> new DeleteCommand(context);
      case "compact" -> new CompactCommand(context);
      case "stats" -> new StatsCommand(context);
      case "config" -> new ConfigCommand(context);
      case "verify" -> new VerifyCommand(context);
      case "reindex" -> new ReindexCommand(context);
      case "prune" -> new PruneCommand(context);
      case "doctor" -> new DoctorCommand(context);
      case "completion" -> new CompletionCommand(context);
      default -> throw new IllegalArgumentException("No subcommand " + name);
    };
  }
}
