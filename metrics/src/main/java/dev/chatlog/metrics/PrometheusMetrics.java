package dev.chatlog.metrics;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import dev.chatlog.observe.ChatLogObserver;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import java.io.IOException;
import java.io.InputStream;
import java.io.InterruptedIOException;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * chatlog's metrics in a Prometheus registry, and the three ways they leave the process: {@link
 * #scrape} for a {@code /metrics} endpoint ({@link MetricsServer}), {@link #push} to a Pushgateway
 * and {@link #writeTextfile} for node_exporter's textfile collector. All three use the Prometheus
 * text format 0.0.4.
 */
public final class PrometheusMetrics {
  /** The content type of {@link #scrape}. */
  public static final String CONTENT_TYPE = "text/plain; version=0.0.4; charset=utf-8";

  private final PrometheusMeterRegistry registry;
  private final MicrometerObserver observer;

  /** An empty registry. */
  public PrometheusMetrics() {
    registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    observer = new MicrometerObserver(registry);
  }

  /** The registry, for meters of a caller's own. */
  public PrometheusMeterRegistry registry() {
    return registry;
  }

  /** The observer that records chatlog's work here. */
  public ChatLogObserver observer() {
    return observer;
  }

  /** Every meter in the Prometheus text format. */
  public String scrape() {
    return registry.scrape();
  }

  /**
   * Writes {@link #scrape} to {@code file} for node_exporter's textfile collector: into a temporary
   * file beside it, then moved over it, so that the collector never reads half a file. Name the
   * file {@code *.prom} in the collector's folder.
   *
   * @throws IOException when the folder or the file cannot be written
   */
  public void writeTextfile(Path file) throws IOException {
    requireNonNull(file, "file is null");
    Path target = file.toAbsolutePath();
    Path folder = target.getParent();
    Path temp = Files.createTempFile(folder, "." + target.getFileName(), ".tmp");
    try {
      Files.writeString(temp, scrape(), UTF_8);
      try {
        Files.move(
            temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      } catch (AtomicMoveNotSupportedException e) {
        Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
      }
    } finally {
      Files.deleteIfExists(temp);
    }
  }

  /**
   * Pushes every meter to a Pushgateway, replacing what the group held ({@code PUT
   * /metrics/job/<job>/<label>/<value>…}). The whole push, connecting included, takes at most
   * {@code timeout}: a gateway that does not answer in time is given up, never waited for longer.
   *
   * @param gateway the gateway's base URI, such as {@code http://pushgateway:9091}
   * @param job the {@code job} label of the group
   * @param grouping further labels of the group, in order
   * @throws IOException when the gateway cannot be reached, answers with an error or does not
   *     answer within the timeout
   */
  public void push(URI gateway, String job, Map<String, String> grouping, Duration timeout)
      throws IOException {
    requireNonNull(gateway, "gateway is null");
    requireNonNull(job, "job is null");
    requireNonNull(timeout, "timeout is null");
    URI target = groupUri(gateway, job, grouping);
    byte[] body = scrape().getBytes(UTF_8);
    CompletableFuture<Void> push = new CompletableFuture<>();
    Thread sender =
        new Thread(
            () -> {
              try {
                put(target, body, timeout);
                push.complete(null);
              } catch (IOException | RuntimeException e) {
                push.completeExceptionally(e);
              }
            },
            "chatlog-metrics-push");
    sender.setDaemon(true);
    sender.start();
    try {
      push.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      sender.interrupt();
      throw noAnswer(gateway, timeout);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new InterruptedIOException("interrupted while pushing to " + gateway);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      if (cause instanceof SocketTimeoutException) {
        // the connection's own time-out, the same as ours, may fire first
        throw noAnswer(gateway, timeout);
      }
      if (cause instanceof IOException io) {
        throw io;
      }
      throw new IOException(cause.toString(), cause);
    }
  }

  private static IOException noAnswer(URI gateway, Duration timeout) {
    return new IOException(
        "no answer from " + withoutUserInfo(gateway) + " within " + timeout.toMillis() + " ms");
  }

  /** {@code <gateway>/metrics/job/<job>/<label>/<value>…}, each value encoded for a path. */
  static URI groupUri(URI gateway, String job, Map<String, String> grouping) {
    Map<String, String> labels = new LinkedHashMap<>();
    labels.put("job", job);
    labels.putAll(grouping);
    StringBuilder path = new StringBuilder(gateway.toString());
    if (path.charAt(path.length() - 1) == '/') {
      path.setLength(path.length() - 1);
    }
    path.append("/metrics");
    for (Map.Entry<String, String> label : labels.entrySet()) {
      String value = label.getValue();
      path.append('/').append(label.getKey());
      if (value.isEmpty() || value.contains("/")) {
        // the gateway's form for values a path segment cannot hold
        path.append("@base64/")
            .append(Base64.getUrlEncoder().encodeToString(value.getBytes(UTF_8)));
        if (value.isEmpty()) {
          path.append('=');
        }
      } else {
        path.append('/').append(URLEncoder.encode(value, UTF_8).replace("+", "%20"));
      }
    }
    return URI.create(path.toString());
  }

  private static void put(URI target, byte[] body, Duration timeout) throws IOException {
    int millis = (int) Math.max(1, Math.min(Integer.MAX_VALUE, timeout.toMillis()));
    HttpURLConnection connection = (HttpURLConnection) target.toURL().openConnection();
    try {
      connection.setConnectTimeout(millis);
      connection.setReadTimeout(millis);
      connection.setRequestMethod("PUT");
      connection.setDoOutput(true);
      connection.setRequestProperty("Content-Type", CONTENT_TYPE);
      connection.setFixedLengthStreamingMode(body.length);
      try (OutputStream out = connection.getOutputStream()) {
        out.write(body);
      }
      int status = connection.getResponseCode();
      if (status / 100 != 2) {
        InputStream error = connection.getErrorStream();
        String detail = "";
        if (error != null) {
          try (error) {
            detail = new String(error.readNBytes(500), UTF_8).strip();
          }
        }
        throw new IOException(
            "HTTP "
                + status
                + " from "
                + withoutUserInfo(target)
                + (detail.isEmpty() ? "" : ": " + detail));
      }
    } finally {
      connection.disconnect();
    }
  }

  private static String withoutUserInfo(URI uri) {
    String userInfo = uri.getRawUserInfo();
    return userInfo == null ? uri.toString() : uri.toString().replace(userInfo + "@", "****@");
  }
}
