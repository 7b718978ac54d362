package dev.chatlog.cli;

import dev.chatlog.ChatLog;
import java.util.concurrent.Callable;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Base of every subcommand: access to the run's context and its store. */
abstract class ChatlogSubcommand implements Callable<Integer> {
  @ParentCommand ChatlogCommand root;

  @Spec CommandSpec spec;

  CliContext context() {
    return root.context();
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
