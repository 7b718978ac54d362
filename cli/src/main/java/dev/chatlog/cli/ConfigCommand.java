package dev.chatlog.cli;

import dev.chatlog.config.Setting;
import java.util.EnumSet;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;

/** {@code chatlog config}: the effective settings and where each came from. */
final class ConfigCommand extends ChatlogSubcommand {
  private final FormatOptions formats = new FormatOptions();
  private final OptionSpec check =
      Specs.flag("Check the store instead, as 'doctor' does.", "--check");

  ConfigCommand(CliContext context) {
    super(
        context,
        "config",
        "Prints every effective setting and where it came from; secrets are redacted.",
        "Formats: table (default), json.");
    formats.addTo(this);
    add(check);
  }

  @Override
  public Integer call() {
    if (Specs.isSet(check)) {
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
