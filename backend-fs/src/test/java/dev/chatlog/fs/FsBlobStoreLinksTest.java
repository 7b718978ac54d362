package dev.chatlog.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.StorageException;
import dev.chatlog.spi.BlobInfo;
import dev.chatlog.spi.PutCondition;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A store folder that holds symbolic links, as a shared or synced folder may: nothing outside the
 * store is ever created, replaced or deleted, while reads and listings follow links alike.
 */
class FsBlobStoreLinksTest {
  @TempDir Path dir;

  private Path root;
  private Path outside;
  private Map<String, String> outsideBefore;

  @BeforeEach
  void setUp() throws IOException {
    root = Files.createDirectories(dir.resolve("store"));
    outside = Files.createDirectories(dir.resolve("elsewhere"));
    Path precious = Files.writeString(outside.resolve("precious.txt"), "the user's own file");
    Files.writeString(outside.resolve("0123abcd.tmp"), "named like a temp file");
    for (Path file : List.of(precious, outside.resolve("0123abcd.tmp"))) {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(30))));
    }
    outsideBefore = contents(outside);
  }

  private static Map<String, String> contents(Path folder) throws IOException {
    Map<String, String> files = new TreeMap<>();
    try (Stream<Path> walk = Files.walk(folder)) {
      for (Path file : walk.filter(Files::isRegularFile).toList()) {
        files.put(folder.relativize(file).toString(), Files.readString(file));
      }
    }
    return files;
  }

  private void assertOutsideUntouched() throws IOException {
    assertThat(contents(outside)).isEqualTo(outsideBefore);
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  @Test
  void aHiddenFolderLinkedElsewhereIsNeverSweptAndNeverWrittenThrough() throws IOException {
    Files.createSymbolicLink(root.resolve(FsBlobStore.HIDDEN), outside);
    FsBlobStore store = new FsBlobStore(root);

    store.listAll("", null);
    store.get("k");
    assertThatThrownBy(() -> store.put("k", bytes("v"), PutCondition.createOnly()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(FsBlobStore.HIDDEN + " is a link that leaves the store");

    assertOutsideUntouched();
    assertThat(store.get("k")).isEmpty();
  }

  @Test
  void aTempFolderLinkedElsewhereIsNeverSweptAndNeverWrittenThrough() throws IOException {
    Files.createDirectories(root.resolve(FsBlobStore.HIDDEN));
    Files.createSymbolicLink(root.resolve(FsBlobStore.HIDDEN + "/tmp"), outside);
    FsBlobStore store = new FsBlobStore(root);

    assertThatThrownBy(() -> store.put("k", bytes("v"), PutCondition.createOnly()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining(FsBlobStore.HIDDEN + "/tmp is a link that leaves the store");

    assertOutsideUntouched();
  }

  @Test
  void aDayFolderMovedElsewhereIsReadAndListedButNeverWrittenOrDeletedThrough() throws IOException {
    FsBlobStore store = new FsBlobStore(root);
    store.put("chunks/2026/12/05/a.md", bytes("a"), PutCondition.createOnly());
    Files.writeString(outside.resolve("b.md"), "b");
    outsideBefore = contents(outside);
    Files.createSymbolicLink(root.resolve("chunks/2026/12/06"), outside);

    assertThat(store.get("chunks/2026/12/06/b.md").orElseThrow().data()).isEqualTo(bytes("b"));
    assertThat(store.listAll("chunks/", null))
        .extracting(BlobInfo::key)
        .containsExactly(
            "chunks/2026/12/05/a.md",
            "chunks/2026/12/06/0123abcd.tmp",
            "chunks/2026/12/06/b.md",
            "chunks/2026/12/06/precious.txt");
    BlobInfo listed = store.listAll("chunks/2026/12/06/b", null).get(0);
    assertThat(listed.version()).isEqualTo(store.get("chunks/2026/12/06/b.md").get().version());

    assertThatThrownBy(
            () -> store.put("chunks/2026/12/06/c.md", bytes("c"), PutCondition.createOnly()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("chunks/2026/12/06 is a link that leaves the store");
    assertThatThrownBy(() -> store.delete("chunks/2026/12/06/b.md"))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("chunks/2026/12/06 is a link that leaves the store");
    assertThatThrownBy(() -> store.deleteAll(List.of("chunks/2026/12/06/precious.txt")))
        .isInstanceOf(StorageException.class);
    String version = store.get("chunks/2026/12/06/b.md").get().version();
    assertThatThrownBy(
            () ->
                store.put("chunks/2026/12/06/b.md", bytes("new"), PutCondition.ifVersion(version)))
        .isInstanceOf(StorageException.class);

    assertOutsideUntouched();
    assertThat(store.linksLeavingStore()).containsExactly("chunks/2026/12/06");
  }

  @Test
  void noFolderIsCreatedThroughALinkThatLeavesTheStore() throws IOException {
    Files.createDirectories(root.resolve("chunks"));
    Files.createSymbolicLink(root.resolve("chunks/2026"), outside);
    FsBlobStore store = new FsBlobStore(root);

    assertThatThrownBy(
            () -> store.put("chunks/2026/12/07/x.md", bytes("x"), PutCondition.createOnly()))
        .isInstanceOf(StorageException.class)
        .hasMessageContaining("chunks/2026 is a link that leaves the store");

    assertThat(outside.resolve("12")).doesNotExist();
    assertOutsideUntouched();
  }

  @Test
  void aLinkThatStaysInsideTheStoreIsFollowedForWritesToo() throws IOException {
    FsBlobStore store = new FsBlobStore(root);
    store.put("archive/old/a.md", bytes("a"), PutCondition.createOnly());
    Files.createDirectories(root.resolve("chunks"));
    Files.createSymbolicLink(root.resolve("chunks/2025"), root.resolve("archive/old"));

    store.put("chunks/2025/b.md", bytes("b"), PutCondition.createOnly());
    store.delete("chunks/2025/a.md");

    assertThat(root.resolve("archive/old/b.md")).hasContent("b");
    assertThat(root.resolve("archive/old/a.md")).doesNotExist();
    assertThat(store.linksLeavingStore()).isEmpty();
  }

  @Test
  void deletingAnObjectThatIsALinkRemovesTheLinkAndNeverItsTarget() throws IOException {
    FsBlobStore store = new FsBlobStore(root);
    store.put("chunks/a.md", bytes("a"), PutCondition.createOnly());
    Files.createSymbolicLink(root.resolve("chunks/b.md"), outside.resolve("precious.txt"));

    assertThat(store.get("chunks/b.md")).isPresent();
    assertThat(store.linksLeavingStore()).containsExactly("chunks/b.md");
    store.delete("chunks/b.md");

    assertThat(root.resolve("chunks/b.md")).doesNotExist();
    assertOutsideUntouched();
  }

  @Test
  void replacingAnObjectThatIsALinkReplacesTheLinkAndNeverItsTarget() throws IOException {
    Files.createDirectories(root.resolve("index"));
    Files.createSymbolicLink(root.resolve("index/manifest.json"), outside.resolve("precious.txt"));
    FsBlobStore store = new FsBlobStore(root);
    String version = store.get("index/manifest.json").orElseThrow().version();

    store.put("index/manifest.json", bytes("{}"), PutCondition.ifVersion(version));

    assertThat(Files.isSymbolicLink(root.resolve("index/manifest.json"))).isFalse();
    assertThat(root.resolve("index/manifest.json")).hasContent("{}");
    assertOutsideUntouched();
  }

  @Test
  void aLinkToAParentFolderDoesNotMakeAListingEndless() throws IOException {
    FsBlobStore store = new FsBlobStore(root);
    store.put("chunks/a.md", bytes("a"), PutCondition.createOnly());
    Files.createSymbolicLink(root.resolve("chunks/loop"), root);
    Files.createSymbolicLink(root.resolve("chunks/self"), root.resolve("chunks"));

    assertThat(store.listAll("", null)).extracting(BlobInfo::key).containsExactly("chunks/a.md");
  }

  @Test
  void aDanglingLinkIsNeitherListedNorReported() throws IOException {
    FsBlobStore store = new FsBlobStore(root);
    Files.createDirectories(root.resolve("chunks"));
    Files.createSymbolicLink(root.resolve("chunks/gone.md"), dir.resolve("missing"));

    assertThat(store.listAll("", null)).isEmpty();
    assertThat(store.get("chunks/gone.md")).isEmpty();
    assertThat(store.linksLeavingStore()).isEmpty();
  }
}
