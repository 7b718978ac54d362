package dev.chatlog.engine;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.testing.Drafts;
import dev.chatlog.testing.ForwardingBlobStore;
import dev.chatlog.testing.MemoryBlobStore;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SegmentCacheBlobStoreTest {
  private static final String SEGMENT = "index/segments/01JAAAAAAAAAAAAAAAAAAAAAAA.jsonl";

  @TempDir Path temp;

  private final MemoryBlobStore remote = new MemoryBlobStore();
  private final Recording recording = new Recording(remote);

  private SegmentCacheBlobStore cached() {
    return new SegmentCacheBlobStore(recording, temp.resolve("cache"));
  }

  @Test
  void aSegmentIsReadFromTheStoreOnceThenFromItsLocalCopy() {
    String version = remote.put(SEGMENT, bytes("records"), PutCondition.createOnly());

    Optional<Blob> first = cached().get(SEGMENT);
    Optional<Blob> second = cached().get(SEGMENT); // a new instance, as a new process would have

    assertThat(first).hasValueSatisfying(b -> assertThat(b.data()).isEqualTo(bytes("records")));
    assertThat(second).hasValueSatisfying(b -> assertThat(b.data()).isEqualTo(bytes("records")));
    assertThat(second.orElseThrow().version()).isEqualTo(version);
    assertThat(recording.gets()).containsExactly(SEGMENT);
  }

  @Test
  void aMissingSegmentIsNotCached() {
    SegmentCacheBlobStore store = cached();

    assertThat(store.get(SEGMENT)).isEmpty();
    remote.put(SEGMENT, bytes("later"), PutCondition.createOnly());

    assertThat(store.get(SEGMENT))
        .hasValueSatisfying(b -> assertThat(b.data()).isEqualTo(bytes("later")));
    assertThat(recording.gets()).containsExactly(SEGMENT, SEGMENT);
  }

  @Test
  void aSegmentWrittenThroughTheCacheIsNeverDownloaded() {
    String version = cached().put(SEGMENT, bytes("mine"), PutCondition.createOnly());

    Blob read = cached().get(SEGMENT).orElseThrow();

    assertThat(read.data()).isEqualTo(bytes("mine"));
    assertThat(read.version()).isEqualTo(version);
    assertThat(recording.gets()).isEmpty();
  }

  @Test
  void aRefusedPutLeavesNoCopy() {
    remote.put(SEGMENT, bytes("theirs"), PutCondition.createOnly());
    SegmentCacheBlobStore store = cached();

    assertThatThrownBy(() -> store.put(SEGMENT, bytes("mine"), PutCondition.createOnly()))
        .isInstanceOf(PreconditionFailedException.class);

    assertThat(store.get(SEGMENT).orElseThrow().data()).isEqualTo(bytes("theirs"));
  }

  @Test
  void otherKeysAreNeverCached() {
    SegmentCacheBlobStore store = cached();
    List<String> keys =
        List.of(
            "index/manifest.json",
            "index/inbox/01JAAAAAAAAAAAAAAAAAAAAAAA.json",
            "index/segments/nested/x.jsonl",
            "index/segments/.hidden",
            "chunks/2024/01/01/01JAAAAAAAAAAAAAAAAAAAAAAA.md");
    for (String key : keys) {
      store.put(key, bytes(key), PutCondition.createOnly());
      assertThat(store.get(key).orElseThrow().data()).isEqualTo(bytes(key));
      assertThat(store.get(key)).isPresent();
    }

    assertThat(recording.gets()).hasSize(2 * keys.size());
    assertThat(temp.resolve("cache")).doesNotExist();
  }

  @Test
  void rangedReadsAndListingsGoToTheStore() {
    SegmentCacheBlobStore store = cached();
    store.put(SEGMENT, bytes("0123456789"), PutCondition.createOnly());

    assertThat(store.getRange(SEGMENT, 2, 3).orElseThrow().data()).isEqualTo(bytes("234"));
    assertThat(store.list("index/", null, 10).blobs()).hasSize(1);
    assertThat(store.location()).isEqualTo(remote.location());
  }

  @Test
  void deleteRemovesTheLocalCopy() {
    SegmentCacheBlobStore store = cached();
    store.put(SEGMENT, bytes("gone"), PutCondition.createOnly());

    store.delete(SEGMENT);

    assertThat(cached().get(SEGMENT)).isEmpty();
    assertThat(copies()).isEmpty();
  }

  @Test
  void deleteAllRemovesTheLocalCopies() {
    SegmentCacheBlobStore store = cached();
    String other = "index/segments/01JBBBBBBBBBBBBBBBBBBBBBBB.jsonl";
    store.put(SEGMENT, bytes("a"), PutCondition.createOnly());
    store.put(other, bytes("b"), PutCondition.createOnly());
    store.put("index/manifest.json", bytes("m"), PutCondition.createOnly());

    store.deleteAll(List.of(SEGMENT, other, "index/manifest.json"));

    assertThat(remote.keys()).isEmpty();
    assertThat(copies()).isEmpty();
  }

  @Test
  void aCopyWithoutItsVersionLineIsFetchedAgainAndReplaced() throws IOException {
    remote.put(SEGMENT, bytes("fresh"), PutCondition.createOnly());
    Path folder = temp.resolve("cache");
    Files.createDirectories(folder);
    Files.write(folder.resolve("01JAAAAAAAAAAAAAAAAAAAAAAA.jsonl"), new byte[0]);

    assertThat(cached().get(SEGMENT).orElseThrow().data()).isEqualTo(bytes("fresh"));
    assertThat(cached().get(SEGMENT).orElseThrow().data()).isEqualTo(bytes("fresh"));
    assertThat(recording.gets()).containsExactly(SEGMENT);
  }

  @Test
  void aCacheThatCannotBeWrittenNeverFailsAReadOrAWrite() throws IOException {
    Path blocked = temp.resolve("blocked");
    Files.writeString(blocked, "a file where the folder should be");
    SegmentCacheBlobStore store = new SegmentCacheBlobStore(recording, blocked.resolve("cache"));
    remote.put(SEGMENT, bytes("remote"), PutCondition.createOnly());
    String other = "index/segments/01JBBBBBBBBBBBBBBBBBBBBBBB.jsonl";

    assertThat(store.get(SEGMENT).orElseThrow().data()).isEqualTo(bytes("remote"));
    assertThat(store.get(SEGMENT).orElseThrow().data()).isEqualTo(bytes("remote"));
    store.put(other, bytes("written"), PutCondition.createOnly());
    store.delete(other);

    assertThat(recording.gets()).containsExactly(SEGMENT, SEGMENT);
    assertThat(remote.keys()).containsExactly(SEGMENT);
  }

  @Test
  void copiesAreOwnerOnlyAndNoTemporaryFileIsLeft() throws IOException {
    assumeThat(temp.getFileSystem().supportedFileAttributeViews()).contains("posix");
    cached().put(SEGMENT, bytes("private"), PutCondition.createOnly());

    Path folder = temp.resolve("cache");
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(folder)))
        .isEqualTo("rwx------");
    assertThat(copies()).hasSize(1);
    for (Path file : copies()) {
      assertThat(file.getFileName().toString()).isEqualTo("01JAAAAAAAAAAAAAAAAAAAAAAA.jsonl");
      assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file)))
          .isEqualTo("rw-------");
    }
  }

  @Test
  void closeClosesTheStore() {
    boolean[] closed = {false};
    BlobStore closing =
        new ForwardingBlobStore(remote) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };

    new SegmentCacheBlobStore(closing, temp).close();

    assertThat(closed[0]).isTrue();
  }

  @Test
  void aCachedStoreIsLocalOnlyWhenItsStoreIs() {
    BlobStore local =
        new ForwardingBlobStore(remote) {
          @Override
          public boolean isLocal() {
            return true;
          }
        };

    assertThat(cached().isLocal()).isFalse();
    assertThat(new SegmentCacheBlobStore(local, temp.resolve("cache")).isLocal()).isTrue();
  }

  @Test
  void theUserCacheFolderFollowsXdgCacheHome() {
    Path home = Path.of(System.getProperty("user.home"));

    assertThat(SegmentCacheBlobStore.userCacheRoot(Map.of("XDG_CACHE_HOME", "/x/cache")))
        .isEqualTo(Path.of("/x/cache/chatlog/segments"));
    assertThat(SegmentCacheBlobStore.userCacheRoot(Map.of("XDG_CACHE_HOME", " ")))
        .isEqualTo(home.resolve(".cache/chatlog/segments"));
    assertThat(SegmentCacheBlobStore.userCacheRoot(Map.of()))
        .isEqualTo(home.resolve(".cache/chatlog/segments"));
  }

  @Test
  void eachStoreHasAFolderOfItsOwn() {
    Path root = Path.of("/x");
    Path a = SegmentCacheBlobStore.folderFor(root, "s3://bucket/a");

    assertThat(a.getParent()).isEqualTo(root);
    assertThat(a.getFileName().toString())
        .as("the first 16 bytes of its SHA-256, as ever: a new name would orphan every cache")
        .isEqualTo("77828262d48e29aad10b969aff3b24a7");
    assertThat(SegmentCacheBlobStore.folderFor(root, "s3://bucket/a")).isEqualTo(a);
    assertThat(SegmentCacheBlobStore.folderFor(root, "s3://bucket/b")).isNotEqualTo(a);
    SegmentCacheBlobStore store =
        SegmentCacheBlobStore.inUserCache(remote, "s3://bucket/a", Map.of("XDG_CACHE_HOME", "/x"));
    assertThat(store.folder())
        .isEqualTo(
            SegmentCacheBlobStore.folderFor(Path.of("/x/chatlog/segments"), "s3://bucket/a"));
  }

  @Test
  void aNewEngineOnAWarmCacheReadsNoSegment() {
    List<ChunkDraft> drafts = new ArrayList<>();
    for (int i = 0; i < 40; i++) {
      drafts.add(Drafts.user("p", "t", "s" + i % 4, "body " + i));
    }
    try (BlobChunkStore writer = BlobChunkStore.open(cached(), Map.of())) {
      writer.append(drafts);
      writer.compact();
    }
    assertThat(copies()).isNotEmpty();
    recording.clear();

    List<String> newest;
    try (BlobChunkStore reader = BlobChunkStore.open(cached(), Map.of())) {
      newest = reader.list(ChunkFilter.all(), 5).stream().map(m -> m.id().toString()).toList();
    }

    assertThat(newest).hasSize(5);
    assertThat(recording.gets()).isNotEmpty().noneMatch(k -> k.startsWith("index/segments/"));
  }

  private List<Path> copies() {
    Path folder = temp.resolve("cache");
    if (!Files.isDirectory(folder)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  /** Remembers the key of every whole-object read. */
  private static final class Recording extends ForwardingBlobStore {
    private final List<String> gets = Collections.synchronizedList(new ArrayList<>());

    Recording(BlobStore delegate) {
      super(delegate);
    }

    @Override
    public Optional<Blob> get(String key) {
      gets.add(key);
      return super.get(key);
    }

    List<String> gets() {
      synchronized (gets) {
        return List.copyOf(gets);
      }
    }

    void clear() {
      gets.clear();
    }
  }
}
