package dev.chatlog.gcs;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.error.StorageException;
import dev.chatlog.gcs.FakeGcsServer.Disruption;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkId;
import dev.chatlog.spi.PutCondition;
import dev.chatlog.testing.FaultySaves;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Saves through the shared engine over {@link GcsBlobStore} while {@link FakeGcsServer} throttles,
 * fails, loses answers, holds requests past the timeout or drops connections for a share of the
 * requests: each save either returns its ids or fails with one line, every id returned is readable,
 * nothing is half-written, and retries stop at {@code gcs.max-attempts}.
 */
@Timeout(120)
class GcsFaultInjectionTest {
  private static final String TIMEOUT = "600ms";
  private static final Duration HOLD = Duration.ofMillis(1_000);

  private FakeGcsServer server;

  @BeforeEach
  void start() {
    server = FakeGcsServer.start(FakeGcs.BUCKET);
  }

  @AfterEach
  void stop() {
    server.heal();
    assertThat(server.unexpected()).isEmpty();
    server.close();
  }

  private GcsBlobStore blobs(String maxAttempts) {
    Map<String, String> options = new HashMap<>(FakeGcs.options(server));
    options.put(GcsOptions.MAX_ATTEMPTS, maxAttempts);
    options.put(GcsOptions.TIMEOUT, TIMEOUT);
    return FakeGcs.newBlobStore(server, options);
  }

  /** A second store on the same prefix as {@code blobs}, with the default options. */
  private GcsBlobStore sameStore(GcsBlobStore blobs) {
    return GcsClients.store(
        GcsOptions.parse(java.net.URI.create(blobs.location()), FakeGcs.options(server)),
        () -> {
          throw new IllegalStateException("no credentials in tests");
        });
  }

  private static ChunkDraft draft(String body) {
    return new ChunkDraft(
        "faults",
        "gcs",
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
    Map<ChunkId, String> saved;
    GcsBlobStore faulty = blobs("3");
    String location = faulty.location();
    server.injectFaults(0.3, 20240611L, HOLD, Disruption.values());
    try (BlobChunkStore store = BlobChunkStore.open(faulty, Map.of())) {
      saved = FaultySaves.saveUnderFaults(store, GcsFaultInjectionTest::draft, location);
    }
    server.heal();

    // The plan injected every kind of fault, and some saves still went through.
    for (Disruption disruption : Disruption.values()) {
      assertThat(server.injected(disruption)).as(disruption.name()).isPositive();
    }
    assertThat(saved).isNotEmpty();

    try (GcsBlobStore blobs = sameStore(faulty);
        BlobChunkStore store = BlobChunkStore.open(sameStore(faulty), Map.of())) {
      FaultySaves.assertNothingHalfWritten(blobs, store, saved);
    }
  }

  @ParameterizedTest
  @EnumSource(Disruption.class)
  void withEveryRequestFailingASaveStopsAfterMaxAttempts(Disruption disruption) {
    GcsBlobStore blobs = blobs("3");
    String location = blobs.location();
    server.injectFaults(1.0, 1L, HOLD, disruption);
    try (BlobChunkStore store = BlobChunkStore.open(blobs, Map.of())) {
      assertThatThrownBy(() -> store.append(List.of(draft("never saved"))))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("Cannot ")
          .hasMessageContaining(location)
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
    }
    server.heal();
    // The first call of the save is tried three times, and the save stops there.
    List<String> requests = server.requests();
    assertThat(requests).hasSize(3).allSatisfy(r -> assertThat(r).isEqualTo(requests.get(0)));
  }

  @Test
  void aPutIsTriedExactlyMaxAttemptsTimes() {
    server.injectFaults(1.0, 7L, HOLD, Disruption.values());
    try (GcsBlobStore blobs = blobs("4")) {
      assertThatThrownBy(() -> blobs.put("k", "data".getBytes(UTF_8), PutCondition.createOnly()))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("Cannot write " + blobs.location() + "/k: ");
    }
    server.heal();
    assertThat(server.requests()).hasSize(4).allSatisfy(r -> assertThat(r).startsWith("POST "));
  }

  @ParameterizedTest
  @EnumSource(Disruption.class)
  void oneMaxAttemptIsExactlyOneTry(Disruption disruption) {
    server.injectFaults(1.0, 7L, HOLD, disruption);
    try (GcsBlobStore blobs = blobs("1")) {
      assertThatThrownBy(() -> blobs.put("k", "data".getBytes(UTF_8), PutCondition.createOnly()))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("Cannot write " + blobs.location() + "/k: ")
          .satisfies(e -> assertThat(e.getMessage()).doesNotContain("\n"));
      assertThatThrownBy(() -> blobs.get("k"))
          .isInstanceOf(StorageException.class)
          .hasMessageStartingWith("Cannot read " + blobs.location() + "/k: ");
    }
    server.heal();
    assertThat(server.requests()).hasSize(2);
  }

  @ParameterizedTest
  @EnumSource(
      value = Disruption.class,
      names = {"LOST_ANSWER", "HELD", "DROPPED"})
  void aCreateWhoseAnswerIsLostLateOrCutOffIsNotAFailure(Disruption disruption) {
    // The fake applies the write, the client does not learn it, and the retry meets its own
    // object.
    try (GcsBlobStore blobs = blobs("3")) {
      server.injectFaultsNext(1, HOLD, disruption);
      String version = blobs.put("k", "mine".getBytes(UTF_8), PutCondition.createOnly());
      server.heal();
      assertThat(server.injected(disruption)).isEqualTo(1);
      assertThat(blobs.get("k").orElseThrow())
          .satisfies(b -> assertThat(b.data()).isEqualTo("mine".getBytes(UTF_8)))
          .satisfies(b -> assertThat(b.version()).isEqualTo(version));
    }
    assertThat(server.requests()).filteredOn(r -> r.startsWith("POST ")).hasSize(2);
  }
}
