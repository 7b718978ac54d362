package dev.chatlog.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.error.ChatLogException;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.testing.Drafts;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

/**
 * Whatever somebody writes into a store's index (a manifest naming segments anywhere, damaged
 * segments and inbox entries), every operation of the engine either works or fails with a typed
 * error, and nothing outside the store's folder is created, changed or deleted.
 */
class HostileIndexFuzzTest {
  private static final List<String> HOSTILE_NAMES =
      List.of(
          "../../elsewhere/precious.txt",
          "/tmp/x",
          "..",
          ".",
          "a/b",
          "",
          "..\\\\x",
          "01HQWQ9N80003G000000000009.jsonl",
          "x.jsonl");

  @Provide
  Arbitrary<Map<String, byte[]>> hostileIndexes() {
    Arbitrary<String> name = Arbitraries.of(HOSTILE_NAMES);
    Arbitrary<String> manifest =
        name.list()
            .ofMinSize(1)
            .ofMaxSize(3)
            .map(
                names -> {
                  StringBuilder json =
                      new StringBuilder("{\"format\":1,\"generation\":1,\"segments\":[");
                  for (int i = 0; i < names.size(); i++) {
                    json.append(i == 0 ? "" : ",")
                        .append("{\"name\":\"")
                        .append(names.get(i).replace("\\", "\\\\"))
                        .append("\",\"minId\":\"01HQWQ9N80003G000000000009\",")
                        .append("\"maxId\":\"7ZZZZZZZZZZZZZZZZZZZZZZZZZ\",")
                        .append("\"entries\":1,\"tombstones\":0,\"sessions\":[]}");
                  }
                  return json.append("]}").toString();
                });
    Arbitrary<byte[]> junk = Arbitraries.bytes().array(byte[].class).ofMaxSize(200);
    Arbitrary<String> record =
        Arbitraries.of(
            "{\"tombstone\":\"../../../elsewhere\",\"project\":\"p\",\"topic\":\"t\",\"session\":\"s\"}",
            "{\"tombstone\":\"01HQWQ9N80003G000000000009\",\"project\":\"p\",\"topic\":\"t\","
                + "\"session\":\"s\"}",
            "{\"id\":\"../x\",\"project\":\"p\"}",
            "not json");
    return Combinators.combine(manifest, junk, record, record)
        .as(
            (m, bytes, inbox, segment) -> {
              Map<String, byte[]> files = new TreeMap<>();
              files.put("index/manifest.json", m.getBytes(UTF_8));
              files.put("index/inbox/01HQWQ9N80003G000000000009.json", inbox.getBytes(UTF_8));
              files.put("index/inbox/01HQWQ9N80003G00000000000A.json", bytes);
              files.put(
                  "index/segments/01HQWQ9N80003G000000000009.jsonl",
                  (segment + "\n" + segment + "\n").getBytes(UTF_8));
              return files;
            });
  }

  @Property(tries = 40)
  void aHostileIndexNeverTouchesAnythingOutsideTheStore(
      @ForAll("hostileIndexes") Map<String, byte[]> files) throws Exception {
    Path dir = Files.createTempDirectory("chatlog-fuzz-");
    try {
      Path outside = Files.createDirectories(dir.resolve("elsewhere"));
      Files.writeString(outside.resolve("precious.txt"), "the user's own file");
      Files.writeString(dir.resolve("x"), "next to the store");
      Path root = dir.resolve("store");
      try (BlobChunkStore store = BlobChunkStore.open(new FsBlobStore(root), Map.of())) {
        store.append(List.of(Drafts.user("p", "t", "s", "before the attack")));
        store.compact();
      }
      for (Map.Entry<String, byte[]> file : files.entrySet()) {
        Path path = root.resolve(file.getKey());
        Files.createDirectories(path.getParent());
        Files.write(path, file.getValue());
      }
      Map<String, String> before = snapshot(dir, root);

      try (BlobChunkStore store = BlobChunkStore.open(new FsBlobStore(root), Map.of())) {
        List<Runnable> operations = new ArrayList<>();
        operations.add(() -> store.list(ChunkFilter.all(), 10));
        operations.add(() -> store.stats());
        operations.add(
            () -> {
              for (ChunkMeta meta : store.list(ChunkFilter.all(), 10)) {
                store.read(meta.id());
              }
            });
        operations.add(() -> store.append(List.of(Drafts.user("p", "t", "s", "after"))));
        operations.add(store::compact);
        operations.add(() -> store.verify(true));
        operations.add(store::reindex);
        operations.add(
            () ->
                store.delete(
                    store.list(ChunkFilter.all(), 1).stream().map(ChunkMeta::id).toList()));
        for (Runnable operation : operations) {
          try {
            operation.run();
          } catch (ChatLogException e) {
            // a typed failure is an answer; anything else fails the property
          }
        }
      }

      assertThat(snapshot(dir, root)).isEqualTo(before);
      try (BlobChunkStore store = BlobChunkStore.open(new FsBlobStore(root), Map.of())) {
        store.reindex();
        assertThat(store.verify(false).clean()).isTrue();
      }
    } finally {
      deleteTree(dir);
    }
  }

  /** Every file outside the store's folder under {@code dir}, with the SHA-256 of its bytes. */
  private static Map<String, String> snapshot(Path dir, Path root) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> paths = Files.walk(dir)) {
      for (Path path : paths.filter(p -> !p.startsWith(root)).toList()) {
        files.put(
            dir.relativize(path).toString(),
            Files.isDirectory(path) ? "dir" : sha256(Files.readAllBytes(path)));
      }
    }
    return files;
  }

  private static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private static void deleteTree(Path root) throws IOException {
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(path);
      }
    }
  }
}
