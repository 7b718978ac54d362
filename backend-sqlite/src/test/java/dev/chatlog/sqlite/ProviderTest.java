package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.StorageProvider;
import dev.chatlog.spi.StorageProviders;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Finding the provider, parsing {@code sqlite:} URIs and options. */
class ProviderTest {
  private final TempDatabase database = new TempDatabase();

  @AfterEach
  void cleanUp() {
    database.cleanUp();
  }

  @Test
  void serviceLoaderFindsExactlyTheSqliteProvider() {
    List<StorageProvider> found =
        ServiceLoader.load(StorageProvider.class).stream()
            .map(ServiceLoader.Provider::get)
            .filter(provider -> provider.scheme().equals("sqlite"))
            .toList();
    assertThat(found).hasSize(1).first().isInstanceOf(SqliteStorageProvider.class);
  }

  @Test
  void opensAStoreFromItsUriWithOptions() {
    URI uri = database.file().toUri();
    URI sqlite = URI.create("sqlite://" + uri.getRawPath());
    try (ChunkStore store =
        StorageProviders.discover()
            .open(
                sqlite,
                Map.of(SqliteOptions.BUSY_TIMEOUT, "2s", SqliteOptions.SYNCHRONOUS, "FULL"))) {
      assertThat(store).isInstanceOf(SqliteChunkStore.class);
      assertThat(store.location()).isEqualTo("sqlite://" + database.file().toAbsolutePath());
    }
  }

  @Test
  void uriForms() {
    assertThat(SqliteStorageProvider.path(URI.create("sqlite:///var/data/chatlog.db")))
        .isEqualTo(Path.of("/var/data/chatlog.db"));
    assertThat(SqliteStorageProvider.path(URI.create("sqlite:~/chatlog.db")))
        .isEqualTo(Path.of(System.getProperty("user.home"), "chatlog.db"));
    assertThat(SqliteStorageProvider.path(URI.create("sqlite:data/chatlog.db")))
        .isEqualTo(Path.of("data/chatlog.db"));
    assertThat(SqliteStorageProvider.path(URI.create("sqlite:///my%20notes/chat.db")))
        .isEqualTo(Path.of("/my notes/chat.db"));
    assertThatThrownBy(() -> SqliteStorageProvider.path(URI.create("sqlite://host/x.db")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot open store 'sqlite://host/x.db': a sqlite URI has no host; use"
                + " sqlite:///absolute/path.db or sqlite:~/path.db");
    assertThatThrownBy(() -> SqliteStorageProvider.path(URI.create("sqlite:///tmp/")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot open store 'sqlite:///tmp/': expected the path of a database file");
  }

  @Test
  void options() {
    assertThat(SqliteOptions.parse(Map.of())).isEqualTo(SqliteOptions.defaults());
    assertThat(SqliteOptions.parse(Map.of(SqliteOptions.BUSY_TIMEOUT, "250ms")).busyTimeout())
        .isEqualTo(Duration.ofMillis(250));
    assertThat(SqliteOptions.parse(Map.of(SqliteOptions.BUSY_TIMEOUT, "0s")).busyTimeout())
        .isZero();
    assertThat(SqliteOptions.parse(Map.of(SqliteOptions.SYNCHRONOUS, "FULL")).synchronous())
        .isEqualTo("full");
    assertThatThrownBy(() -> SqliteOptions.parse(Map.of(SqliteOptions.BUSY_TIMEOUT, "soon")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option sqlite.busy-timeout 'soon': expected a duration such as 500ms, 30s,"
                + " 2m, 12h, 7d or PT30S");
    assertThatThrownBy(() -> SqliteOptions.parse(Map.of(SqliteOptions.BUSY_TIMEOUT, "1500")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option sqlite.busy-timeout '1500': a duration needs a unit, such as 1500s"
                + " or 1500ms");
    assertThatThrownBy(() -> SqliteOptions.parse(Map.of(SqliteOptions.BUSY_TIMEOUT, "2d")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option sqlite.busy-timeout '2d': expected a duration from 0s to 1d");
    assertThatThrownBy(() -> SqliteOptions.parse(Map.of(SqliteOptions.BUSY_TIMEOUT, "-PT1S")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option sqlite.busy-timeout '-PT1S': expected a duration from 0s to 1d");
    assertThatThrownBy(() -> SqliteOptions.parse(Map.of(SqliteOptions.SYNCHRONOUS, "off")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use option sqlite.synchronous 'off': expected normal or full");
    assertThatThrownBy(() -> SqliteOptions.parse(Map.of("sqlite.cache", "1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option sqlite.cache '1': unknown option; valid options:"
                + " sqlite.busy-timeout, sqlite.synchronous");
    assertThatThrownBy(
            () ->
                StorageProviders.discover()
                    .open(URI.create("sqlite:///tmp/x.db"), Map.of("sqlite.cache", "1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot use option sqlite.cache '1': unknown option;");
  }
}
