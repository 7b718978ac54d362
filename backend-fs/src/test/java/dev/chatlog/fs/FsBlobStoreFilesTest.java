package dev.chatlog.fs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assumptions.assumeThat;

import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.error.StorageException;
import dev.chatlog.spi.BlobInfo;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.testing.StartSignal;
import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/** What {@link FsBlobStore} does on disk, beyond the {@code BlobStoreContract}. */
class FsBlobStoreFilesTest {
  @TempDir Path dir;

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  private static Set<PosixFilePermission> perms(String text) {
    return PosixFilePermissions.fromString(text);
  }

  @Test
  void aFolderIsALocalStoreWhoseFewReadsTheEngineDoesInTurn() {
    try (FsBlobStore store = new FsBlobStore(dir.resolve("store"))) {
      assertThat(store.isLocal()).isTrue();
    }
  }

  @Test
  void foldersAreCreatedOwnerOnlyAndFilesReadableByTheOwnerOnly() throws IOException {
    assumeThat(dir.getFileSystem().supportedFileAttributeViews()).contains("posix");
    Path root = dir.resolve("store");
    FsBlobStore store = new FsBlobStore(root);

    store.put("chunks/2024/05/06/a.md", bytes("a"), PutCondition.createOnly());
    String v = store.put("chunks/2024/05/06/b.md", bytes("0"), PutCondition.createOnly());
    store.put("chunks/2024/05/06/b.md", bytes("b"), PutCondition.ifVersion(v));

    for (Path folder :
        List.of(
            root,
            root.resolve("chunks"),
            root.resolve("chunks/2024/05/06"),
            root.resolve(FsBlobStore.HIDDEN),
            root.resolve(FsBlobStore.HIDDEN + "/locks/chunks"))) {
      assertThat(Files.getPosixFilePermissions(folder))
          .as(folder.toString())
          .isEqualTo(perms("rwx------"));
    }
    for (Path file :
        List.of(
            root.resolve("chunks/2024/05/06/a.md"),
            root.resolve("chunks/2024/05/06/b.md"),
            root.resolve(FsBlobStore.HIDDEN + "/locks/chunks/2024/05/06/b.md.lock"))) {
      assertThat(Files.getPosixFilePermissions(file))
          .as(file.toString())
          .isEqualTo(perms("rw-------"));
    }
  }

  @Test
  void aStoreBelowARegularFileFailsWithAOneLineErrorNamingThePath() throws IOException {
    // Tests may run as root, whom chmod does not stop; a regular file where a folder must be
    // created makes every write fail the same way for every user.
    Path file = Files.writeString(dir.resolve("not-a-folder"), "x");
    FsBlobStore store = new FsBlobStore(file.resolve("store"));

    assertThatThrownBy(() -> store.put("chunks/a.md", bytes("a"), PutCondition.createOnly()))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot write " + file.resolve("store/chunks/a.md") + ": ")
        .hasMessageContaining("not-a-folder")
        .satisfies(e -> assertThat(((StorageException) e).retryable()).isFalse())
        .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    assertThat(store.get("chunks/a.md")).isEmpty();
    assertThat(store.listAll("", null)).isEmpty();
    assertThat(file).hasContent("x");
  }

  @Test
  void aFailedLinkLeavesNeitherObjectNorTempFile() throws IOException {
    Path root = dir.resolve("store");
    FsBlobStore denied =
        new FsBlobStore(
            root,
            (link, existing) -> {
              throw new AccessDeniedException(link.toString());
            });
    FsBlobStore full =
        new FsBlobStore(
            root,
            (link, existing) -> {
              throw new FileSystemException(link.toString(), null, "No space left on device");
            });

    assertThatThrownBy(() -> denied.put("chunks/a.md", bytes("a"), PutCondition.createOnly()))
        .isInstanceOf(StorageException.class)
        .hasMessage("Cannot write " + root.resolve("chunks/a.md") + ": permission denied");
    assertThatThrownBy(() -> full.put("chunks/a.md", bytes("a"), PutCondition.createOnly()))
        .isInstanceOf(StorageException.class)
        .hasMessage("Cannot write " + root.resolve("chunks/a.md") + ": no space left on device");

    assertThat(new FsBlobStore(root).listAll("", null)).isEmpty();
    assertThat(root.resolve("chunks/a.md")).doesNotExist();
    try (Stream<Path> temps = Files.list(root.resolve(FsBlobStore.HIDDEN + "/tmp"))) {
      assertThat(temps).isEmpty();
    }
  }

