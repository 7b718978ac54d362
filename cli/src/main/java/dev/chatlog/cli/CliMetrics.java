package dev.chatlog.cli;

import dev.chatlog.config.Settings;
import dev.chatlog.metrics.PrometheusMetrics;
import dev.chatlog.observe.ChatLogObserver;
import io.micrometer.core.instrument.Gauge;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The metrics of one run of a one-shot command, when {@code CHM_METRICS_PUSHGATEWAY} or {@code
 * CHM_METRICS_FILE} is set: recorded while the command runs, then pushed to the Pushgateway (group
 * {@code job="chatlog", command="<command>"}) and written to the file. Neither failing changes the
 * command's exit code: each is one warning. Loaded only when one is set, so that other runs do not
 * load Micrometer.
 */
final class CliMetrics {
  /** The Pushgateway's {@code job} label. */
  static final String JOB = "chatlog";

  private final PrometheusMetrics metrics = new PrometheusMetrics();
  private final Optional<URI> gateway;
  private final Optional<Path> file;
  private final Duration timeout;
  private final AtomicInteger exitCode = new AtomicInteger(-1);

  private CliMetrics(Optional<URI> gateway, Optional<Path> file, Duration timeout) {
    this.gateway = gateway;
    this.file = file;
    this.timeout = timeout;
    Gauge.builder("chatlog.run.exit.code", exitCode, AtomicInteger::get)
        .description("The exit code of the command's last run")
        .register(metrics.registry());
  }

  /**
   * The metrics of a run with these settings, or empty when neither way out is set.
   *
   * @throws dev.chatlog.error.InvalidInputException for a bad URI, path or timeout
   */
  static Optional<CliMetrics> of(Settings settings) {
    Optional<URI> gateway = settings.metricsPushgateway();
    Optional<Path> file = settings.metricsFile();
    Duration timeout = settings.metricsTimeout();
    if (gateway.isEmpty() && file.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new CliMetrics(gateway, file, timeout));
  }

  /** What records this run's work. */
  ChatLogObserver observer() {
    return metrics.observer();
  }

  /** The Prometheus text of what was recorded so far. */
  String scrape() {
    return metrics.scrape();
  }

  /** Pushes and writes the run's metrics; a failure is a warning on {@code context}. */
  void publish(CliContext context, String command, int code) {
    exitCode.set(code);
    if (gateway.isPresent()) {
      try {
        metrics.push(gateway.get(), JOB, Map.of("command", command), timeout);
      } catch (IOException e) {
        context.warn("Cannot push metrics: " + ErrorHandler.message(e));
      }
    }
    if (file.isPresent()) {
      try {
        metrics.writeTextfile(file.get());
      } catch (IOException | RuntimeException e) {
        context.warn("Cannot write metrics to " + file.get() + ": " + ErrorHandler.message(e));
      }
    }
  }
}
