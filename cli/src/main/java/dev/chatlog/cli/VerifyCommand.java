package dev.chatlog.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.chatlog.cli.transfer.ArchiveCheck;
import dev.chatlog.spi.VerifyReport;
import java.io.IOException;
import java.nio.file.Path;
import java.util.EnumSet;
import picocli.CommandLine.Model.OptionSpec;

/** {@code chatlog verify}: checks every chunk against the index, and repairs on request. */
final class VerifyCommand extends ChatlogSubcommand {
  private final FormatOptions formats = new FormatOptions();
  private final OptionSpec repair =
      Specs.flag(
          "Repair what can be repaired safely (quarantine corrupt chunks, index orphaned ones).",
          "--repair");
  private final OptionSpec acceptEdits =
      Specs.flag(
          "With --repair: accept chunks edited since they were saved (MODIFIED) as they are now.",
          "--accept-edits");
  private final OptionSpec archive =
      Specs.value(
          String.class,
          "FILE",
          "Check an archive of chatlog export instead of the store (no store is opened): every"
              + " member's SHA-256 against its manifest, every chunk file, the manifest's counts.",
          "--archive");

  VerifyCommand(CliContext context) {
    super(
        context,
        "verify",
        "Checks every chunk against the index: chunks edited since they were saved, unreadable"
            + " chunks, chunks the index does not list, index entries whose chunk is missing,"
            + " unreadable index files.",
        "Without --repair this is the dry run: it only reports and changes nothing.",
        "Prints each problem (kind, key, repaired, detail) and a summary line.",
        "Exit code 1 when problems remain unrepaired, 0 when the store is clean.",
        "With --archive FILE, checks an archive of chatlog export instead, without a store.",
        "Formats: table (default), json.");
    formats.addTo(this);
    add(repair, acceptEdits, archive);
  }

  @Override
  public Integer call() {
    OutputFormat format =
        formats.resolve(OutputFormat.TABLE, EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON));
    if (Specs.isSet(acceptEdits) && !Specs.isSet(repair)) {
      throw usage("Cannot use --accept-edits without --repair: accepting an edit is a repair");
    }
    if (archive.getValue() != null) {
      if (Specs.isSet(repair)) {
        throw usage("Cannot use --repair with --archive: an archive is only checked");
      }
      return archive(Path.of((String) archive.getValue()), format);
    }
    VerifyReport report = chatLog().verify(Specs.isSet(repair), Specs.isSet(acceptEdits));
    String location = chatLog().location();
    if (format == OutputFormat.JSON) {
      JsonOutput.writeOne(context().out(), report, (json, r) -> json(json, r, location));
    } else {
      if (!report.problems().isEmpty()) {
        Table table = new Table("KIND", "KEY", "REPAIRED", "DETAIL");
        for (VerifyReport.Problem problem : report.problems()) {
          table.row(
              problem.kind().name(),
              problem.key(),
              problem.repaired() ? "yes" : "no",
              problem.detail());
        }
        table.print(context().out());
      }
      context().out().println(summary(report, location));
    }
    return report.clean() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  /** {@code --archive}: checks an archive without a store. */
  private int archive(Path file, OutputFormat format) {
    ArchiveCheck.Report report = ArchiveCheck.check(file);
    if (format == OutputFormat.JSON) {
      JsonOutput.writeOne(context().out(), report, (json, r) -> archiveJson(json, r, file));
    } else {
      if (!report.problems().isEmpty()) {
        Table table = new Table("KIND", "MEMBER", "DETAIL");
        for (ArchiveCheck.Problem problem : report.problems()) {
          table.row(problem.kind().name(), problem.member(), problem.detail());
        }
        table.print(context().out());
      }
      context()
          .out()
          .println(
              "checked "
                  + Plural.of(report.chunkFiles(), "chunk file")
                  + " in "
                  + file
                  + " (archive format "
                  + report.header().formatVersion()
                  + ", chatlog "
                  + report.header().chatlogVersion()
                  + "): "
                  + Plural.of(report.problems().size(), "problem")
                  + (report.clean() ? " (clean)" : ""));
    }
    return report.clean() ? ExitCodes.OK : ExitCodes.FAILURE;
  }

  private static void archiveJson(JsonGenerator json, ArchiveCheck.Report report, Path file)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("archive", file.toString());
    json.writeNumberField("formatVersion", report.header().formatVersion());
    json.writeStringField("chatlogVersion", report.header().chatlogVersion());
    json.writeStringField(
        "exported",
        report.header().exported() == null ? null : report.header().exported().toString());
    json.writeNumberField("chunks", report.header().chunks());
    json.writeNumberField("checked", report.chunkFiles());
    json.writeBooleanField("clean", report.clean());
    json.writeArrayFieldStart("problems");
    for (ArchiveCheck.Problem problem : report.problems()) {
      json.writeStartObject();
      json.writeStringField("kind", problem.kind().name());
      json.writeStringField("member", problem.member());
      json.writeStringField("detail", problem.detail());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static String summary(VerifyReport report, String location) {
    long repaired = report.problems().stream().filter(VerifyReport.Problem::repaired).count();
    long left = report.problems().size() - repaired;
    return "checked "
        + Plural.of(report.checked(), "chunk")
        + " in "
        + location
        + ": "
        + Plural.of(report.problems().size(), "problem")
        + ", "
        + repaired
        + " repaired, "
        + left
        + " left"
        + (report.clean() ? " (clean)" : "");
  }

  private static void json(JsonGenerator json, VerifyReport report, String location)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("location", location);
    json.writeNumberField("checked", report.checked());
    json.writeBooleanField("clean", report.clean());
    json.writeArrayFieldStart("problems");
    for (VerifyReport.Problem problem : report.problems()) {
      json.writeStartObject();
      json.writeStringField("kind", problem.kind().name());
      json.writeStringField("key", problem.key());
      json.writeStringField("detail", problem.detail());
      json.writeBooleanField("repaired", problem.repaired());
      json.writeEndObject();
    }
    json.writeEndArray();
    json.writeEndObject();
  }
}
