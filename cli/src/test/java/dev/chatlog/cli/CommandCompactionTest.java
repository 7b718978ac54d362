package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.engine.EngineOptions;
import dev.chatlog.spi.StorageProviders;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The command folds the inbox sooner than the engine's default: every run reads all of it. */
class CommandCompactionTest {
  @TempDir Path temp;

  @Test
  void aFileStoreGetsTheCommandsThresholdAndCacheFolderUnlessItsUriSetsThem() {
    StorageProviders providers = StorageProviders.discover();
    Path cache = temp.resolve("cache");
    ChatLogConfig plain = ChatLogConfig.forStore(temp.toUri());
    ChatLogConfig set =
        plain.withStore(
            temp.toUri(),
            Map.of(
                EngineOptions.COMPACT_THRESHOLD, "300", EngineOptions.CACHE_FOLDER, "/elsewhere"));

    assertThat(CliContext.withCommandDefaults(plain, providers, cache).storeOptions())
        .containsOnly(
            Map.entry(EngineOptions.COMPACT_THRESHOLD, "16"),
            Map.entry(EngineOptions.CACHE_FOLDER, cache.toString()));
    assertThat(CliContext.withCommandDefaults(set, providers, cache)).isEqualTo(set);
  }

  @Test
  void aStoreThatTakesNoEngineOptionsIsLeftAlone() {
    ChatLogConfig sqlite =
        ChatLogConfig.forStore(URI.create("sqlite://" + temp.resolve("chatlog.db")));

    assertThat(CliContext.withCommandDefaults(sqlite, StorageProviders.discover(), temp))
        .isEqualTo(sqlite);
  }

  @Test
  void theSeventeenthSaveFoldsTheInboxIntoASegment() throws IOException {
    CliRunner cli = new CliRunner(temp.resolve("store"));
    for (int i = 1; i <= CliContext.COMPACT_THRESHOLD; i++) {
      assertThat(cli.runWithInput("message " + i, "save", "-p", "p").exitCode()).isZero();
    }
    assertThat(files(cli.store().resolve("index/inbox"))).isEqualTo(16);

    assertThat(cli.runWithInput("message 17", "save", "-p", "p").exitCode()).isZero();

    assertThat(files(cli.store().resolve("index/inbox"))).isZero();
    assertThat(files(cli.store().resolve("index/segments"))).isEqualTo(1);
    assertThat(cli.run("retrieve", "-p", "p", "--limit", "100").out())
        .contains("message 1\n", "message 17\n");
  }

  @Test
  void aThresholdInTheStoreUriWins() throws IOException {
    CliRunner cli = new CliRunner(temp.resolve("store"));
    cli.env("CHM_STORE", cli.store().toUri() + "?engine.compact-threshold=40");
    for (int i = 1; i <= 20; i++) {
      assertThat(cli.runWithInput("message " + i, "save", "-p", "p").exitCode()).isZero();
    }

    assertThat(files(cli.store().resolve("index/inbox"))).isEqualTo(20);
  }

  private static long files(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> listed = Files.list(folder)) {
      return listed.filter(Files::isRegularFile).count();
    }
  }
}
