package dev.chatlog.cli;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.gaul.s3proxy.S3Proxy;
import org.gaul.s3proxy.auth.AuthenticationType;
import org.gaul.s3proxy.nio2blob.TransientNio2BlobStore;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.s3.S3Client;

/**
 * An in-process S3Proxy on 127.0.0.1, in memory, with one bucket, for tests of the command on an
 * {@code s3://} store. While it runs, the {@code aws.accessKeyId} and {@code aws.secretAccessKey}
 * system properties hold its credentials, so that stores opened in the test's JVM find them in the
 * AWS SDK's default chain; {@link #close()} restores them.
 */
public final class S3ProxyFixture implements AutoCloseable {
  /** The access key the server accepts. */
  public static final String ACCESS_KEY = "cli-access";

  /** The secret key the server accepts; no output may ever show it. */
  public static final String SECRET_KEY = "cli-secret-5f0c7e2b9a";

  private static final String ACCESS_PROPERTY = "aws.accessKeyId";
  private static final String SECRET_PROPERTY = "aws.secretAccessKey";

  private final S3Proxy proxy;
  private final URI endpoint;
  private final String previousAccess;
  private final String previousSecret;
  private final Relay relay;

  private S3ProxyFixture(
      S3Proxy proxy, URI endpoint, String previousAccess, String previousSecret, Relay relay) {
    this.proxy = proxy;
    this.endpoint = endpoint;
    this.previousAccess = previousAccess;
    this.previousSecret = previousSecret;
    this.relay = relay;
  }

  /** Starts a server that checks every request's signature against {@link #SECRET_KEY}. */
  public static S3ProxyFixture start(String bucket) throws Exception {
    return start(bucket, false);
  }

  /**
   * Starts a server that handles one request at a time, behind a loopback relay.
   *
   * <p>S3Proxy checks {@code If-None-Match} and {@code If-Match} on a PUT by reading the object's
   * metadata and then writing, two steps that are not atomic together, so two racing conditional
   * writes of one key can both succeed there, where real S3 decides the race on the server. With
   * several processes writing one store, tests must go through this relay, which forwards one
   * request at a time, so that what they find is chatlog's behaviour, not S3Proxy's race. The relay
   * moves the request to another port, which changes the {@code Host} header a signature covers, so
   * behind it the server does not check signatures; clients still need credentials to sign at all.
   */
  public static S3ProxyFixture startSerialized(String bucket) throws Exception {
    return start(bucket, true);
  }

  private static S3ProxyFixture start(String bucket, boolean serialized) throws Exception {
    String previousAccess = System.getProperty(ACCESS_PROPERTY);
    String previousSecret = System.getProperty(SECRET_PROPERTY);
    System.setProperty(ACCESS_PROPERTY, ACCESS_KEY);
    System.setProperty(SECRET_PROPERTY, SECRET_KEY);
    S3Proxy proxy =
        S3Proxy.builder()
            .blobStore(new TransientNio2BlobStore())
            .endpoint(URI.create("http://127.0.0.1:0"))
            .awsAuthentication(
                serialized ? AuthenticationType.NONE : AuthenticationType.AWS_V2_OR_V4,
                ACCESS_KEY,
                SECRET_KEY)
            .build();
    proxy.start();
    for (int i = 0; i < 200 && !"STARTED".equals(proxy.getState()); i++) {
      Thread.sleep(25);
    }
    URI endpoint = URI.create("http://127.0.0.1:" + proxy.getPort());
    try (S3Client client =
        S3Client.builder()
            .endpointOverride(endpoint)
            .region(Region.US_EAST_1)
            .forcePathStyle(true)
            .credentialsProvider(
                StaticCredentialsProvider.create(
                    AwsBasicCredentials.create(ACCESS_KEY, SECRET_KEY)))
            .build()) {
      client.createBucket(b -> b.bucket(bucket));
    }
    Relay relay = serialized ? new Relay(endpoint) : null;
    return new S3ProxyFixture(proxy, endpoint, previousAccess, previousSecret, relay);
  }

  /** The endpoint clients use: the relay's when the server is serialized, else the server's. */
  public URI endpoint() {
    return relay == null ? endpoint : relay.endpoint();
  }

  /** The credentials as the AWS SDK reads them from a process's environment. */
  public static Map<String, String> credentialsEnvironment() {
    return Map.of("AWS_ACCESS_KEY_ID", ACCESS_KEY, "AWS_SECRET_ACCESS_KEY", SECRET_KEY);
  }

  @Override
  public void close() throws Exception {
    restore(ACCESS_PROPERTY, previousAccess);
    restore(SECRET_PROPERTY, previousSecret);
    if (relay != null) {
      relay.close();
    }
    proxy.stop();
  }

  private static void restore(String property, String value) {
    if (value == null) {
      System.clearProperty(property);
    } else {
      System.setProperty(property, value);
    }
  }

  /** A loopback HTTP relay that forwards one request at a time, unchanged, to the server. */
  private static final class Relay implements AutoCloseable {
    private static final Set<String> HOP_HEADERS =
        Set.of(
            "host",
            "connection",
            "content-length",
            "transfer-encoding",
            "expect",
            "upgrade",
            "date",
            "from",
            "via",
            "warning");

    private final HttpServer server;
    private final ExecutorService oneAtATime = Executors.newSingleThreadExecutor();
    private final HttpClient upstream =
        HttpClient.newBuilder()
            .version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5))
            .build();
    private final URI target;

    Relay(URI target) {
      this.target = target;
      // Without TCP_NODELAY every answer waits for a delayed ACK (about 40 ms on Linux).
      System.setProperty("sun.net.httpserver.nodelay", "true");
      try {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      server.createContext("/", this::relay);
      server.setExecutor(oneAtATime);
      server.start();
    }

    URI endpoint() {
      return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    private void relay(HttpExchange exchange) throws IOException {
      try (exchange) {
        String method = exchange.getRequestMethod();
        URI uri = exchange.getRequestURI();
        byte[] body;
        try (InputStream in = exchange.getRequestBody()) {
          body = in.readAllBytes();
        }
        String query = uri.getRawQuery() == null ? "" : "?" + uri.getRawQuery();
        HttpRequest.Builder request =
            HttpRequest.newBuilder(target.resolve(uri.getRawPath() + query))
                .method(method, HttpRequest.BodyPublishers.ofByteArray(body));
        for (Map.Entry<String, List<String>> header : exchange.getRequestHeaders().entrySet()) {
          if (!HOP_HEADERS.contains(header.getKey().toLowerCase(Locale.ROOT))) {
            header.getValue().forEach(value -> request.header(header.getKey(), value));
          }
        }
        HttpResponse<byte[]> response;
        try {
          response = upstream.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          exchange.sendResponseHeaders(502, -1);
          return;
        }
        response
            .headers()
            .map()
            .forEach(
                (name, values) -> {
                  if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))
                      && !name.startsWith(":")) {
                    exchange.getResponseHeaders().put(name, values);
                  }
                });
        byte[] out = response.body();
        int status = response.statusCode();
        boolean noBody = method.equals("HEAD") || status == 204 || status == 304;
        exchange.sendResponseHeaders(status, noBody || out.length == 0 ? -1 : out.length);
        if (!noBody && out.length > 0) {
          try (OutputStream os = exchange.getResponseBody()) {
            os.write(out);
          }
        }
      }
    }

    @Override
    public void close() {
      server.stop(0);
      oneAtATime.shutdownNow();
    }
  }
}
