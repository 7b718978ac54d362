package dev.chatlog.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.NotFoundException;
import dev.chatlog.error.StorageException;
import dev.chatlog.observe.ChatLogObserver;
import dev.chatlog.observe.Operation;
import org.junit.jupiter.api.Test;

class MicrometerObserverTest {
  private final PrometheusMetrics metrics = new PrometheusMetrics();
  private final ChatLogObserver observer = metrics.observer();

  @Test
  void operationsAreCountedAndTimedByOutcome() {
    observer.operation(Operation.SAVE, 2_000_000, null);
    observer.operation(Operation.SAVE, 3_000_000, null);
    observer.operation(Operation.RETRIEVE, 1_000_000, new NotFoundException("Cannot read x"));

    String text = metrics.scrape();

    assertThat(text)
        .contains("chatlog_saves_total{outcome=\"ok\"} 2.0")
        .contains("chatlog_retrievals_total{outcome=\"error\"} 1.0")
        .contains("chatlog_operation_duration_seconds_count{operation=\"save\",outcome=\"ok\"} 2")
        .contains("chatlog_operation_duration_seconds_sum{operation=\"save\",outcome=\"ok\"} 0.005")
        .contains("chatlog_errors_total{kind=\"not_found\",operation=\"retrieve\"} 1.0")
        .contains("# HELP chatlog_saves_total Calls of save, by outcome");
  }

  @Test
  void chunksAndBytesAreCounted() {
    observer.chunksWritten(3, 1200);
    observer.chunksWritten(1, 10);
    observer.chunksRead(2, 500);
    observer.chunksRemoved(Operation.PRUNE, 4);
    observer.chunksRemoved(Operation.RETENTION, 1);

    assertThat(metrics.scrape())
        .contains("chatlog_chunks_written_total 4.0")
        .contains("chatlog_chunks_written_bytes_total 1210.0")
        .contains("chatlog_chunks_read_total 2.0")
        .contains("chatlog_chunks_read_bytes_total 500.0")
        .contains("chatlog_chunks_removed_total{operation=\"prune\"} 4.0")
        .contains("chatlog_chunks_removed_total{operation=\"retention\"} 1.0");
  }

  @Test
  void remoteRequestsAreCountedByStoreOperationAndOutcome() {
    observer.remoteRequest("s3", "read", 4_000_000, "ok");
    observer.remoteRequest("s3", "read", 1_000_000, "not_found");
    observer.remoteRequest("gs", "write", 1_000_000, "precondition_failed");

    assertThat(metrics.scrape())
        .contains(
            "chatlog_remote_requests_total{operation=\"read\",outcome=\"ok\",store=\"s3\"} 1.0")
        .contains(
            "chatlog_remote_requests_total{operation=\"read\",outcome=\"not_found\",store=\"s3\"}"
                + " 1.0")
        .contains(
            "chatlog_remote_requests_total{operation=\"write\",outcome=\"precondition_failed\","
                + "store=\"gs\"} 1.0")
        .contains(
            "chatlog_remote_request_duration_seconds_count{operation=\"read\",store=\"s3\"} 2");
  }

  @Test
  void errorKindsAreSnakeCaseNamesOfChatlogExceptions() {
    assertThat(MicrometerObserver.kind(new StorageException("x", true))).isEqualTo("storage");
    assertThat(MicrometerObserver.kind(new InvalidInputException("x"))).isEqualTo("invalid_input");
    assertThat(MicrometerObserver.kind(new IllegalStateException("x"))).isEqualTo("internal");
  }
}
