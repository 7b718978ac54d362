package dev.chatlog.cli;

import java.util.List;
import java.util.Locale;
import picocli.AutoComplete;
import picocli.CommandLine;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * {@code chatlog completion bash|zsh|fish}: prints a completion script for the shell, made from the
 * whole command model, so it always lists the commands and options this build has.
 */
final class CompletionCommand extends ChatlogSubcommand {
  /** The shells a script is made for. */
  enum Shell {
    BASH,
    ZSH,
    FISH;

    /** The shell's name as typed, e.g. {@code bash}. */
    @Override
    public String toString() {
      return name().toLowerCase(Locale.ROOT);
    }
  }

  /** The command the scripts complete; {@code chm} gets the same completions. */
  static final String COMMAND = "chatlog";

  static final String ALIAS = "chm";

  private final PositionalParamSpec shell =
      PositionalParamSpec.builder()
          .arity("1")
          .required(true)
          .type(String.class)
          .paramLabel("SHELL")
          .completionCandidates(List.of("bash", "zsh", "fish"))
          .description("bash, zsh or fish.")
          .build();

  CompletionCommand(CliContext context) {
    super(
        context,
        "completion",
        "Prints a shell completion script for chatlog and chm.",
        "bash:  source <(chatlog completion bash)    (in ~/.bashrc)",
        "zsh:   source <(chatlog completion zsh)     (in ~/.zshrc)",
        "fish:  chatlog completion fish > ~/.config/fish/completions/chatlog.fish");
    add(shell);
  }

  @Override
  public Integer call() {
    String name = shell.getValue();
    Shell chosen = null;
    for (Shell candidate : Shell.values()) {
      if (candidate.toString().equalsIgnoreCase(name)) {
        chosen = candidate;
      }
    }
    if (chosen == null) {
      throw usage("Cannot make a completion script for " + name + ": expected bash, zsh or fish");
    }
    CommandLine whole = Main.commandLine(context());
    context().out().print(script(chosen, whole));
    return ExitCodes.OK;
  }

  /** The completion script of {@code commandLine}, the whole command tree, for a shell. */
  static String script(Shell shell, CommandLine commandLine) {
    return switch (shell) {
      // picocli's script serves both: in zsh it loads bash's completion system first
      case BASH, ZSH ->
          AutoComplete.bash(COMMAND, commandLine)
              + "complete -F _complete_"
              + COMMAND
              + " -o default "
              + ALIAS
              + "\n";
      case FISH -> FishCompletion.script(COMMAND, ALIAS, commandLine.getCommandSpec());
    };
  }
}
