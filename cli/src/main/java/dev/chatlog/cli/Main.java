package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.chatlog.error.InvalidInputException;
import java.io.BufferedOutputStream;
import java.io.BufferedWriter;
import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import picocli.CommandLine;

/** Entry point of the {@code chatlog} command (and its alias {@code chm}). */
public final class Main {
  /**
   * System property the launchers set to the name the user typed ({@code chatlog} or {@code chm}).
   */
  static final String PROGRAM_NAME_PROPERTY = "chatlog.program.name";

  private static final String DEFAULT_NAME = "chatlog";

  private Main() {}

  /** Runs one command and exits the JVM with its exit code. */
  public static void main(String[] args) {
    PrintStream out =
        new PrintStream(
            new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16),
            false,
            UTF_8);
    String name = System.getProperty(PROGRAM_NAME_PROPERTY, DEFAULT_NAME);
    System.exit(
        run(
            name,
            System.in,
            out,
            System.err,
            System.getenv(),
            Terminal.isInteractive(),
            Terminal.readsTerminal(),
            args));
  }

  /**
   * Runs one command as {@code chatlog} would, with its own streams and environment: what tests and
   * embedders call.
   *
   * @param env the environment variables to read settings from (never the process environment)
   * @return the exit code (see {@link ExitCodes})
   */
  public static int run(
      InputStream in, PrintStream out, PrintStream err, Map<String, String> env, String... args) {
    return run(DEFAULT_NAME, in, out, err, env, args);
  }

  static int run(
      String name,
      InputStream in,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      String... args) {
    return run(name, in, out, err, env, false, args);
  }

  /** Like the other {@code run}, telling whether {@code out} is a terminal. */
  static int run(
      String name,
      InputStream in,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      boolean terminal,
      String... args) {
    return run(name, in, out, err, env, terminal, false, args);
  }

  /**
   * Like the other {@code run}, telling whether {@code out} is a terminal and whether {@code in} is
   * one.
   */
  static int run(
      String name,
      InputStream in,
      PrintStream out,
      PrintStream err,
      Map<String, String> env,
      boolean terminal,
      boolean inputTerminal,
      String... args) {
    PrintWriter stdout = new PrintWriter(new BufferedWriter(new OutputStreamWriter(out, UTF_8)));
    PrintWriter stderr = new PrintWriter(new OutputStreamWriter(err, UTF_8), true);
    try (CliContext context = new CliContext(name, in, stdout, stderr, env)) {
      context.terminal(terminal);
      context.inputTerminal(inputTerminal);
      context.binaryOut(out);
      String command = subcommandOf(args);
      command = command.isEmpty() ? DEFAULT_NAME : command;
      try {
        LogSetup.configure(context.settings(), err, command);
        context.startObserving();
      } catch (InvalidInputException e) {
        context.error(ErrorHandler.message(e), e);
        return ExitCodes.of(e);
      }
      int exitCode = commandLine(context, args).execute(commandArgs(args));
      context.publishMetrics(command, exitCode);
      return exitCode;
    } finally {
      stdout.flush();
      stderr.flush();
      out.flush();
    }
  }

  /**
   * The configured picocli command for a run with these arguments. Building the model of a command
   * takes time at start-up, so when the arguments name a subcommand (after nothing but {@code
   * --verbose}) that subcommand alone is built and run as the command, named {@code chatlog NAME},
   * with {@link #commandArgs} (one picocli parser instead of two); otherwise (root help, version, a
   * usage error, an unknown command) the whole tree is, so that help and error messages list every
   * subcommand.
   */
  static CommandLine commandLine(CliContext context, String... args) {
    String only = subcommandOf(args);
    CommandLine commandLine;
    if (only.isEmpty()) {
      commandLine = new CommandLine(new ChatlogCommand(context).spec);
      for (String name : ChatlogCommand.SUBCOMMANDS) {
        commandLine.addSubcommand(name, ChatlogCommand.subcommand(name, context).spec);
      }
      commandLine.setCommandName(context.programName());
    } else {
      ChatlogSubcommand subcommand = ChatlogCommand.subcommand(only, context);
      subcommand.spec.addOption(ChatlogCommand.verbose(context));
      commandLine = new CommandLine(subcommand.spec);
      commandLine.setCommandName(context.programName() + " " + only);
    }
    ErrorHandler errors = new ErrorHandler(context);
    commandLine
        .setOut(context.out())
        .setErr(context.err())
        .setCaseInsensitiveEnumValuesAllowed(true)
        .setExitCodeExceptionMapper(new ExitCodes.Mapper())
        .setExecutionExceptionHandler(errors)
        .setParameterExceptionHandler(errors);
    return commandLine;
  }

  /**
   * The arguments {@link #commandLine} runs with: these, less the subcommand's name when that
   * subcommand is run on its own.
   */
  static String[] commandArgs(String... args) {
    String only = subcommandOf(args);
    if (only.isEmpty()) {
      return args;
    }
    List<String> rest = new ArrayList<>(Arrays.asList(args));
    rest.remove(only); // its first occurrence: the name, after nothing but --verbose
    return rest.toArray(new String[0]);
  }

  /** The name of the subcommand the arguments run, or "" when that is not plainly one. */
  static String subcommandOf(String... args) {
    for (String arg : args) {
      if (!"--verbose".equals(arg)) {
        return ChatlogCommand.SUBCOMMANDS.contains(arg) ? arg : "";
      }
    }
    return "";
  }
}
