package dev.chatlog.cli;

import java.util.EnumSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.OptionSpec;

/** {@code --format} and its shortcut {@code --json}, shared by the reading commands. */
final class FormatOptions {
  private final OptionSpec format =
      Specs.value(
          OutputFormat.class,
          "FORMAT",
          "Output format; this command's formats are listed above.",
          "--format");
  private final OptionSpec json = Specs.flag("Shortcut for --format json.", "--json");
  private final OptionSpec raw =
      Specs.flag(
          "Print stored text as it is, control characters included (on a terminal they are shown"
              + " escaped).",
          "--raw");
  private ChatlogSubcommand command;

  /** Adds these options to a command. */
  void addTo(ChatlogSubcommand command) {
    this.command = command;
    command.add(format, json, raw);
  }

  /**
   * How stored text is shown: escaped ({@link StoredText#escaped}) when standard output is a
   * terminal and {@code --raw} is not given, else as stored.
   */
  UnaryOperator<String> storedText() {
    return command.context().terminal() && !Specs.isSet(raw)
        ? StoredText::escaped
        : UnaryOperator.identity();
  }

  /** The format asked for, or {@code fallback}; a format the command does not offer is an error. */
  OutputFormat resolve(OutputFormat fallback, Set<OutputFormat> offered) {
    OutputFormat asked = format.getValue();
    boolean shortcut = Specs.isSet(json);
    if (shortcut && asked != null && asked != OutputFormat.JSON) {
      throw command.usage("Cannot use --json with --format " + asked);
    }
    OutputFormat chosen = shortcut ? OutputFormat.JSON : asked == null ? fallback : asked;
    if (!offered.contains(chosen)) {
      throw command.usage(
          "Cannot use --format "
              + chosen
              + ": expected one of "
              + EnumSet.copyOf(offered).stream()
                  .map(OutputFormat::toString)
                  .collect(Collectors.joining(", ")));
    }
    return chosen;
  }
}
