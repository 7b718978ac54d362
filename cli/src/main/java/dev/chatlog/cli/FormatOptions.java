package dev.chatlog.cli;

import java.util.EnumSet;
import java.util.Set;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** {@code --format} and its shortcut {@code --json}, shared by the reading commands. */
final class FormatOptions {
  @Spec(Spec.Target.MIXEE)
  CommandSpec mixee;

  @Option(
      names = "--format",
      paramLabel = "FORMAT",
      description = "Output format; this command's formats are listed above.")
  OutputFormat format;

  @Option(names = "--json", description = "Shortcut for --format json.")
  boolean json;

  /** The format asked for, or {@code fallback}; a format the command does not offer is an error. */
  OutputFormat resolve(OutputFormat fallback, Set<OutputFormat> offered) {
    if (json && format != null && format != OutputFormat.JSON) {
      throw new ParameterException(
          mixee.commandLine(), "Cannot use --json with --format " + format);
    }
    OutputFormat chosen = json ? OutputFormat.JSON : format == null ? fallback : format;
    if (!offered.contains(chosen)) {
      throw new ParameterException(
          mixee.commandLine(),
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
