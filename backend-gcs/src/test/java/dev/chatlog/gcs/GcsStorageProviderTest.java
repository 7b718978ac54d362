package dev.chatlog.gcs;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.engine.EngineOptions;
import dev.chatlog.engine.SegmentCacheBlobStore;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.NotFoundException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.spi.StorageProvider;
import dev.chatlog.spi.StorageProviders;
import dev.chatlog.spi.StoreHealth;
import java.io.File;
import java.lang.reflect.Method;
import java.net.URI;
import java.net.URL;
import java.net.URLClassLoader;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.ServiceLoader;
import java.util.Set;
import org.assertj.core.api.InstanceOfAssertFactories;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GcsStorageProviderTest {
  private static FakeGcsServer server;

  @BeforeAll
  static void startServer() {
    server = FakeGcsServer.start(FakeGcs.BUCKET);
  }

  @AfterAll
  static void stopServer() {
    server.close();
  }

  @Test
  void serviceLoaderFindsExactlyThisProviderForGs() {
    List<StorageProvider> gs = new ArrayList<>();
    ServiceLoader.load(StorageProvider.class)
        .forEach(
            p -> {
              if (p.scheme().equals("gs")) {
                gs.add(p);
              }
            });

    assertThat(gs).singleElement().isInstanceOf(GcsStorageProvider.class);
    assertThat(StorageProviders.discover().forUri(URI.create("gs://bkt/p")))
        .isInstanceOf(GcsStorageProvider.class);
  }

  @Test
  void optionKeysAreTheGcsOnesAndTheEngines() {
    Set<String> keys = new GcsStorageProvider().optionKeys();

    assertThat(keys)
        .contains("gcs.project", "gcs.endpoint", "gcs.no-auth", "gcs.max-attempts", "gcs.timeout")
        .containsAll(BlobChunkStore.OPTION_KEYS)
        .hasSize(GcsOptions.KEYS.size() + BlobChunkStore.OPTION_KEYS.size());
  }

  @Test
  void unknownOptionsAreRejectedBeforeAnythingOpens() {
    Map<String, String> options = new HashMap<>(FakeGcs.options(server));
    options.put("gcs.secret-key", "x");

    assertThatThrownBy(() -> StorageProviders.discover().open(FakeGcs.freshUri(), options))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot use option gcs.secret-key '****': unknown option;")
        .hasMessageContaining("gcs.endpoint");
  }

  @Test
  void savesInOneInstanceAndReadsInAnother() {
    URI uri = FakeGcs.freshUri();
    ChunkDraft draft =
        new ChunkDraft(
            "team", "gcs", "s", null, List.of(Actor.USER), "cli", List.of(), "", Map.of(), "hello");

    SavedChunk saved;
    try (ChunkStore first = StorageProviders.discover().open(uri, FakeGcs.options(server))) {
      saved = first.append(List.of(draft)).get(0);
      assertThat(first.location()).isEqualTo(uri.toString());
    }
    try (ChunkStore second = new GcsStorageProvider().open(uri, FakeGcs.options(server))) {
      assertThat(second.read(saved.meta().id()).orElseThrow().body()).isEqualTo("hello");
    }
    assertThat(server.unexpected()).isEmpty();
  }

  @Test
  void aSaveIsTwoWriteRequests() {
    try (ChunkStore store =
        new GcsStorageProvider().open(FakeGcs.freshUri(), FakeGcs.options(server))) {
      store.append(List.of(draft("first")));
      int posts = server.requestCount("POST");
      int deletes = server.requestCount("DELETE");

      store.append(List.of(draft("second")));

      assertThat(server.requestCount("POST") - posts).isEqualTo(2);
      assertThat(server.requestCount("DELETE") - deletes).isZero();
    }
  }

  @Test
  void theProviderKeepsSegmentsInTheEngineCacheFolderUnlessTurnedOff(@TempDir Path cache) {
    URI cachedUri = FakeGcs.freshUri();
    Map<String, String> cachedOptions = new HashMap<>(FakeGcs.options(server));
    cachedOptions.put(EngineOptions.CACHE_FOLDER, cache.toString());
    Path cached = cacheFolder(cache, cachedUri, cachedOptions);
    URI plainUri = FakeGcs.freshUri();
    Map<String, String> plainOptions = new HashMap<>(cachedOptions);
    plainOptions.put(GcsOptions.SEGMENT_CACHE, "false");
    Path plain = cacheFolder(cache, plainUri, plainOptions);

    for (Map.Entry<URI, Map<String, String>> store :
        Map.of(cachedUri, cachedOptions, plainUri, plainOptions).entrySet()) {
      try (ChunkStore opened = new GcsStorageProvider().open(store.getKey(), store.getValue())) {
        opened.append(List.of(draft("kept")));
        opened.compact();
      }
    }

    assertThat(cached)
        .isDirectoryContaining(file -> file.getFileName().toString().endsWith(".jsonl"));
    assertThat(plain).doesNotExist();
  }

  private static Path cacheFolder(Path cache, URI uri, Map<String, String> options) {
    return SegmentCacheBlobStore.folderFor(
        cache.resolve("segments"), GcsOptions.parse(uri, options).cacheKey());
  }

  private static ChunkDraft draft(String body) {
    return new ChunkDraft(
        "team", "gcs", "s", null, List.of(Actor.USER), "cli", List.of(), "", Map.of(), body);
  }

  @Test
  void aMissingBucketFailsWhenTheStoreOpensNamingTheBucket() {
    URI uri = URI.create("gs://no-such-bucket/p");

    assertThatThrownBy(() -> new GcsStorageProvider().open(uri, FakeGcs.options(server)))
        .isInstanceOf(NotFoundException.class)
        .hasMessage(
            "Cannot open store gs://no-such-bucket/p: bucket 'no-such-bucket' does not exist (404)");
  }

  @Test
  void checkReportsAReachableWritableBucketWithConditionalWrites() {
    StoreHealth health =
        new GcsStorageProvider().check(FakeGcs.freshUri(), FakeGcs.options(server), true);

    assertThat(health.healthy()).isTrue();
    assertThat(health.checks())
        .extracting(named -> named.check().status())
        .containsOnly(StoreHealth.Status.OK);
  }

  @Test
  void checkWithoutWritesSkipsTheProbe() {
    StoreHealth health =
        new GcsStorageProvider().check(FakeGcs.freshUri(), FakeGcs.options(server), false);

    assertThat(health.checks())
        .extracting(named -> named.check().status())
        .containsExactly(
            StoreHealth.Status.OK, StoreHealth.Status.SKIPPED, StoreHealth.Status.SKIPPED);
  }

  @Test
  void checkOfAMissingBucketFailsReachabilityWithoutThrowing() {
    URI uri = URI.create("gs://no-such-bucket/p");

    StoreHealth health = new GcsStorageProvider().check(uri, FakeGcs.options(server), true);

    assertThat(health.healthy()).isFalse();
    assertThat(health.problem()).get(InstanceOfAssertFactories.STRING).contains("no-such-bucket");
  }

  @Test
  void noAuthWithoutAnEndpointIsRejected() {
    assertThatThrownBy(
            () ->
                new GcsStorageProvider()
                    .open(URI.create("gs://bkt"), Map.of("gcs.no-auth", "true")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith(
            "Cannot use option gcs.no-auth: it is only allowed with gcs.endpoint");
  }

  @Test
  void theProviderWorksWithoutTheGcsClientOnTheClassPath() throws Exception {
    List<URL> urls = new ArrayList<>();
    for (String entry : System.getProperty("java.class.path").split(File.pathSeparator)) {
      String path = entry.replace(File.separatorChar, '/');
      if (!path.contains("/com/google/")) {
        urls.add(Path.of(entry).toUri().toURL());
      }
    }
    try (URLClassLoader withoutGoogle =
        new URLClassLoader(urls.toArray(new URL[0]), ClassLoader.getPlatformClassLoader())) {
      assertThatThrownBy(() -> withoutGoogle.loadClass("com.google.cloud.storage.Storage"))
          .isInstanceOf(ClassNotFoundException.class);
      Class<?> type = withoutGoogle.loadClass(GcsStorageProvider.class.getName());
      Object provider = type.getConstructor().newInstance();
      Method scheme = type.getMethod("scheme");
      Method optionKeys = type.getMethod("optionKeys");

      assertThat(scheme.invoke(provider)).isEqualTo("gs");
      assertThat(optionKeys.invoke(provider).toString()).contains("gcs.endpoint");
    }
  }
}
