package dev.chatlog.cli;

import java.util.List;
import picocli.CommandLine.Model.ArgSpec;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Builds the picocli model of the commands in code rather than from annotations, which picocli
 * reads at every start through reflection, with a proxy class spun per annotation type and the
 * annotated standard help mixin: about 10 ms of each start (adr/0013).
 */
final class Specs {
  private Specs() {}

  /**
   * A command that runs {@code command}, with {@code --help} and {@code --version} (the options
   * picocli's {@code mixinStandardHelpOptions} adds) and these description lines.
   */
  static CommandSpec command(Object command, String name, String... description) {
    CommandSpec spec = CommandSpec.wrapWithoutInspection(command).name(name);
    spec.versionProvider(new VersionProvider());
    spec.usageMessage().description(description);
    spec.addOption(
        OptionSpec.builder("-h", "--help")
            .usageHelp(true)
            .description("Show this help message and exit.")
            .build());
    spec.addOption(
        OptionSpec.builder("-V", "--version")
            .versionHelp(true)
            .description("Print version information and exit.")
            .build());
    return spec;
  }

  /** An option without a value: {@link #isSet} tells whether it was given. */
  static OptionSpec flag(String description, String... names) {
    return OptionSpec.builder(names)
        .type(boolean.class)
        .initialValue(false)
        .description(description)
        .build();
  }

  /**
   * An option with one value of {@code type}, {@code null} when not given; an enum's values are
   * read in any case ({@link EnumValues}).
   */
  static OptionSpec value(Class<?> type, String label, String description, String... names) {
    return typed(OptionSpec.builder(names), type)
        .paramLabel(label)
        .description(description)
        .build();
  }

  /** An option with one value of {@code type}, {@code defaultValue} when not given. */
  static OptionSpec valueOrDefault(
      Class<?> type, String label, String defaultValue, String description, String... names) {
    return typed(OptionSpec.builder(names), type)
        .paramLabel(label)
        .defaultValue(defaultValue)
        .description(description)
        .build();
  }

  private static OptionSpec.Builder typed(OptionSpec.Builder builder, Class<?> type) {
    builder.type(type);
    if (type.isEnum()) {
      builder.converters(new EnumValues(type));
    }
    return builder;
  }

  /** A repeatable option of strings; {@code split} also splits each value (or {@code null}). */
  static OptionSpec strings(String label, String split, String description, String... names) {
    OptionSpec.Builder builder =
        OptionSpec.builder(names)
            .type(List.class)
            .auxiliaryTypes(String.class)
            .paramLabel(label)
            .description(description);
    if (split != null) {
      builder.splitRegex(split);
    }
    return builder.build();
  }

  /**
   * One positional parameter, a string, required (built in code, picocli does not derive that from
   * the arity as it does for annotations).
   */
  static PositionalParamSpec parameter(String label, String description) {
    return PositionalParamSpec.builder()
        .arity("1")
        .required(true)
        .type(String.class)
        .paramLabel(label)
        .description(description)
        .build();
  }

  /** One or more positional parameters, strings, required as {@link #parameter} is. */
  static PositionalParamSpec parameters(String label, String description) {
    return PositionalParamSpec.builder()
        .arity("1..*")
        .required(true)
        .type(List.class)
        .auxiliaryTypes(String.class)
        .paramLabel(label)
        .description(description)
        .build();
  }

  /** Whether a {@link #flag} was given. */
  static boolean isSet(OptionSpec flag) {
    return Boolean.TRUE.equals(flag.getValue());
  }

  /** The values of a {@link #strings} option or {@link #parameters}, empty when none was given. */
  static List<String> values(ArgSpec arg) {
    List<String> values = arg.getValue();
    return values == null ? List.of() : values;
  }
}
