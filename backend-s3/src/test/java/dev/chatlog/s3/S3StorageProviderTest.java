package dev.chatlog.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.engine.EngineOptions;
import dev.chatlog.engine.SegmentCacheBlobStore;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.StorageProvider;
import dev.chatlog.spi.StorageProviders;
import java.io.File;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class S3StorageProviderTest {

  @Test
  void serviceLoaderFindsExactlyThisProviderForS3() {
    StorageProviders providers = StorageProviders.discover();

    assertThat(providers.schemes()).contains("s3");
    assertThat(providers.forUri(java.net.URI.create("s3://bucket")))
        .isInstanceOf(S3StorageProvider.class);
    assertThat(new S3StorageProvider().optionKeys())
        .containsAll(S3Options.KEYS)
        .containsAll(BlobChunkStore.OPTION_KEYS);
  }

  @Test
  void theProviderKeepsSegmentsInTheEngineCacheFolderUnlessTurnedOff(@TempDir Path cache) {
    Map<String, String> options =
        Map.of(
            S3Options.ENDPOINT,
            S3ProxyServer.shared().endpoint().toString(),
            S3Options.PATH_STYLE,
            "true",
            S3Options.REGION,
            "us-east-1",
            EngineOptions.CACHE_FOLDER,
            cache.toString());
    URI cachedUri = URI.create("s3://" + S3ProxyServer.BUCKET + "/t-" + UUID.randomUUID());
    URI plainUri =
        URI.create(
            "s3://" + S3ProxyServer.BUCKET + "/t-" + UUID.randomUUID() + "?segment-cache=false");
    Runnable restore = S3ProxyServer.setCredentialProperties();
    try {
      for (URI uri : List.of(cachedUri, plainUri)) {
        try (ChunkStore store = new S3StorageProvider().open(uri, options)) {
          store.append(List.of(draft()));
          store.compact();
        }
      }
    } finally {
      restore.run();
    }

    assertThat(cacheFolder(cache, cachedUri, options))
        .isDirectoryContaining(file -> file.getFileName().toString().endsWith(".jsonl"));
    assertThat(cacheFolder(cache, plainUri, options)).doesNotExist();
    assertThat(cache.resolve("s3-probe")).isDirectory();
  }

  private static Path cacheFolder(Path cache, URI uri, Map<String, String> options) {
    return SegmentCacheBlobStore.folderFor(
        cache.resolve("segments"),
        S3Options.parse(uri, options, BlobChunkStore.OPTION_KEYS).cacheKey());
  }

  private static ChunkDraft draft() {
    return new ChunkDraft(
        "team", "s3", "s", null, List.of(Actor.USER), "cli", List.of(), "", Map.of(), "kept");
  }

  /**
   * Discovery must not load the AWS SDK: a class loader that cannot see any SDK class still finds
   * the provider, reads its scheme and keys, and parses options.
   */
  @Test
  void discoveryAndOptionParsingWorkWithoutTheSdkOnTheClassPath() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      if (!entry.contains("awssdk") && !entry.contains("s3proxy")) {
        urls.add(new File(entry).toURI().toURL());
      }
    }
    try (URLClassLoader noSdk =
        new URLClassLoader(urls.toArray(URL[]::new), ClassLoader.getPlatformClassLoader())) {
      Class<?> spi = noSdk.loadClass(StorageProvider.class.getName());
      List<String> schemes = new ArrayList<>();
      for (Object provider : ServiceLoader.load(spi, noSdk)) {
        schemes.add((String) spi.getMethod("scheme").invoke(provider));
        if (provider.getClass().getName().equals(S3StorageProvider.class.getName())) {
          assertThat((java.util.Set<?>) spi.getMethod("optionKeys").invoke(provider))
              .hasSizeGreaterThan(S3Options.KEYS.size() - 1);
          Class<?> options = noSdk.loadClass(S3Options.class.getName());
          Object parsed =
              options
                  .getMethod("parse", java.net.URI.class, java.util.Map.class, java.util.Set.class)
                  .invoke(
                      null,
                      java.net.URI.create("s3://bucket/p"),
                      java.util.Map.of(),
                      java.util.Set.of());
          assertThat(options.getMethod("location").invoke(parsed)).isEqualTo("s3://bucket/p");
        }
      }
      assertThat(schemes).contains("s3");
    }
  }
}
