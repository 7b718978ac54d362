package dev.chatlog.cli;

import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.config.Redaction;
import dev.chatlog.spi.StoreHealth;
import java.io.PrintWriter;

/** {@code chatlog doctor}: whether the configured store is fit for use. */
final class DoctorCommand extends ChatlogSubcommand {
  DoctorCommand(CliContext context) {
    super(
        context,
        "doctor",
        "Checks the configured store and prints one line per check: reachable, writable (a"
            + " create-only probe object under .probe/, deleted again) and conditional writes (a"
            + " second create of the probe must be refused).",
        "Each check is ok, FAIL, unknown or skipped, with the reason. In read-only mode nothing is"
            + " written and the write checks are skipped.",
        "Exit code 1 when any check fails. Same as 'config --check'.");
  }

  @Override
  public Integer call() {
    return check(context());
  }

  /** Checks the store of this run's configuration, prints the result, returns the exit code. */
  static int check(CliContext context) {
    ChatLogConfig config = context.settings().toConfig();
    StoreHealth health =
        StoreProviders.discover().check(config.store(), config.storeOptions(), !config.readOnly());
    PrintWriter out = context.out();
    out.println("store: " + Redaction.redact(health.location()));
    for (StoreHealth.Named named : health.checks()) {
      StoreHealth.Check check = named.check();
      out.println(
          named.name()
              + ": "
              + check.status()
              + (check.detail().isEmpty() ? "" : ": " + Redaction.redact(check.detail())));
    }
    return health.healthy() ? ExitCodes.OK : ExitCodes.FAILURE;
  }
}
