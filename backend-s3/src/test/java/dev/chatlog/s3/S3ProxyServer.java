package dev.chatlog.s3;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.function.Consumer;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * One S3Proxy per test JVM, in-process on 127.0.0.1 with an ephemeral port and its in-memory
 * ({@code transient}) store, with the bucket {@link #BUCKET}. It checks no signatures ({@code
 * AuthenticationType.NONE}) so that a {@link SerializingRelay} may stand between client and server
 * on another port (a SigV4 signature covers the Host header).
 */
final class S3ProxyServer {
  static final String BUCKET = "chatlog-test";
  static final String ACCESS_KEY = "test-access";
  static final String SECRET_KEY = "test-secret";

  private static S3ProxyServer shared;

  private final S3Proxy proxy;
  private final URI endpoint;

  private S3ProxyServer() throws Exception {
    proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(AuthenticationType.NONE, "", "")
            .build();
    proxy.start();
    for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(25);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    try (S3Client client = client(options(endpoint, Map.of()))) {
      client.createBucket(b -> b.bucket(BUCKET));
    }
  }

  /** The shared server, started on first use and stopped when the JVM exits. */
  static synchronized S3ProxyServer shared() {
    if (shared == null) {
      try {
        shared = new S3ProxyServer();
      } catch (Exception e) {
        throw new IllegalStateException("Cannot start S3Proxy: " + e, e);
      }
      S3ProxyServer server = shared;
      Runtime.getRuntime()
          .addShutdownHook(
              new Thread(
                  () -> {
                    try {
                      server.proxy.stop();
                    } catch (Exception e) {
                      // The JVM is going away.
                    }
                  }));
    }
    return shared;
  }

  /** The server's own endpoint, without a relay. */
  URI endpoint() {
    return endpoint;
  }

  /** A client configured as chatlog configures it, with test credentials. */
  static S3Client client(S3Options options) {
    return S3Clients.builder(options)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** Options of a store on a fresh random prefix behind an endpoint. */
  static S3Options options(URI endpoint, Map<String, String> extra) {
    Map<String, String> options = new java.util.HashMap<>(extra);
    options.putIfAbsent(S3Options.ENDPOINT, endpoint.toString());
    options.putIfAbsent(S3Options.PATH_STYLE, "true");
    options.putIfAbsent(S3Options.REGION, "us-east-1");
    return S3Options.parse(
        URI.create("s3://" + BUCKET + "/t-" + UUID.randomUUID()),
        options,
        dev.chatlog.engine.BlobChunkStore.OPTION_KEYS);
  }

  /** A store on a fresh random prefix behind an endpoint, owning its own client. */
  static S3BlobStore store(URI endpoint, Path probeCache, Consumer<String> warnings) {
    return store(options(endpoint, Map.of()), probeCache, warnings);
  }

  /** A store with the given options, owning its own client. */
  static S3BlobStore store(S3Options options, Path probeCache, Consumer<String> warnings) {
    return new S3BlobStore(
        client(options), options, new ProbeCache(probeCache), warnings, true, Duration.ofMillis(5));
  }

  /** A folder for probe caches that lives as long as the JVM's temp files. */
  static Path tempFolder(String name) {
    try {
      Path folder = Files.createTempDirectory("chatlog-s3-" + name);
      folder.toFile().deleteOnExit();
      return folder;
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
