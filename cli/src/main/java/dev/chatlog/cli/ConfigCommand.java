package dev.chatlog.cli;

import dev.chatlog.config.Setting;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code chatlog config}: the effective settings and where each came from. */
@Command(
    name = "config",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Prints every effective setting and where it came from; secrets are redacted.",
      "Formats: table (default), json."
    })
final class ConfigCommand extends ChatlogSubcommand {
  @Mixin FormatOptions formats;

  @Option(names = "--check", description = "Check the store instead, as 'doctor' does.")
  boolean check;

  @Override
  public Integer call() {
    if (check) {
      return DoctorCommand.check(context());
    }
    OutputFormat format =
        formats.resolve(OutputFormat.TABLE, EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON));
    List<Setting> settings = context().settings().effective();
    if (format == OutputFormat.JSON) {
      JsonOutput.writeAll(context().out(), settings, false, JsonOutput::setting);
    } else {
      Table table = new Table("NAME", "VALUE", "SOURCE");
      for (Setting setting : settings) {
        table.row(setting.name(), String.valueOf(setting.displayValue()), setting.source());
      }
      table.print(context().out());
    }
    return ExitCodes.OK;
  }
}
