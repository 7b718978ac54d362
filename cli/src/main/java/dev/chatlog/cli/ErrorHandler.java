package dev.chatlog.cli;

import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * Reports a failed command as one line on stderr, {@code chatlog: <message>}; the stack trace only
 * with {@code --verbose}. The exit code comes from the command line's exit code mapper.
 */
final class ErrorHandler
    implements CommandLine.IExecutionExceptionHandler, CommandLine.IParameterExceptionHandler {
  private final CliContext context;

  ErrorHandler(CliContext context) {
    this.context = context;
  }

  @Override
  public int handleExecutionException(
      Exception exception, CommandLine commandLine, CommandLine.ParseResult parseResult) {
    report(exception);
    return commandLine.getExitCodeExceptionMapper().getExitCode(exception);
  }

  @Override
  public int handleParseException(CommandLine.ParameterException exception, String[] args) {
    CommandLine commandLine = exception.getCommandLine();
    String help = commandLine.getCommandSpec().qualifiedName() + " --help";
    context.error(describe(exception) + " (see '" + help + "')", exception);
    return commandLine.getExitCodeExceptionMapper().getExitCode(exception);
  }

  /**
   * A parse error in chatlog's words: an unknown command or option with the one most likely meant
   * (or, for a command, every command), and a value that is none of an option's values with those
   * values as a person types them; picocli's own message otherwise.
   */
  private String describe(CommandLine.ParameterException exception) {
    CommandSpec spec = exception.getCommandLine().getCommandSpec();
    if (exception instanceof UnmatchedArgumentException unmatched
        && !unmatched.getUnmatched().isEmpty()) {
      String first = unmatched.getUnmatched().get(0);
      if (unmatched.isUnknownOption()) {
        Set<String> names = new TreeSet<>();
        spec.options().forEach(option -> names.addAll(List.of(option.names())));
        return "Unknown option '"
            + first
            + "'"
            + Suggestions.closest(first, names)
                .map(name -> "; did you mean " + name + "?")
                .orElse("");
      }
      if (!spec.subcommands().isEmpty()) {
        String program = context.programName();
        return "'"
            + first
            + "' is not a "
            + program
            + " command; "
            + Suggestions.closest(first, spec.subcommands().keySet())
                .map(name -> "did you mean '" + program + " " + name + "'?")
                .orElse("the commands are " + String.join(", ", spec.subcommands().keySet()));
      }
      return "Unexpected argument '" + first + "'";
    }
    if (exception.getCause() instanceof EnumValues.Unknown unknown
        && exception.getArgSpec() instanceof OptionSpec option) {
      return "Cannot use "
          + option.longestName()
          + " '"
          + exception.getValue()
          + "': "
          + unknown.getMessage();
    }
    return exception.getMessage();
  }

  private void report(Exception exception) {
    context.error(message(exception), exception);
  }

  /** The message of an exception as one line; its class name when it has none. */
  static String message(Throwable exception) {
    String message = exception.getMessage();
    if (message == null || message.isBlank()) {
      message = exception.getClass().getName();
    }
    return message.strip().replace('\n', ' ').replace('\r', ' ');
  }
}
