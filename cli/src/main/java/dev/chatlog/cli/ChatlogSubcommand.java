package dev.chatlog.cli;

import dev.chatlog.ChatLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;

/**
 * Base of every subcommand: its picocli model, built in code (see {@link Specs}), and access to the
 * run's context and its store.
 */
abstract class ChatlogSubcommand implements Callable<Integer> {
  private final CliContext context;

  /** This command's model; picocli sets its options' values when it parses the arguments. */
  final CommandSpec spec;

  ChatlogSubcommand(CliContext context, String name, String... description) {
    this.context = context;
    this.spec = Specs.command(this, name, description);
  }

  /** Adds options and positional parameters to this command's model. */
  final void add(ArgSpec... args) {
    for (ArgSpec arg : args) {
      if (arg instanceof OptionSpec option) {
        spec.addOption(option);
      } else {
        spec.addPositional((PositionalParamSpec) arg);
      }
    }
  }

  CliContext context() {
    return context;
  }

  ChatLog chatLog() {
    return context().chatLog();
  }

  /** A usage error naming this command (exit code 2). */
  ParameterException usage(String message) {
    return new ParameterException(spec.commandLine(), message);
  }

  /** Checks that a count option is at least 1. */
  int positive(String option, int value) {
    if (value < 1) {
      throw usage("Cannot use " + option + " " + value + ": must be at least 1");
    }
    return value;
  }
}
