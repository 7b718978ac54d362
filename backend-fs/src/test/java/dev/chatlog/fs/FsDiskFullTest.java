package dev.chatlog.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.engine.ChunkCodec;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.spi.VerifyReport;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A disk that fills up in the middle of a save, simulated by a writer that writes only as many
 * bytes as are left and then fails as the operating system does ({@code ENOSPC}): the save fails
 * with one line naming the file, no partial object is ever visible, and the next save after space
 * returns succeeds.
 */
class FsDiskFullTest {
  @TempDir Path root;

  /** Bytes the "disk" still takes; {@link Long#MAX_VALUE} for plenty. */
  private final AtomicLong free = new AtomicLong(Long.MAX_VALUE);

  private BlobChunkStore store;

  @BeforeEach
  void open() {
    FsBlobStore blobs = new FsBlobStore(root, Files::createLink, this::writeWhileSpaceLasts);
    store = BlobChunkStore.open(blobs, Map.of());
  }

  private void writeWhileSpaceLasts(FileChannel channel, ByteBuffer buffer) throws IOException {
    while (buffer.hasRemaining()) {
      long left = free.get();
      if (left <= 0) {
        throw new IOException("No space left on device");
      }
      int n = (int) Math.min(left, buffer.remaining());
      ByteBuffer part = buffer.duplicate();
      part.limit(part.position() + n);
      int written = channel.write(part);
      buffer.position(buffer.position() + written);
      free.addAndGet(-written);
    }
  }

  private static ChunkDraft draft(String body) {
    return new ChunkDraft(
        "disk", "full", "s1", null, List.of(Actor.USER), "test", List.of(), "", Map.of(), body);
  }

  private List<Path> files(String folder) throws IOException {
    Path dir = root.resolve(folder);
    if (!Files.exists(dir)) {
      return List.of();
    }
    try (Stream<Path> paths = Files.walk(dir)) {
      return paths.filter(Files::isRegularFile).toList();
    }
  }

  @Test
  void aSaveThatFillsTheDiskFailsInOneLineAndLeavesNoPartialObject() throws IOException {
    SavedChunk first = store.append(List.of(draft("saved while there was room"))).get(0);
    free.set(100);

    assertThatThrownBy(() -> store.append(List.of(draft("y".repeat(5_000)))))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot write " + root.resolve("chunks"))
        .hasMessageEndingWith(": No space left on device")
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));

    // The chunk never appeared, nor its temp file; the store reads as before.
    assertThat(files("chunks")).hasSize(1);
    assertThat(files("index/inbox")).hasSize(1);
    assertThat(files(FsBlobStore.HIDDEN + "/tmp")).isEmpty();
    for (Path chunk : files("chunks")) {
      String key = root.relativize(chunk).toString().replace('\\', '/');
      assertThat(ChunkCodec.decode(key, Files.readAllBytes(chunk)).body())
          .isEqualTo("saved while there was room");
    }
    assertThat(store.list(ChunkFilter.all(), 10))
        .singleElement()
        .satisfies(m -> assertThat(m.id()).isEqualTo(first.meta().id()));
    assertThat(store.verify(false).problems()).isEmpty();

    free.set(Long.MAX_VALUE);
    SavedChunk next = store.append(List.of(draft("y".repeat(5_000)))).get(0);
    assertThat(next.created()).isTrue();
    assertThat(store.read(next.meta().id()))
        .hasValueSatisfying(c -> assertThat(c.body()).isEqualTo("y".repeat(5_000)));
    assertThat(files(FsBlobStore.HIDDEN + "/tmp")).isEmpty();
  }

  @Test
  void aDiskThatFillsBetweenChunkAndIndexLeavesAWholeChunkThatVerifyIndexes() throws IOException {
    String body = "z".repeat(3_000);
    free.set(3_400); // room for the chunk file (body plus front matter), not its index entry

    assertThatThrownBy(() -> store.append(List.of(draft(body))))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot write " + root.resolve("index"))
        .hasMessageEndingWith(": No space left on device");

    assertThat(files("index/inbox")).isEmpty();
    assertThat(files(FsBlobStore.HIDDEN + "/tmp")).isEmpty();
    assertThat(files("chunks")).singleElement();

    free.set(Long.MAX_VALUE);
    VerifyReport report = store.verify(true);
    assertThat(report.problems())
        .singleElement()
        .satisfies(p -> assertThat(p.kind()).isEqualTo(VerifyReport.Kind.NOT_INDEXED));
    assertThat(store.list(ChunkFilter.all(), 10))
        .singleElement()
        .satisfies(m -> assertThat(m.size()).isEqualTo(3_000));
    // Saving the same text again now finds it rather than making a second copy.
    assertThat(store.append(List.of(draft(body))).get(0).created()).isFalse();
  }
}
