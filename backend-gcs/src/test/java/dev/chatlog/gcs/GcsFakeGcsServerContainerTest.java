package dev.chatlog.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.chatlog.config.Settings;
import dev.chatlog.contract.BlobStoreContract;
import dev.chatlog.contract.ChunkStoreContract;
import dev.chatlog.engine.EngineOptions;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Nested;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.utility.DockerImageName;

/**
 * Both contract suites against {@code fsouza/fake-gcs-server} in a container, a second emulator
 * written by others. Skips itself where no Docker engine runs; the {@code containers-gcs} workflow
 * runs it.
 */
@Testcontainers(disabledWithoutDocker = true)
class GcsFakeGcsServerContainerTest {
  /** The emulator image, pinned to a tag. */
  static final DockerImageName IMAGE = DockerImageName.parse("fsouza/fake-gcs-server:1.52.2");

  private static final int PORT = 4443;
  private static final String BUCKET = "chatlog-container";

  @Container
  static final GenericContainer<?> GCS =
      new GenericContainer<>(IMAGE)
          .withExposedPorts(PORT)
          .withCommand("-scheme", "http", "-port", Integer.toString(PORT), "-backend", "memory")
          .waitingFor(Wait.forHttp("/storage/v1/b").forPort(PORT).forStatusCode(200));

  @BeforeAll
  static void createBucket() throws IOException, InterruptedException {
    HttpRequest request =
        HttpRequest.newBuilder(URI.create(endpoint() + "/storage/v1/b?project=chatlog"))
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString("{\"name\":\"" + BUCKET + "\"}", UTF_8))
            .build();
    HttpResponse<String> response =
        HttpClient.newHttpClient().send(request, HttpResponse.BodyHandlers.ofString());
    if (response.statusCode() != 200) {
      throw new IllegalStateException(
          "Cannot create bucket " + BUCKET + ": " + response.statusCode() + " " + response.body());
    }
  }

  private static String endpoint() {
    return "http://" + GCS.getHost() + ":" + GCS.getMappedPort(PORT);
  }

  private static Map<String, String> options() {
    Map<String, String> options = new HashMap<>();
    options.put(GcsOptions.ENDPOINT, endpoint());
    options.put(GcsOptions.NO_AUTH, "true");
    options.put(GcsOptions.PROJECT, "chatlog");
    options.put(GcsOptions.TIMEOUT, "20s");
    options.put(EngineOptions.CACHE_FOLDER, Settings.cacheFolder(System.getenv()).toString());
    return options;
  }

  private static URI freshUri() {
    return URI.create("gs://" + BUCKET + "/t-" + UUID.randomUUID());
  }

  @Nested
  class BlobStoreOnFakeGcsServer extends BlobStoreContract {
    @Override
    protected dev.chatlog.spi.BlobStore newStore() {
      return GcsClients.open(GcsOptions.parse(freshUri(), options()));
    }
  }

  @Nested
  class ChunkStoreOnFakeGcsServer extends ChunkStoreContract {
    @Override
    protected Fixture newFixture() {
      URI uri = freshUri();
      return () -> new GcsStorageProvider().open(uri, options());
    }
  }
}
