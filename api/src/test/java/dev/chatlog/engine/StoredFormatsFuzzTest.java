package dev.chatlog.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkId;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.LongAdder;
import java.util.function.Consumer;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Every reader of what a store holds, fed arbitrary bytes and damaged copies of what the writers
 * write: a reader gives a value or a {@link CorruptDataException} that names the place and never
 * quotes the input, and nothing else escapes. The number of tries per property is {@code
 * jqwik.tries.default} (junit-platform.properties), raised by the scheduled fuzz workflow.
 */
class StoredFormatsFuzzTest {
  private static final String SECRET = "AKIAFUZZSECRET";

  private static final byte[] CHUNK =
      ChunkCodec.encode(ChunkCodecTest.chunk("session", "summary: a, b", "body\n---\nmore\n"));
  private static final byte[] ENTRY =
      IndexCodec.encodeRecord(new IndexRecord.Entry(ChunkCodecTest.chunk("s", "", "x").meta()));
  private static final byte[] TOMBSTONE =
      IndexCodec.encodeRecord(IndexRecord.Tombstone.of(ChunkCodecTest.chunk("s", "", "x").meta()));
  private static final byte[] MANIFEST =
      IndexCodec.encodeManifest(
          new Manifest(
              3,
              List.of(
                  new Manifest.Segment(
                      "01HQWQ9N80003G000000000009.jsonl",
                      ChunkId.of("01HQWQ9N80003G000000000009"),
                      ChunkId.of("01HQWQ9N80003G000000000009"),
                      1,
                      0,
                      Set.of(Sessions.key("p", "t", "s"))))));

  /** Runs a reader; only a value or a corrupt-data error naming the place may come out. */
  private static void readsOrReportsCorruption(String key, Runnable read) {
    try {
      read.run();
    } catch (CorruptDataException e) {
      assertThat(e.getMessage()).contains(key).doesNotContain(SECRET).doesNotContain("\n");
    }
  }

  @Provide
  Arbitrary<byte[]> damagedChunks() {
    return damaged(CHUNK);
  }

  @Provide
  Arbitrary<byte[]> damagedRecords() {
    return Arbitraries.oneOf(damaged(ENTRY), damaged(TOMBSTONE));
  }

  @Provide
  Arbitrary<byte[]> damagedManifests() {
    return damaged(MANIFEST);
  }

  @Provide
  Arbitrary<byte[]> damagedSegments() {
    byte[] segment = concat(ENTRY, TOMBSTONE, ENTRY);
    return damaged(segment);
  }

  /**
   * Copies of {@code valid} with a few bytes changed, removed or inserted, cut short, or with a
   * secret-looking token spliced in; and arbitrary bytes.
   */
  private static Arbitrary<byte[]> damaged(byte[] valid) {
    Arbitrary<byte[]> flipped =
        Combinators.combine(
                Arbitraries.integers().between(0, valid.length - 1).list().ofMaxSize(6),
                Arbitraries.bytes().list().ofSize(6))
            .as(
                (positions, values) -> {
                  byte[] copy = valid.clone();
                  for (int i = 0; i < positions.size(); i++) {
                    copy[positions.get(i)] = values.get(i);
                  }
                  return copy;
                });
    Arbitrary<byte[]> cut =
        Arbitraries.integers().between(0, valid.length).map(n -> Arrays.copyOf(valid, n));
    Arbitrary<byte[]> spliced =
        Combinators.combine(
                Arbitraries.integers().between(0, valid.length),
                Arbitraries.of(
                    SECRET,
                    "\"" + SECRET + "\"",
                    "{\"" + SECRET + "\":",
                    "\n" + SECRET + ": [",
                    "\\u0000",
                    "\u0000",
                    "../../",
                    "\"name\":\"../x\","))
            .as(
                (at, token) ->
                    concat(
                        Arrays.copyOf(valid, at),
                        token.getBytes(UTF_8),
                        Arrays.copyOfRange(valid, at, valid.length)));
    Arbitrary<byte[]> anything = Arbitraries.bytes().array(byte[].class).ofMaxSize(300);
    return Arbitraries.oneOf(flipped, cut, spliced, anything);
  }

  private static byte[] concat(byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    byte[] all = new byte[length];
    int at = 0;
    for (byte[] part : parts) {
      System.arraycopy(part, 0, all, at, part.length);
      at += part.length;
    }
    return all;
  }

  @Property
  void chunkFiles(@ForAll("damagedChunks") byte[] data) {
    String key = "chunks/2024/03/01/01HQWQ9N80003G000000000009.md";
    readsOrReportsCorruption(key, () -> ChunkCodec.decode(key, data));
    readsOrReportsCorruption(key, () -> ChunkCodec.decodeMeta(key, data));
  }

  @Property
  void bodiesReadAgainstTheirIndexEntry(@ForAll("damagedChunks") byte[] data) {
    String key = "chunks/k.md";
    Chunk valid = ChunkCodec.decode(key, CHUNK);
    readsOrReportsCorruption(key, () -> ChunkCodec.decodeBody(key, data, valid.meta()));
  }

  @Property
  void inboxRecords(@ForAll("damagedRecords") byte[] data) {
    String key = "index/inbox/01HQWQ9N80003G000000000009.json";
    readsOrReportsCorruption(key, () -> IndexCodec.decodeRecord(key, data));
  }

  @Property
  void manifests(@ForAll("damagedManifests") byte[] data) {
    String key = "index/manifest.json";
    readsOrReportsCorruption(
        key,
        () -> {
          Manifest manifest = IndexCodec.decodeManifest(key, data);
          assertThat(manifest.segments())
              .allSatisfy(segment -> assertThat(Manifest.isSegmentName(segment.name())).isTrue());
          manifest.segments().forEach(segment -> segment.sessions().forEach(s -> {}));
        });
  }

  @Property
  void segments(@ForAll("damagedSegments") byte[] data) {
    String key = "index/segments/01HQWQ9N80003G000000000009.jsonl";
    Consumer<SegmentRecords> readAll =
        records -> {
          records.all();
          records.forSave(
              Sessions.name("p", "t", "s"), Integer.MAX_VALUE, Integer.MAX_VALUE, Set.of());
        };
    readsOrReportsCorruption(
        key, () -> readAll.accept(SegmentRecords.parse(key, data, new LongAdder())));
  }
}