  @Test
  void aFileSystemWithoutHardLinksIsDetectedAndStillCreatesOnlyOnce() {
    FsBlobStore store =
        new FsBlobStore(
            dir.resolve("store"),
            (link, existing) -> {
              throw new UnsupportedOperationException("no links here");
            });

    String version = store.put("k", bytes("one"), PutCondition.createOnly());

    assertThat(store.get("k").orElseThrow().version()).isEqualTo(version);
    assertThatThrownBy(() -> store.put("k", bytes("two"), PutCondition.createOnly()))
        .isInstanceOf(PreconditionFailedException.class)
        .hasMessageContaining("already exists");
    assertThat(store.get("k").orElseThrow().data()).isEqualTo(bytes("one"));
  }

  @Test
  void ioErrorsWithoutAReasonStillNameThePath() {
    Path path = dir.resolve("x");

    assertThat(FsBlobStore.failure("read", path, new IOException("Input/output error")))
        .hasMessage("Cannot read " + path + ": Input/output error")
        .hasCauseInstanceOf(IOException.class);
    assertThat(FsBlobStore.failure("read", path, new IOException()))
        .hasMessage("Cannot read " + path + ": IOException");
  }

  @Test
  void aCrashBetweenTempWriteAndLinkLeavesNoVisibleObject() throws IOException {
    Path root = dir.resolve("store");
    FsBlobStore store = new FsBlobStore(root);
    store.put("index/inbox/a.json", bytes("{}"), PutCondition.createOnly());
    // What a writer killed after syncing its temp file and before linking it leaves behind:
    Path orphan = root.resolve(FsBlobStore.HIDDEN + "/tmp/0c9f-crashed.tmp");
    Files.writeString(orphan, "{\"half\":");

    assertThat(store.listAll("", null))
        .extracting(BlobInfo::key)
        .containsExactly("index/inbox/a.json");
    assertThat(new FsBlobStore(root).listAll("", null)).hasSize(1);
    assertThat(orphan).exists();
  }

  @Test
  void theFirstWriteRemovesItsOwnTempFilesOlderThanADayAndReadsRemoveNothing() throws IOException {
    Path root = dir.resolve("store");
    new FsBlobStore(root).put("k", bytes("v"), PutCondition.createOnly());
    Path tmp = root.resolve(FsBlobStore.HIDDEN + "/tmp");
    Path old = Files.writeString(tmp.resolve("0123abcd.tmp"), "old");
    Path foreign = Files.writeString(tmp.resolve("notes.txt"), "not a temp file of ours");
    for (Path file : List.of(old, foreign)) {
      Files.setLastModifiedTime(file, FileTime.from(Instant.now().minus(Duration.ofDays(2))));
    }
    Path recent = Files.writeString(tmp.resolve("4567cdef.tmp"), "recent");

    FsBlobStore reader = new FsBlobStore(root);
    reader.get("k");
    reader.listAll("", null);
    assertThat(old).exists();

    reader.put("k2", bytes("v"), PutCondition.createOnly());

    assertThat(old).doesNotExist();
    assertThat(recent).exists();
    assertThat(foreign).exists();
  }

