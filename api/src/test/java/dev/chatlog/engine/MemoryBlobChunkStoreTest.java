package dev.chatlog.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.contract.ChunkStoreContract;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.spi.MetadataPages;
import dev.chatlog.testing.MemoryBlobStore;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.junit.jupiter.api.Test;

/** The {@link ChunkStoreContract} over the engine on a {@link MemoryBlobStore}. */
class MemoryBlobChunkStoreTest extends ChunkStoreContract {
  @Override
  protected Fixture newFixture() {
    MemoryBlobStore blobs = new MemoryBlobStore();
    return () -> BlobChunkStore.open(blobs, Map.of());
  }

  /** The default {@code forEachId} on a store of more chunks than one page, as an import makes. */
  @Test
  void forEachIdReadsEveryPageOfALargeStore() {
    List<ChunkDraft> drafts =
        IntStream.range(0, MetadataPages.PAGE + 7)
            .mapToObj(i -> draft("conversation " + i / 40, "message " + i))
            .toList();
    List<ChunkId> saved = store.append(drafts).stream().map(chunk -> chunk.meta().id()).toList();

    List<ChunkId> ids = new ArrayList<>();
    store.forEachId(ChunkFilter.all(), ids::add);

    assertThat(ids).hasSize(MetadataPages.PAGE + 7).containsExactlyInAnyOrderElementsOf(saved);
  }
}
