package dev.chatlog.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.google.auth.oauth2.AccessToken;
import com.google.auth.oauth2.GoogleCredentials;
import dev.chatlog.error.NotFoundException;
import dev.chatlog.error.PreconditionFailedException;
import dev.chatlog.error.StorageException;
import dev.chatlog.spi.Blob;
import dev.chatlog.spi.BlobStore;
import dev.chatlog.spi.PutCondition;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/** How GCS failures reach the caller: typed, one line, retried where retrying is safe. */
class GcsFailuresTest {
  private FakeGcsServer server;
  private GcsBlobStore store;

  @BeforeEach
  void start() {
    server = FakeGcsServer.start(FakeGcs.BUCKET);
    store = FakeGcs.newBlobStore(server);
  }

  @AfterEach
  void stop() {
    store.close();
    assertThat(server.unexpected()).isEmpty();
    server.close();
  }

  private static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  @Test
  void aPutIsOneRequestAndAReadTwo() {
    int before = server.requestCount();
    String version = store.put("k", bytes("data"), PutCondition.createOnly());
    assertThat(server.requestCount() - before).isEqualTo(1);

    before = server.requestCount();
    assertThat(store.get("k").orElseThrow())
        .satisfies(b -> assertThat(b.version()).isEqualTo(version));
    assertThat(server.requestCount() - before).isEqualTo(2);

    before = server.requestCount();
    store.put("k", bytes("next"), PutCondition.ifVersion(version));
    assertThat(server.requestCount() - before).isEqualTo(1);
  }

  @Test
  void emptyObjectsAndRangesPastTheEndNeedOnlyTheMetadata() {
    store.put("empty", new byte[0], PutCondition.createOnly());
    store.put("full", bytes("abc"), PutCondition.createOnly());

    int before = server.requestCount();
    assertThat(store.get("empty").orElseThrow().data()).isEmpty();
    assertThat(store.getRange("full", 3, 10).orElseThrow().data()).isEmpty();
    assertThat(server.requestCount() - before).isEqualTo(2);
  }

  @Test
  void aReadRacingAReplaceGivesTheNewBytesWithTheirOwnVersion() {
    String old = store.put("k", bytes("old bytes"), PutCondition.createOnly());
    server.replaceBeforeNextDownload(FakeGcs.BUCKET, name("k"), bytes("new bytes"));

    Blob read = store.get("k").orElseThrow();

    assertThat(read.data()).isEqualTo(bytes("new bytes"));
    assertThat(read.version()).isNotEqualTo(old).isEqualTo(store.get("k").orElseThrow().version());
  }

  @Test
  void aRangeReadRacingAReplaceGivesTheNewBytesWithTheirOwnVersion() {
    String old = store.put("k", bytes("old bytes"), PutCondition.createOnly());
    server.replaceBeforeNextDownload(FakeGcs.BUCKET, name("k"), bytes("NEW BYTES"));

    Blob read = store.getRange("k", 4, 3).orElseThrow();

    assertThat(read.data()).isEqualTo(bytes("BYT"));
    assertThat(read.version()).isNotEqualTo(old).isEqualTo(store.get("k").orElseThrow().version());
  }

  @Test
  void aReadWhoseObjectIsDeletedMeanwhileIsEmpty() {
    store.put("k", bytes("gone soon"), PutCondition.createOnly());
    server.deleteBeforeNextDownload(FakeGcs.BUCKET, name("k"));

    assertThat(store.get("k")).isEmpty();
  }

  /** The object name of a key in the store's random prefix. */
  private String name(String key) {
    return store.location().substring(("gs://" + FakeGcs.BUCKET + "/").length()) + "/" + key;
  }

