package dev.chatlog.fs;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.testing.StartSignal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Run in a separate JVM: saves chunks one by one into a file store, then writes the saved ids to a
 * file. Arguments: store root, writer name, chunk count, compact threshold, start-signal file, ids
 * file, and optionally the session to save into (the writer's own by default).
 */
public final class SaveMain {
  private SaveMain() {}

  public static void main(String[] args) throws Exception {
    Path root = Path.of(args[0]);
    String writer = args[1];
    String session = args.length > 6 ? args[6] : writer;
    int count = Integer.parseInt(args[2]);
    Map<String, String> options = Map.of(BlobChunkStore.COMPACT_THRESHOLD, args[3]);
    StartSignal.await(Path.of(args[4]));
    List<String> ids = new ArrayList<>();
    try (BlobChunkStore store = BlobChunkStore.open(new FsBlobStore(root), options)) {
      for (int i = 0; i < count; i++) {
        ChunkDraft draft =
            new ChunkDraft(
                "race",
                "processes",
                session,
                null,
                List.of(Actor.USER),
                "test",
                List.of(),
                "",
                Map.of(),
                "chunk " + i + " of " + writer);
        SavedChunk saved = store.append(List.of(draft)).get(0);
        if (!saved.created()) {
          throw new IllegalStateException("Chunk " + i + " of " + writer + " was not created");
        }
        ids.add(saved.meta().id().toString());
      }
    }
    Files.write(Path.of(args[5]), ids);
  }
}
