package dev.chatlog.cli.transfer;

import dev.chatlog.model.Chunk;
import java.io.IOException;

/** Where an export writes chunks: JSON Lines or an archive. */
public interface ChunkSink {
  /** Writes one chunk. */
  void add(Chunk chunk) throws IOException;

  /** Writes what ends the output and flushes it; the stream under it is left open. */
  void finish() throws IOException;
}
