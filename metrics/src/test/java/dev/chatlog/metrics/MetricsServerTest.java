package dev.chatlog.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.observe.Operation;
import java.io.UncheckedIOException;
import java.net.HttpURLConnection;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import org.junit.jupiter.api.Test;

class MetricsServerTest {
  private final PrometheusMetrics metrics = new PrometheusMetrics();

  private MetricsServer start() {
    return MetricsServer.start(metrics, new InetSocketAddress(InetAddress.getLoopbackAddress(), 0));
  }

  @Test
  void metricsAreServedOnGetAndHead() throws Exception {
    metrics.observer().operation(Operation.SEARCH, 1_000, null);
    try (MetricsServer server = start()) {
      URI uri = URI.create("http://127.0.0.1:" + server.port() + "/metrics");
      assertThat(PrometheusServers.get(uri)).contains("chatlog_searches_total{outcome=\"ok\"} 1.0");
      HttpURLConnection head = (HttpURLConnection) uri.toURL().openConnection();
      head.setRequestMethod("HEAD");
      assertThat(head.getResponseCode()).isEqualTo(200);
      assertThat(head.getContentType()).isEqualTo(PrometheusMetrics.CONTENT_TYPE);
      head.disconnect();
    }
  }

  @Test
  void otherPathsAre404AndOtherMethods405() throws Exception {
    try (MetricsServer server = start()) {
      HttpURLConnection other =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + server.port() + "/").toURL().openConnection();
      assertThat(other.getResponseCode()).isEqualTo(404);
      other.disconnect();
      HttpURLConnection post =
          (HttpURLConnection)
              URI.create("http://127.0.0.1:" + server.port() + "/metrics").toURL().openConnection();
      post.setRequestMethod("POST");
      post.setDoOutput(true);
      post.getOutputStream().close();
      assertThat(post.getResponseCode()).isEqualTo(405);
      assertThat(post.getHeaderField("Allow")).isEqualTo("GET, HEAD");
      post.disconnect();
    }
  }

  @Test
  void aPortInUseIsAnErrorNamingTheAddress() {
    try (MetricsServer first = start()) {
      InetSocketAddress taken =
          new InetSocketAddress(InetAddress.getLoopbackAddress(), first.port());
      assertThatThrownBy(() -> MetricsServer.start(metrics, taken))
          .isInstanceOf(UncheckedIOException.class)
          .hasMessageStartingWith("Cannot serve metrics on ");
    }
  }
}
