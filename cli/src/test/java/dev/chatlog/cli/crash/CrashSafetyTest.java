package dev.chatlog.cli.crash;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.cli.Main;
import dev.chatlog.gcs.FakeGcs;
import dev.chatlog.gcs.FakeGcsServer;
import dev.chatlog.s3.S3ProxyServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URLEncoder;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Kills real {@code chatlog} processes with SIGKILL at random moments, round after round, and
 * checks that no printed id is lost and that {@code verify --repair} always brings the store back
 * to a clean state (see {@link CrashHarness} and docs/reliability.md).
 *
 * <p>The blob stores (file, S3, GCS) run with a low {@code engine.compact-threshold}, given in the
 * store URI's query, so that saves compact the index themselves and are killed while doing so.
 *
 * <p>System properties: {@code chatlog.crash.rounds} (default {@value #DEFAULT_ROUNDS} per local
 * store and {@value #DEFAULT_REMOTE_ROUNDS} per object store) and {@code chatlog.crash.seed}
 * (default: a new seed each run, printed with every failure).
 */
class CrashSafetyTest {
  static final int DEFAULT_ROUNDS = 12;
  static final int DEFAULT_REMOTE_ROUNDS = 10;

  /** Past this many inbox entries a save compacts the index: often, with up to ten per save. */
  private static final String COMPACT_THRESHOLD = "engine.compact-threshold=5";

  private static final String S3_BUCKET = "chatlog-crash";

  @TempDir Path dir;

  @Test
  void fileStoreLosesNoPrintedIdAndRepairsEveryCrash() throws Exception {
    run(StoreKind.FILE, fileStore() + "?" + COMPACT_THRESHOLD, Map.of(), DEFAULT_ROUNDS);
  }

  @Test
  void sqliteStoreLosesNoPrintedIdAndRepairsEveryCrash() throws Exception {
    String store = "sqlite://" + dir.resolve("chatlog.db").toAbsolutePath();
    run(StoreKind.SQLITE, store, Map.of(), DEFAULT_ROUNDS);
  }

  @Test
  void s3StoreLosesNoPrintedIdAndRepairsEveryCrash() throws Exception {
    // Serialized: S3Proxy's conditional writes are not atomic when they race (see the fixture and
    // adr/0006); real S3 decides such races itself. Without it this would find S3Proxy's race.
    try (S3ProxyServer s3 = S3ProxyServer.startSerialized(S3_BUCKET)) {
      String store =
          "s3://"
              + S3_BUCKET
              + "/crash-"
              + UUID.randomUUID()
              + "?endpoint="
              + s3.endpoint()
              + "&path-style=true&region=us-east-1&max-attempts=3&probe-cache="
              + URLEncoder.encode(dir.resolve("probe-cache").toString(), UTF_8)
              + "&"
              + COMPACT_THRESHOLD;
      // Children find the credentials where the AWS SDK looks in a real process: the environment.
      run(StoreKind.S3, store, S3ProxyServer.credentialsEnvironment(), DEFAULT_REMOTE_ROUNDS);
    }
  }

  @Test
  void gcsStoreLosesNoPrintedIdAndRepairsEveryCrash() throws Exception {
    try (FakeGcsServer gcs = FakeGcsServer.start(FakeGcs.BUCKET)) {
      String store =
          "gs://"
              + FakeGcs.BUCKET
              + "/crash-"
              + UUID.randomUUID()
              + "?endpoint="
              + gcs.endpoint()
              + "&no-auth=true&"
              + COMPACT_THRESHOLD;
      run(StoreKind.GCS, store, Map.of(), DEFAULT_REMOTE_ROUNDS);
      assertThat(gcs.unexpected()).as("requests the fake GCS server does not serve").isEmpty();
    }
  }

  /**
   * The threshold in the store URI's query reaches the engine of a file store: saves past it fold
   * the inbox into a segment, which they do not do at the default threshold.
   */
  @Test
  void compactThresholdInTheFileStoreQueryMakesSavesCompact() throws IOException {
    Path low = dir.resolve("low");
    Path high = dir.resolve("high");

    for (int i = 0; i < 7; i++) {
      save(low.toUri() + "?" + COMPACT_THRESHOLD, "low " + i);
      save(high.toUri().toString(), "high " + i);
    }

    assertThat(count(low.resolve("index/segments"))).as("segments at threshold 5").isPositive();
    assertThat(count(low.resolve("index/inbox"))).as("inbox at threshold 5").isLessThan(7);
    assertThat(count(high.resolve("index/segments"))).as("segments by default").isZero();
    assertThat(count(high.resolve("index/inbox"))).as("inbox by default").isEqualTo(7);
  }

  private String fileStore() {
    return dir.resolve("store").toAbsolutePath().toUri().toString();
  }

  private void save(String store, String text) {
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new ByteArrayInputStream(text.getBytes(UTF_8)),
            new PrintStream(new ByteArrayOutputStream(), true, UTF_8),
            new PrintStream(err, true, UTF_8),
            Map.of("CHM_STORE", store, "HOME", dir.toString()),
            "save",
            "--project",
            "p");
    assertThat(code).as("save to %s: %s", store, err.toString(UTF_8)).isZero();
  }

  private static long count(Path folder) throws IOException {
    if (!Files.isDirectory(folder)) {
      return 0;
    }
    try (Stream<Path> files = Files.list(folder)) {
      return files.count();
    }
  }

  private void run(StoreKind kind, String store, Map<String, String> env, int defaultRounds)
      throws Exception {
    int rounds = Integer.getInteger("chatlog.crash.rounds", defaultRounds);
    long seed = Long.getLong("chatlog.crash.seed", System.nanoTime());
    String summary = new CrashHarness(kind, store, env, dir, rounds, seed).run();
    System.out.println(summary);
  }
}
