package dev.chatlog.cli;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;

/**
 * A fish completion script made from a picocli command model (picocli itself writes scripts for
 * bash and zsh only): the subcommands before one is given, then that subcommand's options, with
 * their descriptions and, for options with a fixed set of values, those values.
 */
final class FishCompletion {
  private static final Pattern VARIABLE = Pattern.compile("\\$\\{[^}]*}");

  private FishCompletion() {}

  /** The script for {@code command} (and {@code alias}, which completes the same). */
  static String script(String command, String alias, CommandSpec root) {
    StringBuilder script = new StringBuilder();
    Map<String, CommandLine> subcommands = root.subcommands();
    String names = String.join(" ", subcommands.keySet());
    script
        .append("# fish completion for ")
        .append(command)
        .append(" (")
        .append(command)
        .append(" completion fish)\n");
    script.append("complete -c ").append(command).append(" -f\n");
    String noSubcommand = "not __fish_seen_subcommand_from " + names;
    for (Map.Entry<String, CommandLine> entry : subcommands.entrySet()) {
      script
          .append("complete -c ")
          .append(command)
          .append(" -n ")
          .append(quote(noSubcommand))
          .append(" -a ")
          .append(quote(entry.getKey()))
          .append(" -d ")
          .append(quote(summary(entry.getValue().getCommandSpec().usageMessage().description())))
          .append('\n');
    }
    for (OptionSpec option : root.options()) {
      script.append(option(command, noSubcommand, option));
    }
    for (Map.Entry<String, CommandLine> entry : subcommands.entrySet()) {
      String condition = "__fish_seen_subcommand_from " + entry.getKey();
      CommandSpec spec = entry.getValue().getCommandSpec();
      for (OptionSpec option : spec.options()) {
        script.append(option(command, condition, option));
      }
      for (CommandLine.Model.PositionalParamSpec parameter : spec.positionalParameters()) {
        List<String> values = candidates(parameter.completionCandidates());
        if (!values.isEmpty()) {
          script
              .append("complete -c ")
              .append(command)
              .append(" -n ")
              .append(quote(condition))
              .append(" -a ")
              .append(quote(String.join(" ", values)))
              .append('\n');
        }
      }
    }
    script.append("complete -c ").append(alias).append(" -w ").append(command).append('\n');
    return script.toString();
  }

  private static String option(String command, String condition, OptionSpec option) {
    StringBuilder line = new StringBuilder("complete -c ").append(command);
    line.append(" -n ").append(quote(condition));
    for (String name : option.names()) {
      if (name.startsWith("--")) {
        line.append(" -l ").append(name.substring(2));
      } else if (name.startsWith("-") && name.length() == 2) {
        line.append(" -s ").append(name.substring(1));
      } else {
        line.append(" -o ").append(name.substring(1));
      }
    }
    if (option.arity().max() > 0) {
      List<String> values = candidates(option.completionCandidates());
      if (values.isEmpty()) {
        line.append(" -r -F");
      } else {
        line.append(" -x -a ").append(quote(String.join(" ", values)));
      }
    }
    line.append(" -d ").append(quote(summary(option.description())));
    return line.append('\n').toString();
  }

  private static List<String> candidates(Iterable<String> candidates) {
    List<String> values = new ArrayList<>();
    if (candidates != null) {
      for (String value : candidates) {
        values.add(value);
      }
    }
    return values;
  }

  /** The first line of a description, without picocli's variables. */
  static String summary(String[] description) {
    if (description == null || description.length == 0) {
      return "";
    }
    return VARIABLE.matcher(description[0]).replaceAll("").strip();
  }

  /** A fish single-quoted string. */
  static String quote(String text) {
    return "'" + text.replace("\\", "\\\\").replace("'", "\\'") + "'";
  }
}
