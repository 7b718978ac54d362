package dev.chatlog.testing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.chatlog.engine.ChunkCodec;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobInfo;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.VerifyReport;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The two halves of a backend's fault-injection test: saves while its server (or a relay in front
 * of it) injects faults, and the checks afterwards that nothing was left half-written.
 */
public final class FaultySaves {
  private FaultySaves() {}

  /**
   * Saves 24 chunks of growing size one by one; each save either returns its id or fails with a
   * {@link StorageException} whose message is one line starting "Cannot " and holding every one of
   * {@code messageParts}.
   *
   * @return the body saved under each id returned
   */
  public static Map<ChunkId, String> saveUnderFaults(
      ChunkStore store, Function<String, ChunkDraft> draft, String... messageParts) {
    Map<ChunkId, String> saved = new LinkedHashMap<>();
    for (int i = 0; i < 24; i++) {
      String body = "message " + i + " under faults\n" + "x".repeat(200 + i * 37);
      Throwable failure =
          catchThrowable(
              () ->
                  store
                      .append(List.of(draft.apply(body)))
                      .forEach(s -> saved.put(s.meta().id(), body)));
      if (failure != null) {
        assertThat(failure).isInstanceOf(StorageException.class);
        assertThat(failure.getMessage()).startsWith("Cannot ").doesNotContain("\n");
        for (String part : messageParts) {
          assertThat(failure.getMessage()).contains(part);
        }
      }
    }
    return saved;
  }

  /**
   * Asserts, once the faults are healed, that every id returned reads back its body, that every
   * chunk object decodes in full, and that a failed save left at most chunks without an index
   * entry, which verify repairs.
   *
   * @param blobs the store's blobs, without faults
   * @param store the engine over the same blobs, without faults
   */
  public static void assertNothingHalfWritten(
      BlobStore blobs, ChunkStore store, Map<ChunkId, String> saved) {
    // Every id returned is readable, with the body saved.
    saved.forEach(
        (id, body) ->
            assertThat(store.read(id))
                .hasValueSatisfying(c -> assertThat(c.body()).isEqualTo(body)));

    // Nothing half-written: every chunk object decodes in full (its checksum holds).
    List<BlobInfo> chunkObjects = blobs.listAll("chunks/", null);
    assertThat(chunkObjects).hasSizeGreaterThanOrEqualTo(saved.size());
    for (BlobInfo info : chunkObjects) {
      Blob blob = blobs.get(info.key()).orElseThrow();
      assertThat(ChunkCodec.decode(info.key(), blob.data()).body()).isNotEmpty();
    }

    // A failed save leaves at most what verify reports and repairs: chunks without an index
    // entry. Never a broken chunk or a broken index.
    VerifyReport found = store.verify(false);
    assertThat(found.problems())
        .allSatisfy(p -> assertThat(p.kind()).isEqualTo(VerifyReport.Kind.NOT_INDEXED));
    store.verify(true);
    assertThat(store.verify(false).problems()).isEmpty();
    List<ChunkMeta> listed = store.list(ChunkFilter.all(), 1000);
    assertThat(listed).extracting(ChunkMeta::id).containsAll(saved.keySet());
    assertThat(listed).hasSize(chunkObjects.size());
  }
}
