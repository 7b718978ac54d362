package dev.chatlog.cli;

import java.io.PrintWriter;
import picocli.CommandLine;

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
    context.note(exception.getMessage() + " (see '" + help + "')");
    if (context.verbose()) {
      context.stackTrace(exception);
    }
    return commandLine.getExitCodeExceptionMapper().getExitCode(exception);
  }

  private void report(Exception exception) {
    PrintWriter err = context.err();
    context.note(message(exception));
    if (context.verbose()) {
      context.stackTrace(exception);
    }
    err.flush();
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
