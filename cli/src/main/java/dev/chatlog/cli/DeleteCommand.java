package dev.chatlog.cli;

import dev.chatlog.cli.transfer.PendingFile;
import dev.chatlog.error.ReadOnlyException;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.nio.file.Path;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code chatlog delete ID...}: deletes chunks, all or none. */
final class DeleteCommand extends ChatlogSubcommand {
  private final PositionalParamSpec ids =
      Specs.parameters(
          "ID", "Ids of the chunks to delete, in any case, or the start of each that only it has.");
  private final OptionSpec dryRun =
      Specs.flag("Show what would be deleted; delete nothing.", "--dry-run");
  private final OptionSpec backup =
      Specs.value(
          String.class,
          "FILE",
          "First write an archive of the chunks to FILE (as export --format archive); nothing is"
              + " deleted unless it is complete. FILE must not exist.",
          "--backup");

  DeleteCommand(CliContext context) {
    super(
        context,
        "delete",
        "Deletes chunks and prints their ids.",
        "When any id has no chunk, nothing is deleted (exit code 4).",
        "With --backup FILE, an archive of the chunks is written first.");
    add(ids, dryRun, backup);
  }

  @Override
  public Integer call() {
    LinkedHashSet<ChunkId> chunkIds = new LinkedHashSet<>();
    for (String id : Specs.values(ids)) {
      chunkIds.add(chatLog().resolve(id));
    }
    List<ChunkId> wanted = List.copyOf(chunkIds);
    if (Specs.isSet(dryRun)) {
      for (ChunkMeta meta : chatLog().planDelete(wanted)) {
        context()
            .out()
            .println(
                "would delete: "
                    + meta.id()
                    + " "
                    + meta.created()
                    + " "
                    + meta.project()
                    + "/"
                    + meta.topic());
      }
      context().note("dry run: nothing was deleted");
      return ExitCodes.OK;
    }
    String backupFile = backup.getValue();
    if (backupFile != null) {
      if (chatLog().config().readOnly()) {
        throw new ReadOnlyException(
            "Cannot delete in "
                + chatLog().location()
                + ": the store is read-only (CHM_READ_ONLY)");
      }
      try (PendingFile pending = PendingFile.file(Path.of(backupFile))) {
        List<ChunkMeta> doomed = chatLog().planDelete(wanted);
        ChunkPages.backUp(chatLog(), doomed, pending, ChunkFilter.all());
        context().note("backed up " + Plural.of(doomed.size(), "chunk") + " to " + backupFile);
      }
    }
    for (ChunkId deleted : chatLog().delete(wanted)) {
      context().out().println(deleted);
    }
    return ExitCodes.OK;
  }
}
