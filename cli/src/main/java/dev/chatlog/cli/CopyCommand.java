package dev.chatlog.cli;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.chatlog.ChatLog;
import dev.chatlog.cli.transfer.BatchRestore;
import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.config.Settings;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.ReadOnlyException;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.RestoredChunk;
import dev.chatlog.spi.StorageProviders;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code chatlog copy --to URI}: the chunks the filters select, from the configured store into
 * another store of any kind, with their ids, times, sessions, order and metadata. Copying again
 * writes only what is missing, so a copy that was stopped is finished by running it again.
 */
final class CopyCommand extends ChatlogSubcommand {
  private final FilterOptions filters = new FilterOptions();
  private final OptionSpec to =
      OptionSpec.builder("--to")
          .type(String.class)
          .paramLabel("URI")
          .required(true)
          .description(
              "The store to copy into: file:///…, sqlite:///…/chatlog.db, s3://bucket/prefix,"
                  + " gs://bucket/prefix (options as for CHM_STORE).")
          .build();
  private final OptionSpec dryRun =
      Specs.flag("Count what would be copied; write nothing.", "--dry-run");
  private final FormatOptions formats = new FormatOptions();

  CopyCommand(CliContext context) {
    super(
        context,
        "copy",
        "Copies the chunks the filters select (all of them without filters) from the configured"
            + " store into the store --to names, of any kind: the same ids, times, sessions, order,"
            + " metadata and bodies.",
        "Chunks the target holds already are compared by SHA-256 and left as they are, so a copy"
            + " that was stopped is finished by running it again; one the target holds with other"
            + " content is a conflict, named and not written (exit code 1).",
        "Prints a summary on stderr. Formats: table (default), json.");
    add(to);
    filters.addTo(this);
    add(dryRun);
    formats.addTo(this);
  }

  @Override
  public Integer call() throws IOException {
    OutputFormat format =
        formats.resolve(OutputFormat.TABLE, EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON));
    ChunkFilter filter = filters.toFilter(Clock.systemUTC());
    boolean dry = Specs.isSet(dryRun);
    String uri = ((String) to.getValue()).strip();
    StorageProviders providers = StoreProviders.discover();
    ChatLogConfig target = targetConfig(uri, providers);
    ChatLog source = chatLog();
    String into;
    try (ChatLog peek = ChatLog.open(target.withReadOnly(true), providers)) { // creates nothing
      into = peek.location();
      if (identity(source.location(), source.config()).equals(identity(into, target))) {
        throw new InvalidInputException(
            "Cannot copy " + source.location() + " into itself: --to names the store it reads");
      }
    }
    if (target.readOnly() && !dry) {
      throw new ReadOnlyException(
          "Cannot copy into " + into + ": the store is read-only (CHM_READ_ONLY)");
    }
    ChunkPages.Counts counts;
    BatchRestore restore;
    try (ChatLog targetLog = dry ? null : ChatLog.open(target, providers);
        ProgressLine progress =
            new ProgressLine(context().err(), context().programName(), "copying")) {
      restore =
          new BatchRestore(
              targetLog,
              dry,
              done -> {
                if (context().terminal() && !LogSetup.json()) {
                  progress.update((int) Math.min(done, Integer.MAX_VALUE), -1);
                }
              });
      counts = ChunkPages.forEach(source, filter, restore::addAll);
      restore.flush();
    }
    report(format, source.location(), into, dry, counts, restore);
    return restore.conflicts().isEmpty() && counts.unreadable() == 0
        ? ExitCodes.OK
        : ExitCodes.FAILURE;
  }

  /**
   * The target's configuration: this run's settings with {@code CHM_STORE} set to {@code uri}, so
   * that its options, read-only mode and the command's store defaults apply as to the store itself.
   */
  private ChatLogConfig targetConfig(String uri, StorageProviders providers) {
    Map<String, String> env = new HashMap<>(context().env());
    env.put(Settings.STORE, uri);
    return CliContext.withCommandDefaults(
        Settings.from(env).toConfig(), providers, Settings.cacheFolder(env));
  }

  /**
   * What tells two stores apart: the location (a local one by its real path), with the endpoint
   * options of a remote one, so that one bucket name on two servers is two stores.
   */
  static String identity(String location, ChatLogConfig config) {
    String identity = location;
    for (String scheme : new String[] {"file://", "sqlite://"}) {
      if (location.startsWith(scheme)) {
        Path path = Path.of(URI.create("file://" + location.substring(scheme.length())));
        try {
          path = Files.exists(path) ? path.toRealPath() : path.toAbsolutePath().normalize();
        } catch (IOException e) {
          path = path.toAbsolutePath().normalize();
        }
        identity = scheme + path;
      }
    }
    while (identity.endsWith("/")) {
      identity = identity.substring(0, identity.length() - 1);
    }
    Map<String, String> endpoints = new TreeMap<>();
    config
        .storeOptions()
        .forEach(
            (key, value) -> {
              if (key.endsWith("endpoint")) {
                endpoints.put(key, value);
              }
            });
    return identity + endpoints;
  }

  private void report(
      OutputFormat format,
      String from,
      String into,
      boolean dry,
      ChunkPages.Counts counts,
      BatchRestore restore) {
    for (RestoredChunk conflict : restore.conflicts()) {
      context().warn("conflict: " + conflict.meta().id() + ": " + conflict.detail());
    }
    if (format == OutputFormat.JSON) {
      JsonOutput.writeOne(
          context().out(), restore, (json, r) -> json(json, r, from, into, dry, counts));
    }
    if (counts.listed() == 0) {
      context().note("nothing matched in " + from);
    }
    context()
        .note(
            (dry ? "dry run: would copy " : "copied ")
                + Plural.of(counts.read(), "chunk")
                + " from "
                + from
                + " to "
                + into
                + (dry
                    ? "; nothing was written"
                    : ": "
                        + restore.restored()
                        + " written, "
                        + restore.present()
                        + " already present, "
                        + Plural.of(restore.conflicts().size(), "conflict")));
    if (counts.unreadable() > 0) {
      context()
          .warn(
              Plural.of(counts.unreadable(), "chunk")
                  + " of "
                  + from
                  + " could not be read (see the warnings above) and were not copied");
    }
  }

  private static void json(
      JsonGenerator json,
      BatchRestore restore,
      String from,
      String into,
      boolean dry,
      ChunkPages.Counts counts)
      throws IOException {
    json.writeStartObject();
    json.writeStringField("from", from);
    json.writeStringField("to", into);
    json.writeBooleanField("dryRun", dry);
    json.writeNumberField("selected", counts.listed());
    json.writeNumberField("unreadable", counts.unreadable());
    json.writeNumberField(dry ? "wouldCopy" : "written", restore.restored());
    json.writeNumberField("present", restore.present());
    conflicts(json, restore.conflicts());
    json.writeEndObject();
  }

  /** The chunks a restore refused, as a JSON array field {@code conflicts} of id and detail. */
  static void conflicts(JsonGenerator json, List<RestoredChunk> conflicts) throws IOException {
    json.writeArrayFieldStart("conflicts");
    for (RestoredChunk conflict : conflicts) {
      json.writeStartObject();
      json.writeStringField("id", conflict.meta().id().toString());
      json.writeStringField("detail", conflict.detail());
      json.writeEndObject();
    }
    json.writeEndArray();
  }
}
