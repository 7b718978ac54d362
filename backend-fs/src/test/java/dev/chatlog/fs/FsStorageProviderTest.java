package dev.chatlog.fs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.StorageProvider;
import dev.chatlog.spi.StorageProviders;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** How {@code file:} URIs are found, read and opened. */
class FsStorageProviderTest {
  @TempDir Path dir;

  private final Path home = Path.of("/home/someone");
  private final FsStorageProvider provider = new FsStorageProvider(home);

  @Test
  void serviceLoaderFindsExactlyTheFileProvider() {
    List<StorageProvider> found =
        ServiceLoader.load(StorageProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .toList();

    assertThat(found).singleElement().isInstanceOf(FsStorageProvider.class);
    assertThat(StorageProviders.discover().schemes()).containsExactly("file");
  }

  @Test
  void acceptsTheEngineOptions() {
    assertThat(provider.scheme()).isEqualTo("file");
    assertThat(provider.optionKeys()).isEqualTo(BlobChunkStore.OPTION_KEYS);
  }

  @Test
  void absolutePathsAndHomeFoldersNameFolders() {
    assertThat(provider.folderOf(URI.create("file:///var/lib/chatlog")))
        .isEqualTo(Path.of("/var/lib/chatlog"));
    assertThat(provider.folderOf(URI.create("file:/var/lib/chatlog/")))
        .isEqualTo(Path.of("/var/lib/chatlog"));
    assertThat(provider.folderOf(URI.create("file://localhost/srv/chat%20log")))
        .isEqualTo(Path.of("/srv/chat log"));
    assertThat(provider.folderOf(URI.create("FILE:///a/./b/../c"))).isEqualTo(Path.of("/a/c"));
    assertThat(provider.folderOf(URI.create("file:~"))).isEqualTo(home);
    assertThat(provider.folderOf(URI.create("file:~/notes/chat%20log")))
        .isEqualTo(home.resolve("notes/chat log"));
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "file:relative/path",
        "file:~other/x",
        "file://server/share",
        "file:///a?b=c",
        "file:///a#frag",
        "s3://bucket/prefix",
        "file:///a%00b",
        "file:~/a%00b"
      })
  void rejectsWhatIsNotALocalAbsoluteFolder(String text) {
    URI uri = URI.create(text);

    assertThatThrownBy(() -> provider.open(uri, Map.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot open store '" + text + "': ");
  }

  @Test
  void rejectsAFileUriWithoutAFolder() {
    assertThatThrownBy(() -> provider.folderOf(URI.create("file://localhost")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot open store 'file://localhost': no folder given");
  }

  @Test
  void opensTheEngineOnTheFolderAndWritesItsLayout() {
    Path root = dir.resolve("history");
    try (ChunkStore store =
        StorageProviders.discover()
            .open(root.toUri(), Map.of(BlobChunkStore.COMPACT_THRESHOLD, "2"))) {
      store.append(
          List.of(
              new ChunkDraft(
                  "p",
                  "t",
                  "s",
                  null,
                  List.of(Actor.USER),
                  "cli",
                  List.of(),
                  "",
                  Map.of(),
                  "hello")));

      assertThat(store.list(ChunkFilter.all(), 10)).hasSize(1);
      assertThat(store.location()).contains(root.toString());
    }
    assertThat(root.resolve("chunks")).isDirectory();
    assertThat(root.resolve("index/inbox")).isDirectory();
    assertThat(Files.exists(root.resolve("index"))).isTrue();
  }

  @Test
  void rejectsABadEngineOption() {
    URI uri = dir.toUri();

    assertThatThrownBy(() -> provider.open(uri, Map.of(BlobChunkStore.COMPACT_THRESHOLD, "many")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining(BlobChunkStore.COMPACT_THRESHOLD);
  }
}
