package dev.chatlog.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.testing.Drafts;
import dev.chatlog.testing.MemoryBlobStore;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * What one save reads does not grow with the length of its session: a save decodes the session's
 * newest records up to {@link Saver#WINDOW}, never all of them, so a save into a session of
 * thousands of chunks costs what a save into a session of a window's length does.
 */
class SessionLengthTest {
  private static final Map<String, String> OPTIONS = Map.of(BlobChunkStore.COMPACT_THRESHOLD, "16");

  /** Fills one session with {@code length} chunks, in batches and single saves as users make. */
  private static MemoryBlobStore sessionOf(int length) {
    MemoryBlobStore memory = new MemoryBlobStore();
    try (BlobChunkStore store = BlobChunkStore.open(memory, OPTIONS)) {
      int saved = 0;
      while (saved < length) {
        int batch = Math.min(length - saved, saved % 3 == 0 ? 200 : 1);
        List<ChunkDraft> drafts = new ArrayList<>();
        for (int i = 0; i < batch; i++) {
          drafts.add(Drafts.user("p", "t", "long", "message " + (saved + i)));
        }
        store.append(drafts);
        saved += batch;
      }
    }
    return memory;
  }

  /** Saves one body into the long session. */
  private static SavedChunk saveInto(BlobChunkStore store, String body) {
    return store.append(List.of(Drafts.user("p", "t", "long", body))).get(0);
  }

  /** How many index records one save into the session decodes in a fresh engine. */
  private static long decodedByOneSave(MemoryBlobStore memory, String body) {
    try (BlobChunkStore store = BlobChunkStore.open(memory, OPTIONS)) {
      long before = store.recordsDecoded();
      saveInto(store, body);
      return store.recordsDecoded() - before;
    }
  }

  @Test
  void aSaveDecodesAsManyRecordsInASessionOfThreeThousandAsInOneOfTwelveThousand() {
    long shorter = decodedByOneSave(sessionOf(3_000), "one more");
    long longer = decodedByOneSave(sessionOf(12_000), "one more");

    assertThat(shorter).isLessThanOrEqualTo(Saver.WINDOW + 2L * 16 + 2);
    assertThat(longer).isLessThanOrEqualTo(shorter + 16);
  }

  @Test
  void aSaveDecodesTheRecordsThatNumberItNotItsWholeWindow() {
    long decoded = decodedByOneSave(sessionOf(3_000), "one more");

    // the newest records, the inbox's (at most the compaction threshold), and no more
    assertThat(decoded).isLessThanOrEqualTo(Saver.NUMBERED + 2L * 16 + 2);
  }

  @Test
  void aBodySavedAgainAnywhereInTheWindowCreatesNothingAndOneBeforeItIsSavedAgain() {
    MemoryBlobStore memory = sessionOf(3_000);
    try (BlobChunkStore store = BlobChunkStore.open(memory, OPTIONS)) {
      SavedChunk within = saveInto(store, "message 2100");
      SavedChunk before = saveInto(store, "message 1000");

      assertThat(within.created()).isFalse();
      assertThat(within.meta().seq()).isEqualTo(2_100);
      assertThat(before.created()).isTrue();
      assertThat(before.meta().seq()).isEqualTo(3_000);
    }
  }

  @Test
  void aBodyIsFoundByItsOwnDigestWhateverItsLabelsHold() {
    MemoryBlobStore memory = new MemoryBlobStore();
    String otherDigest = ChunkCodec.sha256("another body");
    try (BlobChunkStore store = BlobChunkStore.open(memory, OPTIONS)) {
      ChunkDraft labelled =
          new ChunkDraft(
              "p",
              "t",
              "long",
              null,
              List.of(Actor.USER),
              "cli",
              List.of(),
              "",
              Map.of("sha256", List.of(otherDigest)),
              "a labelled body");
      store.append(List.of(labelled));
      List<ChunkDraft> after = new ArrayList<>();
      for (int i = 0; i < 200; i++) {
        after.add(Drafts.user("p", "t", "long", "after " + i));
      }
      store.append(after);
      store.compact();
    }
    try (BlobChunkStore store = BlobChunkStore.open(memory, OPTIONS)) {
      SavedChunk again = saveInto(store, "a labelled body");
      SavedChunk other = saveInto(store, "another body");

      assertThat(again.created()).isFalse();
      assertThat(again.meta().seq()).isZero();
      assertThat(other.created()).isTrue();
    }
  }

  @Test
  void aDeletedChunkInTheWindowIsNoDuplicate() {
    MemoryBlobStore memory = sessionOf(3_000);
    try (BlobChunkStore store = BlobChunkStore.open(memory, OPTIONS)) {
      ChunkMeta deleted =
          store.list(ChunkFilter.all().withSession("long"), Integer.MAX_VALUE).stream()
              .filter(meta -> meta.seq() == 2_500)
              .findFirst()
              .orElseThrow();
      store.delete(List.of(deleted.id()));
      store.compact();
    }
    try (BlobChunkStore store = BlobChunkStore.open(memory, OPTIONS)) {
      SavedChunk again = saveInto(store, "message 2500");

      assertThat(again.created()).isTrue();
      assertThat(again.meta().seq()).isEqualTo(3_000);
    }
  }

  @Test
  void aProcessThatSavesIntoALongSessionAgainDoesNotDecodeItsWindowAgain() {
    MemoryBlobStore memory = sessionOf(3_000);
    try (BlobChunkStore store = BlobChunkStore.open(memory, OPTIONS)) {
      saveInto(store, "the first of two");
      long before = store.recordsDecoded();
      SavedChunk second = saveInto(store, "the second of two");

      assertThat(store.recordsDecoded() - before).isLessThanOrEqualTo(2L * 16 + 2);
      assertThat(second.meta().seq()).isEqualTo(3_001);
    }
  }

  @Test
  void aRepeatedSaveWithinTheWindowCreatesNothingAndNumbersGoOn() {
    MemoryBlobStore memory = sessionOf(3_000);
    try (BlobChunkStore store = BlobChunkStore.open(memory, OPTIONS)) {
      SavedChunk again = saveInto(store, "message 2999");
      SavedChunk next = saveInto(store, "a new one");

      assertThat(again.created()).isFalse();
      assertThat(next.created()).isTrue();
      assertThat(next.meta().seq()).isEqualTo(3_000);
    }
  }

  @Test
  void aSessionOfThousandsReadsBackWhole() {
    MemoryBlobStore memory = sessionOf(3_000);
    try (BlobChunkStore store = BlobChunkStore.open(memory, OPTIONS)) {
      List<ChunkMeta> all =
          new ArrayList<>(store.list(ChunkFilter.all().withSession("long"), Integer.MAX_VALUE));
      all.sort(Comparator.comparingInt(ChunkMeta::seq));

      assertThat(all).hasSize(3_000);
      assertThat(all).extracting(ChunkMeta::seq).doesNotHaveDuplicates();
      assertThat(all.get(0).seq()).isZero();
      assertThat(all.get(2_999).seq()).isEqualTo(2_999);
    }
  }
}
