package dev.chatlog.cli;

import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code chatlog delete ID...}: deletes chunks, all or none. */
@Command(
    name = "delete",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Deletes chunks and prints their ids.",
      "When any id has no chunk, nothing is deleted (exit code 4)."
    })
final class DeleteCommand extends ChatlogSubcommand {
  @Parameters(arity = "1..*", paramLabel = "ID", description = "Ids of the chunks to delete.")
  List<String> ids = new ArrayList<>();

  @Option(names = "--dry-run", description = "Show what would be deleted; delete nothing.")
  boolean dryRun;

  @Override
  public Integer call() {
    LinkedHashSet<ChunkId> chunkIds = new LinkedHashSet<>();
    for (String id : ids) {
      chunkIds.add(ChunkId.of(id.strip()));
    }
    List<ChunkId> wanted = List.copyOf(chunkIds);
    if (dryRun) {
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
    for (ChunkId deleted : chatLog().delete(wanted)) {
      context().out().println(deleted);
    }
    return ExitCodes.OK;
  }
}