  @Test
  void noTempFilesRemainAfterWrites() throws IOException {
    Path root = dir.resolve("store");
    FsBlobStore store = new FsBlobStore(root);
    String v = store.put("m", bytes("1"), PutCondition.createOnly());
    store.put("m", bytes("2"), PutCondition.ifVersion(v));
    assertThatThrownBy(() -> store.put("m", bytes("3"), PutCondition.createOnly()))
        .isInstanceOf(PreconditionFailedException.class)
        .hasMessage("Cannot create m in " + store.location() + ": the object already exists");

    try (Stream<Path> temps = Files.list(root.resolve(FsBlobStore.HIDDEN + "/tmp"))) {
      assertThat(temps).isEmpty();
    }
  }

  @Test
  void aKeyCannotBeBothAnObjectAndAFolderOfOtherKeys() {
    FsBlobStore store = new FsBlobStore(dir.resolve("store"));
    store.put("a", bytes("leaf"), PutCondition.createOnly());
    store.put("b/c", bytes("nested"), PutCondition.createOnly());

    assertThatThrownBy(() -> store.put("a/b", bytes("x"), PutCondition.createOnly()))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot write " + dir.resolve("store/a/b") + ": ");
    assertThatThrownBy(() -> store.put("b", bytes("x"), PutCondition.createOnly()))
        .isInstanceOf(StorageException.class)
        .hasMessage(
            "Cannot write " + dir.resolve("store/b") + ": a folder of other keys has this name");
    assertThat(store.get("b")).isEmpty();
  }

  @Test
  void filesWhoseNamesAreNotKeysAreNotListed() throws IOException {
    Path root = dir.resolve("store");
    FsBlobStore store = new FsBlobStore(root);
    store.put("notes/a.md", bytes("a"), PutCondition.createOnly());
    Files.writeString(root.resolve("notes/my notes.md"), "space in the name");
    Files.createDirectories(root.resolve("notes/with space"));
    Files.writeString(root.resolve("notes/with space/b.md"), "b");

    assertThat(store.listAll("", null)).extracting(BlobInfo::key).containsExactly("notes/a.md");
  }

  @Test
  void deleteSkipsFolders() throws IOException {
    FsBlobStore store = new FsBlobStore(dir.resolve("store"));
    store.put("f/x", bytes("x"), PutCondition.createOnly());

    store.delete("f");

    assertThat(store.get("f/x")).isPresent();
  }

  @Test
  void listingTheStoreBeforeItsFolderExistsIsEmpty() {
    FsBlobStore store = new FsBlobStore(dir.resolve("not/yet"));

    assertThat(store.list("", null, 5).blobs()).isEmpty();
    assertThat(dir.resolve("not")).doesNotExist();
  }