  @Test
  void negativeRangesAndPageSizesAreRejected() {
    assertThatThrownBy(() -> store.getRange("k", -1, 1))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith("/k: offset and length must not be negative");
    assertThatThrownBy(() -> store.list("", null, 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageEndingWith(": page size must be at least 1, not 0");
  }

  @Test
  void serviceUnavailableOnceIsRetriedByTheClient() {
    store.put("k", bytes("data"), PutCondition.createOnly());
    server.failNext(503, 1);

    assertThat(store.list("", null, 10).blobs()).hasSize(1);
  }

  @Test
  void throttlingOnAWriteIsRetriedHere() {
    server.failNext(429, 1);
    int before = server.requestCount();

    String version = store.put("k", bytes("data"), PutCondition.createOnly());

    assertThat(server.requestCount() - before).isEqualTo(2);
    assertThat(store.get("k")).map(Blob::version).contains(version);
  }

  @Test
  void aCreateWhoseAnswerWasLostSucceedsOnRetry() {
    server.failNextAfterApplying(503);

    String version = store.put("k", bytes("data"), PutCondition.createOnly());

    Blob blob = store.get("k").orElseThrow();
    assertThat(blob.version()).isEqualTo(version);
    assertThat(blob.data()).isEqualTo(bytes("data"));
  }

  @Test
  void aReplaceWhoseAnswerWasLostSucceedsOnRetry() {
    String first = store.put("manifest.json", bytes("one"), PutCondition.createOnly());
    server.failNextAfterApplying(500);

    String second = store.put("manifest.json", bytes("two"), PutCondition.ifVersion(first));

    assertThat(second).isNotEqualTo(first);
    assertThat(store.get("manifest.json").orElseThrow().version()).isEqualTo(second);
  }

  @Test
  void aRetryThatMeetsAnotherWritersObjectStillFails() {
    store.put("k", bytes("theirs"), PutCondition.createOnly());
    server.failNext(503, 1);

    assertThatThrownBy(() -> store.put("k", bytes("mine"), PutCondition.createOnly()))
        .isInstanceOf(PreconditionFailedException.class)
        .hasMessageEndingWith("/k: the object exists or its version changed (412)");
    assertThat(store.get("k").orElseThrow().data()).isEqualTo(bytes("theirs"));
  }

  @Test
  void persistentUnavailabilityIsRetryableAfterTheAttempts() {
    server.failNext(503, 3);

    assertThatThrownBy(() -> store.put("k", bytes("data"), PutCondition.createOnly()))
        .isInstanceOf(StorageException.class)
        .hasMessageEndingWith("/k: GCS is unavailable or throttling (503); try again later")
        .satisfies(e -> assertThat(((StorageException) e).retryable()).isTrue());
    assertThat(store.get("k")).isEmpty();
  }

  @Test
  void missingCredentialsSayHowToSetThemUp() {
    server.failNext(401, 1);

    assertThatThrownBy(() -> store.list("", null, 1))
        .isInstanceOf(StorageException.class)
        .hasMessageStartingWith("Cannot list gs://chatlog-test/")
        .hasMessageContaining(": missing or invalid Google credentials (401); set up Application")
        .satisfies(e -> assertThat(((StorageException) e).retryable()).isFalse());
  }

  @Test
  void permissionDeniedNamesTheBucket() {
    server.failNext(403, 1);

    assertThatThrownBy(() -> store.get("k"))
        .isInstanceOf(StorageException.class)
        .hasMessageEndingWith(
            "/k: permission denied (403) on bucket 'chatlog-test' for these credentials");
  }

  @Test
  void otherClientErrorsGiveTheFirstLineOfTheServersMessage() {
    server.failNext(400, 1);

    assertThatThrownBy(() -> store.delete("k"))
        .isInstanceOf(StorageException.class)
        .hasMessageEndingWith("/k: GCS answered 400: Injected failure")
        .satisfies(e -> assertThat(((StorageException) e).retryable()).isFalse());
  }

  @Test
  void aMissingBucketIsNamedOnWritesAndLists() {
    Map<String, String> options = FakeGcs.options(server);
    try (BlobStore missing =
        GcsClients.store(
            GcsOptions.parse(URI.create("gs://gone-bucket/p"), options), noCredentials())) {
      assertThatThrownBy(() -> missing.put("k", bytes("x"), PutCondition.createOnly()))
          .isInstanceOf(NotFoundException.class)
          .hasMessage(
              "Cannot write gs://gone-bucket/p/k: bucket 'gone-bucket' does not exist (404)");
      assertThatThrownBy(() -> missing.list("", null, 1))
          .isInstanceOf(NotFoundException.class)
          .hasMessage("Cannot list gs://gone-bucket/p/: bucket 'gone-bucket' does not exist (404)");
    }
  }

  @Test
  void zeroIsNeverAVersionSoItCannotCreate() {
    assertThatThrownBy(() -> store.put("k", bytes("x"), PutCondition.ifVersion("0")))
        .isInstanceOf(PreconditionFailedException.class)
        .hasMessageEndingWith("/k: version '0' is not a version of this store");
    assertThat(store.get("k")).isEmpty();
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void anEndpointThatDoesNotAnswerFailsWithinTheTimeout() throws IOException {
    try (ServerSocket silent = new ServerSocket(0, 50, InetAddress.getLoopbackAddress())) {
      Thread acceptor =
          new Thread(
              () -> {
                try (Socket accepted = silent.accept()) {
                  accepted.getInputStream().transferTo(java.io.OutputStream.nullOutputStream());
                } catch (IOException closed) {
                  // the test is over
                }
              });
      acceptor.setDaemon(true);
      acceptor.start();
      Map<String, String> options = new HashMap<>();
      options.put(GcsOptions.ENDPOINT, "http://127.0.0.1:" + silent.getLocalPort());
      options.put(GcsOptions.NO_AUTH, "true");
      options.put(GcsOptions.MAX_ATTEMPTS, "1");
      options.put(GcsOptions.TIMEOUT, "1s");

      assertThatThrownBy(() -> GcsClients.open(GcsOptions.parse(URI.create("gs://bkt/p"), options)))
          .isInstanceOf(StorageException.class)
          .hasMessage(
              "Cannot open store gs://bkt/p: endpoint http://127.0.0.1:"
                  + silent.getLocalPort()
                  + " did not answer within 1s")
          .satisfies(e -> assertThat(((StorageException) e).retryable()).isTrue());
    }
  }

  @Test
  @Timeout(value = 30, unit = TimeUnit.SECONDS)
  void anEndpointThatRefusesConnectionsFailsTheSameWay() throws IOException {
    int port;
    try (ServerSocket closed = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      port = closed.getLocalPort();
    }
    Map<String, String> options = new HashMap<>();
    options.put(GcsOptions.ENDPOINT, "http://127.0.0.1:" + port);
    options.put(GcsOptions.NO_AUTH, "true");
    options.put(GcsOptions.MAX_ATTEMPTS, "2");
    options.put(GcsOptions.TIMEOUT, "2s");

    assertThatThrownBy(() -> GcsClients.open(GcsOptions.parse(URI.create("gs://bkt"), options)))
        .isInstanceOf(StorageException.class)
        .hasMessage(
            "Cannot open store gs://bkt: endpoint http://127.0.0.1:"
                + port
                + " did not answer within 2s");
  }

  @Test
  void withoutApplicationDefaultCredentialsTheStoreDoesNotOpen() {
    Map<String, String> options = new HashMap<>(FakeGcs.options(server));
    options.remove(GcsOptions.NO_AUTH);

    assertThatThrownBy(
            () ->
                GcsClients.open(
                    GcsOptions.parse(URI.create("gs://chatlog-test/p"), options),
                    () -> {
                      throw new IOException("Your default credentials were not found");
                    }))
        .isInstanceOf(StorageException.class)
        .hasMessage(
            "Cannot open store gs://chatlog-test/p: no Google credentials found; set up"
                + " Application Default Credentials (gcloud auth application-default login,"
                + " GOOGLE_APPLICATION_CREDENTIALS or workload identity)");
  }

  @Test
  void credentialsFromTheSourceAreHandedToTheClient() {
    Map<String, String> options = new HashMap<>(FakeGcs.options(server));
    options.remove(GcsOptions.NO_AUTH);
    GoogleCredentials token = GoogleCredentials.create(new AccessToken("test-token", null));

    try (BlobStore authenticated =
        GcsClients.open(GcsOptions.parse(FakeGcs.freshUri(), options), () -> token)) {
      String version = authenticated.put("k", bytes("x"), PutCondition.createOnly());
      assertThat(authenticated.get("k")).map(Blob::version).contains(version);
    }
  }

  private static GcsClients.CredentialsSource noCredentials() {
    return () -> {
      throw new IOException("not used with no-auth");
    };
  }
}
