package dev.chatlog.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.engine.EngineOptions;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.spi.StorageProviders;
import dev.chatlog.spi.StoreHealth;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link S3StorageProvider#check} as {@code chatlog doctor} calls it through the SPI, and the
 * {@code s3.probe-cache} option. The SDK's default chain reads the credentials from system
 * properties here; S3Proxy checks no signatures.
 */
class S3DoctorCheckTest {
  private static Runnable restoreCredentials;

  @TempDir Path temp;

  @BeforeAll
  static void credentials() {
    restoreCredentials = S3ProxyServer.setCredentialProperties();
  }

  @AfterAll
  static void restore() {
    restoreCredentials.run();
  }

  private Map<String, String> options() {
    return Map.of(
        S3Options.ENDPOINT,
        S3ProxyServer.shared().endpoint().toString(),
        S3Options.PATH_STYLE,
        "true",
        S3Options.REGION,
        "us-east-1",
        S3Options.PROBE_CACHE,
        temp.resolve("cache").toString());
  }

  private static URI store() {
    return URI.create("s3://" + S3ProxyServer.BUCKET + "/d-" + UUID.randomUUID());
  }

  @Test
  void theSpiCheckProbesWritesAndConditionalWrites() {
    StoreHealth health = StorageProviders.discover().check(store(), options(), true);

    assertThat(health.checks())
        .extracting(n -> n.check().status())
        .containsOnly(StoreHealth.Status.OK);
    assertThat(health.location()).startsWith("s3://" + S3ProxyServer.BUCKET + "/d-");
  }

  @Test
  void withoutWriteProbeOnlyTheListingRuns() {
    StoreHealth health = new S3StorageProvider().check(store(), options(), false);

    assertThat(health.reachable()).isEqualTo(StoreHealth.Check.ok());
    assertThat(health.writable()).isEqualTo(StoreHealth.Check.skipped("read-only"));
    assertThat(health.conditionalWrites()).isEqualTo(StoreHealth.Check.skipped("read-only"));
  }

  @Test
  void theProbeCacheOptionChoosesTheCacheFolder() {
    S3Options parsed = S3Options.parse(store(), options(), Set.of());
    EngineOptions engine =
        EngineOptions.parse(Map.of(EngineOptions.CACHE_FOLDER, temp.resolve("other").toString()));
    try (S3BlobStore blobs = S3Stores.open(parsed, engine)) {
      blobs.put("k", new byte[0], PutCondition.createOnly());
    }

    assertThat(temp.resolve("cache")).isDirectory();
    Path answer =
        new ProbeCache(temp.resolve("cache"))
            .fileFor(S3ProxyServer.shared().endpoint().toString(), S3ProxyServer.BUCKET);
    assertThat(Files.isRegularFile(answer)).isTrue();
    assertThat(temp.resolve("other")).doesNotExist();
  }

  @Test
  void aRelativeProbeCacheIsRefused() {
    assertThatThrownBy(
            () ->
                S3Options.parse(
                    URI.create("s3://bucket/p?probe-cache=relative/folder"), Map.of(), Set.of()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot use option s3.probe-cache 'relative/folder': expected an absolute path");
  }
}