  @Test
  void badArgumentsAreRejected() {
    FsBlobStore store = new FsBlobStore(dir.resolve("store"));

    assertThatThrownBy(() -> store.list("", null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot list '': page size must be at least 1, got 0");
    assertThatThrownBy(() -> store.getRange("k", -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("Cannot read k: offset and length must not be negative");
  }

  @Test
  void locationIsTheFileUriOfTheRoot() {
    FsBlobStore store = new FsBlobStore(dir.resolve("store"));

    assertThat(store.location()).isEqualTo(dir.resolve("store").toUri().toString());
    assertThat(store.root()).isEqualTo(dir.resolve("store"));
    assertThat(store).hasToString("FsBlobStore[" + dir.resolve("store") + "]");
  }

  @Test
  void versionsAreTheSizeModificationTimeAndIdentityOfTheFile() throws IOException {
    Path root = dir.resolve("store");
    FsBlobStore store = new FsBlobStore(root);

    String version = store.put("k", bytes("abc"), PutCondition.createOnly());

    long nanos = Files.getLastModifiedTime(root.resolve("k")).to(TimeUnit.NANOSECONDS);
    assertThat(version).startsWith("3-" + Long.toHexString(nanos));
  }

  @Test
  @Timeout(value = 120, unit = TimeUnit.SECONDS)
  void replaceIfVersionIsSafeBetweenProcesses() throws Exception {
    Path root = dir.resolve("store");
    new FsBlobStore(root).put("counter", bytes("0"), PutCondition.createOnly());
    int processes = 3;
    int increments = 150;
    Path go = dir.resolve("go");

    List<JavaProcesses.Started> started = new ArrayList<>();
    for (int i = 0; i < processes; i++) {
      started.add(
          JavaProcesses.start(
              CounterMain.class,
              root.toString(),
              "counter",
              Integer.toString(increments),
              go.toString()));
    }
    StartSignal.give(go);
    JavaProcesses.awaitAll(started, Duration.ofSeconds(100));

    String value = new String(new FsBlobStore(root).get("counter").orElseThrow().data(), UTF_8);
    assertThat(Integer.parseInt(value)).isEqualTo(processes * increments);
  }

  @Test
  void replacingWithTheSameBytesGivesANewVersionAndTheOldOneNoLongerMatches() {
    FsBlobStore store = new FsBlobStore(dir.resolve("store"));
    String v1 = store.put("index/manifest.json", bytes("same"), PutCondition.createOnly());

    String v2 = store.put("index/manifest.json", bytes("same"), PutCondition.ifVersion(v1));

    assertThat(v2).isNotEqualTo(v1);
    assertThatThrownBy(
            () -> store.put("index/manifest.json", bytes("late"), PutCondition.ifVersion(v1)))
        .isInstanceOf(PreconditionFailedException.class)
        .hasMessageContaining("its version has changed");
    assertThat(store.get("index/manifest.json").orElseThrow().version()).isEqualTo(v2);
  }

  @Test
  void aFileEditedInPlaceByHandGetsANewVersion() throws IOException {
    Path root = dir.resolve("store");
    FsBlobStore store = new FsBlobStore(root);
    String v1 = store.put("m", bytes("one"), PutCondition.createOnly());
    Path file = root.resolve("m");

    Files.write(file, bytes("two"));
    Files.setLastModifiedTime(file, FileTime.from(Instant.parse("2030-01-01T00:00:00Z")));

    assertThat(store.get("m").orElseThrow().version()).isNotEqualTo(v1);
    assertThatThrownBy(() -> store.put("m", bytes("three"), PutCondition.ifVersion(v1)))
        .isInstanceOf(PreconditionFailedException.class);
    assertThat(store.get("m").orElseThrow().data()).isEqualTo(bytes("two"));
  }

  @Test
  void aRangeAndAListingGiveTheVersionOfTheWholeObject() {
    FsBlobStore store = new FsBlobStore(dir.resolve("store"));
    String version = store.put("index/inbox/a", bytes("0123456789"), PutCondition.createOnly());

    assertThat(store.getRange("index/inbox/a", 2, 3).orElseThrow().data()).isEqualTo(bytes("234"));
    assertThat(store.getRange("index/inbox/a", 2, 3).orElseThrow().version()).isEqualTo(version);
    assertThat(store.listAll("index/inbox/", null))
        .containsExactly(new BlobInfo("index/inbox/a", 10, version));
  }

  @Test
  void deleteAllRemovesTheFilesOfSeveralFolders() {
    Path root = dir.resolve("store");
    FsBlobStore store = new FsBlobStore(root);
    store.put("index/inbox/a", bytes("a"), PutCondition.createOnly());
    store.put("index/inbox/b", bytes("b"), PutCondition.createOnly());
    store.put("chunks/c", bytes("c"), PutCondition.createOnly());

    store.deleteAll(List.of("index/inbox/a", "chunks/c", "index/inbox/missing"));

    assertThat(root.resolve("index/inbox/a")).doesNotExist();
    assertThat(root.resolve("chunks/c")).doesNotExist();
    assertThat(root.resolve("index/inbox/b")).hasContent("b");
  }
}
