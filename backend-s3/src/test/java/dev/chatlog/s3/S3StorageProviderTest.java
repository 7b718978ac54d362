package dev.chatlog.s3;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.spi.StorageProvider;
import dev.chatlog.spi.StorageProviders;
import java.io.File;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;
import org.junit.jupiter.api.Test;

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
