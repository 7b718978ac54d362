package dev.chatlog.cli;

import dev.chatlog.capture.redact.Redactor;
import dev.chatlog.config.Settings;
import picocli.CommandLine.Model.OptionSpec;

/**
 * The redaction of what a command saves or imports: the default rules and those of {@code
 * CHM_REDACT_RULES}, or none with {@code --no-redact} or {@code CHM_REDACT=off}.
 */
final class CaptureRedaction {
  private CaptureRedaction() {}

  /** The {@code --no-redact} option of a command that writes what it reads. */
  static OptionSpec option() {
    return Specs.flag(
        "Keep secrets (keys, tokens, passwords) as they are instead of replacing them with"
            + " [REDACTED:rule] (also CHM_REDACT=off).",
        "--no-redact");
  }

  /**
   * The redactor of this run.
   *
   * @throws dev.chatlog.error.InvalidInputException for a bad setting or a bad rules file (exit
   *     code 2)
   */
  static Redactor of(CliContext context, OptionSpec noRedact) {
    Settings settings = context.settings();
    if (Specs.isSet(noRedact) || !settings.redact()) {
      return Redactor.none();
    }
    return Redactor.withRules(settings.redactRules());
  }
}
