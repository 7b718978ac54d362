package dev.chatlog.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.InvalidInputException;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;

class EngineOptionsTest {

  @Test
  void defaultsLeaveOtherPrefixesAlone() {
    EngineOptions options = EngineOptions.parse(Map.of("s3.region", "eu-west-1"));

    assertThat(options.compactThreshold()).isEqualTo(256);
    assertThat(options.readThreads()).isEqualTo(8);
    assertThat(options.maxSegments()).isEqualTo(64);
    assertThat(options.cacheFolder())
        .isEqualTo(Path.of(System.getProperty("user.home"), ".cache", "chatlog").normalize());
  }

  @Test
  void theCacheFolderComesFromItsOptionNeverFromTheEnvironment() {
    Path folder = Path.of("/").toAbsolutePath().resolve("x").resolve("cache");
    EngineOptions options =
        EngineOptions.parse(Map.of(EngineOptions.CACHE_FOLDER, folder.toString()));

    assertThat(options.cacheFolder()).isEqualTo(folder);
    assertThat(options.segmentCacheFolder("s3://bucket/a"))
        .isEqualTo(SegmentCacheBlobStore.folderFor(folder.resolve("segments"), "s3://bucket/a"))
        .isNotEqualTo(options.segmentCacheFolder("s3://bucket/b"));
    assertThatThrownBy(() -> EngineOptions.parse(Map.of(EngineOptions.CACHE_FOLDER, "cache")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use option engine.cache-folder 'cache': expected an absolute path");
  }

  @Test
  void valuesAreReadByTheOneReader() {
    EngineOptions options =
        EngineOptions.parse(
            Map.of(
                EngineOptions.COMPACT_THRESHOLD, " 16 ",
                EngineOptions.READ_THREADS, "64",
                EngineOptions.MAX_SEGMENTS, "2"));

    assertThat(options.compactThreshold()).isEqualTo(16);
    assertThat(options.readThreads()).isEqualTo(64);
    assertThat(options.maxSegments()).isEqualTo(2);
    assertThatThrownBy(() -> EngineOptions.parse(Map.of(EngineOptions.MAX_SEGMENTS, "1")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option engine.max-segments '1': expected a whole number from 2 to 100000");
  }
}
