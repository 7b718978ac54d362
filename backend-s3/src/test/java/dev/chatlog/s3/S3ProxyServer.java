package dev.chatlog.s3;

import dev.chatlog.engine.BlobChunkStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Consumer;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-process S3Proxy on 127.0.0.1 with an ephemeral port, its in-memory ({@code transient})
 * store and one bucket, for the tests of this module and of the command line.
 *
 * <p>It either checks every request's signature against {@link #SECRET_KEY} ({@link #start}), or
 * checks none ({@code AuthenticationType.NONE}) so that a {@link SerializingRelay} may stand
 * between client and server on another port: a SigV4 signature covers the {@code Host} header the
 * relay changes. {@link #startSerialized} puts such a relay in front; {@link #shared()} is a bare
 * one for the tests here, which place their own relays.
 */
public final class S3ProxyServer implements AutoCloseable {
  /** The bucket of the {@link #shared()} server. */
  static final String BUCKET = "chatlog-test";

  /** The access key the server accepts. */
  public static final String ACCESS_KEY = "test-access";

  /** The secret key the server accepts; no output may ever show it. */
  public static final String SECRET_KEY = "test-secret-5f0c7e2b9a";

  private static final String ACCESS_PROPERTY = "aws.accessKeyId";
  private static final String SECRET_PROPERTY = "aws.secretAccessKey";

  private static S3ProxyServer shared;

  private final S3Proxy proxy;
  private final URI endpoint;
  private final SerializingRelay relay;
  private final Runnable restoreProperties;

  private S3ProxyServer(
      String bucket, boolean checkSignatures, boolean serialized, boolean setProperties)
      throws Exception {
    proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(
                checkSignatures ? AuthenticationType.AWS_V2_OR_V4 : AuthenticationType.NONE,
                ACCESS_KEY,
                SECRET_KEY)
            .build();
    proxy.start();
    for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(25);
    }
    endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    try (S3Client client = client(options(bucket, endpoint, Map.of()))) {
      client.createBucket(b -> b.bucket(bucket));
    }
    relay = serialized ? SerializingRelay.to(endpoint) : null;
    restoreProperties = setProperties ? setCredentialProperties() : () -> {};
  }

  /**
   * Starts a server that checks every request's signature. While it runs, the {@code
   * aws.accessKeyId} and {@code aws.secretAccessKey} system properties hold its credentials, so
   * that stores opened in the test's JVM find them in the AWS SDK's default chain; {@link #close()}
   * restores them.
   */
  public static S3ProxyServer start(String bucket) throws Exception {
    return new S3ProxyServer(bucket, true, false, true);
  }

  /**
   * Starts a server that handles one request at a time, behind a {@link SerializingRelay} (see
   * there why), with the system properties set as by {@link #start}. Behind the relay the server
   * does not check signatures; clients still need credentials to sign at all.
   */
  public static S3ProxyServer startSerialized(String bucket) throws Exception {
    return new S3ProxyServer(bucket, false, true, true);
  }

  /** The shared bare server of this module's tests, started on first use, stopped at JVM exit. */
  static synchronized S3ProxyServer shared() {
    if (shared == null) {
      try {
        shared = new S3ProxyServer(BUCKET, false, false, false);
      } catch (Exception e) {
        throw new IllegalStateException("Cannot start S3Proxy: " + e, e);
      }
      S3ProxyServer server = shared;
      Runtime.getRuntime().addShutdownHook(new Thread(server::stop));
    }
    return shared;
  }

  /**
   * The bytes of every object of a bucket, by key: what a store left there, as the server holds it.
   */
  public Map<String, byte[]> objects(String bucket) {
    Map<String, byte[]> all = new TreeMap<>();
    try (S3Client client = client(options(bucket, endpoint, Map.of()))) {
      client
          .listObjectsV2Paginator(list -> list.bucket(bucket))
          .contents()
          .forEach(
              object ->
                  all.put(
                      object.key(),
                      client
                          .getObjectAsBytes(get -> get.bucket(bucket).key(object.key()))
                          .asByteArray()));
    }
    return all;
  }

  /** The endpoint clients use: the relay's when the server is serialized, else the server's. */
  public URI endpoint() {
    return relay == null ? endpoint : relay.endpoint();
  }

  /** The credentials as the AWS SDK reads them from a process's environment. */
  public static Map<String, String> credentialsEnvironment() {
    return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
  }

  /** Stops the server and restores the credential system properties {@link #start} set. */
  @Override
  public void close() {
    restoreProperties.run();
    stop();
  }

  private void stop() {
    if (relay != null) {
      relay.close();
    }
    try {
      proxy.stop();
    } catch (Exception e) {
      throw new IllegalStateException("Cannot stop S3Proxy: " + e, e);
    }
  }

  /**
   * Sets the {@code aws.accessKeyId} and {@code aws.secretAccessKey} system properties to {@link
   * #ACCESS_KEY} and {@link #SECRET_KEY}; the returned action gives them back their values.
   */
  static Runnable setCredentialProperties() {
    String previousAccess = System.getProperty(ACCESS_PROPERTY);
    String previousSecret = System.getProperty(SECRET_PROPERTY);
    System.setProperty(ACCESS_PROPERTY, ACCESS_KEY);
    System.setProperty(SECRET_PROPERTY, SECRET_KEY);
    return () -> {
      restore(ACCESS_PROPERTY, previousAccess);
      restore(SECRET_PROPERTY, previousSecret);
    };
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }

  /** A client configured as chatlog configures it, with test credentials. */
  static S3Client client(S3Options options) {
    return S3Clients.builder(options)
        .credentialsProvider(
            StaticCredentialsProvider.create(AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
        .build();
  }

  /** Options of a store on a fresh random prefix of the shared bucket behind an endpoint. */
  static S3Options options(URI endpoint, Map<String, String> extra) {
    return options(BUCKET, endpoint, extra);
  }

  private static S3Options options(String bucket, URI endpoint, Map<String, String> extra) {
    Map<String, String> options = new HashMap<>(extra);
    options.putIfAbsent(S3Options.ENDPOINT, endpoint.toString());
    options.putIfAbsent(S3Options.PATH_STYLE, "true");
    options.putIfAbsent(S3Options.REGION, "us-east-1");
    return S3Options.parse(
        URI.create("s3://" + bucket + "/t-" + UUID.randomUUID()),
        options,
        BlobChunkStore.OPTION_KEYS);
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
