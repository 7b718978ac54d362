package dev.chatlog.s3;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkId;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.testing.FaultySaves;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Saves through the shared engine over {@link S3BlobStore} while a {@link FaultyRelay} throttles,
 * fails, holds past the time-out or drops the connection of a share of the requests: each save
 * either returns its ids or fails with one line, every id returned is readable, nothing is
 * half-written, and retries stop at {@code s3.max-attempts}.
 */
@Timeout(120)
class FaultInjectionTest {
  private static final String TIMEOUT = "400ms";
  private static final Duration HOLD = Duration.ofMillis(700);

  @TempDir Path cache;
  private FaultyRelay relay;

  @BeforeEach
  void startRelay() {
    relay = new FaultyRelay(S3ProxyServer.shared().endpoint(), HOLD, FaultyRelay.Fault.values());
  }

  @AfterEach
  void stopRelay() {
    relay.close();
  }

  private S3Options options(String maxAttempts) {
    S3Options options =
        S3ProxyServer.options(
            relay.endpoint(),
            Map.of(S3Options.MAX_ATTEMPTS, maxAttempts, S3Options.TIMEOUT, TIMEOUT));
    // The probe's answer is known, so only the calls under test reach the relay.
    new ProbeCache(cache).write(options.endpointName(), options.bucket(), true);
    return options;
  }

  private S3BlobStore blobs(S3Options options) {
    return S3ProxyServer.store(options, cache, warning -> {});
  }

  private static ChunkDraft draft(String body) {
    return new ChunkDraft(
        "faults",
        "s3",
        "session-1",
        null,
        List.of(Actor.USER),
        "test",
        List.of(),
        "",
        Map.of(),
        body);
  }

  @Test
  void savesUnderFaultsSucceedOrFailInOneLineAndLeaveNothingHalfWritten() {
    S3Options options = options("3");
    Map<ChunkId, String> saved;
    relay.inject(0.3, 20240611L);
    try (BlobChunkStore store = BlobChunkStore.open(blobs(options), Map.of())) {
      saved = FaultySaves.saveUnderFaults(store, FaultInjectionTest::draft);
    }
    relay.heal();

    // The plan injected every kind of fault, and some saves still went through.
    for (FaultyRelay.Fault fault : FaultyRelay.Fault.values()) {
      assertThat(relay.injected(fault)).as(fault.name()).isPositive();
    }
    assertThat(saved).isNotEmpty();

    try (S3BlobStore blobs = blobs(options);
        BlobChunkStore store = BlobChunkStore.open(blobs(options), Map.of())) {
      FaultySaves.assertNothingHalfWritten(blobs, store, saved);
    }
  }

  @ParameterizedTest
  @EnumSource(FaultyRelay.Fault.class)
  void withEveryRequestFailingASaveStopsAfterMaxAttempts(FaultyRelay.Fault fault) {
    FaultyRelay only = new FaultyRelay(S3ProxyServer.shared().endpoint(), HOLD, fault);
    try (only) {
      S3Options options =
          S3ProxyServer.options(
              only.endpoint(), Map.of(S3Options.MAX_ATTEMPTS, "3", S3Options.TIMEOUT, TIMEOUT));
      new ProbeCache(cache).write(options.endpointName(), options.bucket(), true);
      only.inject(1.0, 1L);
      try (BlobChunkStore store = BlobChunkStore.open(blobs(options), Map.of())) {
        assertThatThrownBy(() -> store.append(List.of(draft("never saved"))))
            .isInstanceOf(StorageException.class)
            .hasMessageStartingWith("Cannot ")
            .hasMessageContaining(options.location())
            .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      }
      // The first call of the save is tried three times, and the save stops there.
      assertThat(only.requests())
          .hasSize(3)
          .allSatisfy(r -> assertThat(r).isEqualTo(only.requests().get(0)));
    }
  }

  @Test
  void aPutIsTriedExactlyMaxAttemptsTimes() {
    relay.inject(1.0, 7L);
    try (S3BlobStore blobs = blobs(options("4"))) {
      assertThatThrownBy(() -> blobs.put("k", "data".getBytes(UTF_8), PutCondition.createOnly()))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("Cannot write s3://")
          .hasMessageContaining("/k: ");
    }
    assertThat(relay.requests()).hasSize(4).allSatisfy(r -> assertThat(r).startsWith("PUT "));
  }

  @ParameterizedTest
  @EnumSource(FaultyRelay.Fault.class)
  void oneMaxAttemptIsExactlyOneTry(FaultyRelay.Fault fault) {
    try (FaultyRelay only = new FaultyRelay(S3ProxyServer.shared().endpoint(), HOLD, fault)) {
      S3Options options =
          S3ProxyServer.options(
              only.endpoint(), Map.of(S3Options.MAX_ATTEMPTS, "1", S3Options.TIMEOUT, TIMEOUT));
      new ProbeCache(cache).write(options.endpointName(), options.bucket(), true);
      only.inject(1.0, 7L);
      try (S3BlobStore blobs = blobs(options)) {
        assertThatThrownBy(() -> blobs.put("k", "data".getBytes(UTF_8), PutCondition.createOnly()))
            .isInstanceOf(StorageException.class)
            .hasMessageStartingWith("Cannot write " + options.location() + "/k: ");
      }
      assertThat(only.requests()).hasSize(1);
    }
  }

  @Test
  void aWriteWhoseAnswerIsLostOrLateIsNotAFailure() {
    // Every fault that lets the request through: the server applies the write, the client does
    // not learn it, and the retry meets its own object.
    for (FaultyRelay.Fault fault :
        Set.of(FaultyRelay.Fault.LOST_ANSWER, FaultyRelay.Fault.TIMEOUT, FaultyRelay.Fault.DROP)) {
      try (FaultyRelay once = new FaultyRelay(S3ProxyServer.shared().endpoint(), HOLD, fault)) {
        S3Options options =
            S3ProxyServer.options(
                once.endpoint(), Map.of(S3Options.MAX_ATTEMPTS, "3", S3Options.TIMEOUT, TIMEOUT));
        new ProbeCache(cache).write(options.endpointName(), options.bucket(), true);
        try (S3BlobStore blobs = blobs(options)) {
          once.injectNext(1);
          String version = blobs.put("k", "mine".getBytes(UTF_8), PutCondition.createOnly());
          assertThat(once.injected(fault)).isEqualTo(1);
          assertThat(blobs.get("k").orElseThrow())
              .satisfies(b -> assertThat(b.data()).isEqualTo("mine".getBytes(UTF_8)))
              .satisfies(b -> assertThat(b.version()).isEqualTo(version));
        }
      }
    }
  }
}
