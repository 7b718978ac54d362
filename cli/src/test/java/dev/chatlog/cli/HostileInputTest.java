package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.fs.FsBlobStore;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hostile input, each case through {@link Main#run} as a user would meet it: the documented exit
 * code, one line on stderr, and nothing written where the command fails.
 */
class HostileInputTest {
  @TempDir Path temp;

  private CliRunner cli;
  private Map<String, String> before;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
    cli.save("already there", "-p", "demo");
    before = CliRunner.snapshot(cli.store());
  }

  private void assertRejected(CliRunner.Result result, int exitCode, String message) {
    assertThat(result.exitCode()).as(result.err()).isEqualTo(exitCode);
    assertThat(result.err()).startsWith("chatlog: ").contains(message).hasLineCount(1);
    assertThat(result.out()).isEmpty();
    assertThat(CliRunner.snapshot(cli.store())).isEqualTo(before);
  }

  // ---- the input itself

  @Test
  void invalidUtf8() {
    byte[] input = {'a', (byte) 0xFF, (byte) 0xFE, 'b'};

    assertRejected(cli.runWithInput(input, "save"), 2, "the input is not valid UTF-8");
  }

  @Test
  void nulBytes() {
    byte[] input = {'a', 'b', 0, 'c'};

    assertRejected(cli.runWithInput(input, "save"), 2, "the input contains a NUL character");
  }

  @Test
  void fiftyMegabytesAreSplitNeverTruncatedInAHeapSmallerThanTheInput() throws Exception {
    int maxChars = 1_000_000;
    Path input = temp.resolve("big.txt");
    MessageDigest inputDigest = MessageDigest.getInstance("SHA-256");
    long size = 0;
    try (OutputStream out = Files.newOutputStream(input)) {
      StringBuilder line = new StringBuilder();
      for (int i = 0; size < 50_000_000L; i++) {
        line.setLength(0);
        line.append("line ").append(i).append(" of a very long transcript: ");
        line.append("abcdefghijklmnopqrstuvwxyz0123456789".repeat(2)).append('\n');
        byte[] bytes = line.toString().getBytes(UTF_8);
        out.write(bytes);
        inputDigest.update(bytes);
        size += bytes.length;
      }
    }

    CliRunner.Result child =
        cli.runInChild(
            "64m",
            input,
            Map.of("CHM_CHUNK_MAX_CHARS", Integer.toString(maxChars)),
            "save",
            "-p",
            "big");

    assertThat(child.exitCode()).as(child.err()).isZero();
    List<String> ids = child.out().lines().filter(l -> !l.isBlank()).toList();
    long expected = (size + maxChars - 1) / maxChars;
    assertThat((long) ids.size()).isBetween(expected, expected + expected / 10 + 1);
    assertThat(ids).isSorted();

    try (BlobChunkStore store = BlobChunkStore.open(new FsBlobStore(cli.store()), Map.of())) {
      List<ChunkMeta> metas =
          new ArrayList<>(store.list(ChunkFilter.all().withProject("big"), 10_000));
      metas.sort(Comparator.comparingInt(ChunkMeta::seq));
      assertThat(metas).extracting(m -> m.id().toString()).containsExactlyElementsOf(ids);
      MessageDigest joined = MessageDigest.getInstance("SHA-256");
      for (ChunkMeta meta : metas) {
        String body = store.read(meta.id()).orElseThrow().body();
        assertThat(body.length()).isLessThanOrEqualTo(maxChars);
        joined.update(body.getBytes(UTF_8));
      }
      assertThat(HexFormat.of().formatHex(joined.digest()))
          .isEqualTo(HexFormat.of().formatHex(inputDigest.digest()));
    }
  }

  // ---- names

  @Test
  void tenThousandCharacterProjectName() {
    assertRejected(
        cli.runWithInput("text", "save", "-p", "p".repeat(10_000)),
        2,
        "Cannot save: the project name is 10000 characters long; at most 200 are allowed");
  }

  @Test
  void controlCharactersInNames() {
    assertRejected(
        cli.runWithInput("text", "save", "-p", "bad\u0007name"), 2, "has a control character");
    assertRejected(
        cli.runWithInput("text", "save", "-t", "two\nlines"), 2, "has a control character");
    assertRejected(
        cli.runWithInput("text", "save", "--session", "esc\u001b[31m"),
        2,
        "has a control character");
  }

  @Test
  void pathLikeNamesNeverBecomePaths() throws IOException {
    String traversal = "../../etc/passwd";
    String id =
        cli.save("text with a hostile name", "-p", traversal, "-t", "..", "--session", "/tmp/x");

    assertThat(cli.run("list", "--format", "jsonl").out())
        .contains(id)
        .contains("../../etc/passwd");
    try (Stream<Path> all = Files.walk(temp)) {
      for (Path path : all.toList()) {
        String name = path.getFileName().toString();
        assertThat(name).isNotIn("passwd", "etc", "x", "..");
        assertThat(path.normalize()).startsWith(temp);
      }
    }
  }

  // ---- flags, environment and URIs

  @Test
  void unknownFlags() {
    assertRejected(cli.runWithInput("text", "save", "--no-such-flag"), 2, "--no-such-flag");
    assertRejected(cli.run("--bogus", "list"), 2, "--bogus");
  }

  @Test
  void malformedEnvironmentValues() {
    cli.env("CHM_CHUNK_MAX_CHARS", "lots");
    assertRejected(cli.runWithInput("text", "save"), 2, "CHM_CHUNK_MAX_CHARS");

    cli.env("CHM_CHUNK_MAX_CHARS", null).env("CHM_READ_ONLY", "perhaps");
    assertRejected(cli.runWithInput("text", "save"), 2, "CHM_READ_ONLY");

    cli.env("CHM_READ_ONLY", null).env("CHM_RETENTION_MAX_CHUNKS", "-5");
    assertRejected(cli.runWithInput("text", "save"), 2, "CHM_RETENTION_MAX_CHUNKS");
  }

  @Test
  void invalidStoreUris() {
    cli.env("CHM_STORE", "s3://Not_A_Bucket/prefix");
    assertRejected(cli.runWithInput("text", "save"), 2, "invalid bucket name");

    cli.env("CHM_STORE", "gs://");
    assertRejected(cli.runWithInput("text", "save"), 2, "Cannot ");

    cli.env("CHM_STORE", "::not a uri::");
    assertRejected(cli.runWithInput("text", "save"), 2, "CHM_STORE");

    cli.env("CHM_STORE", "s3://bucket-name/p?s3.no-such-option=1");
    assertRejected(cli.runWithInput("text", "save"), 2, "no-such-option");
  }

  // ---- damaged stores

  @Test
  void corruptChunkIsSkippedAndNamed() throws Exception {
    String bad = cli.save("will be damaged", "-p", "demo");
    Path file = CliRunner.only(cli.store().resolve("chunks"), bad + ".md");
    Files.writeString(file, "---\nid: [unclosed\n");

    Captured run = inChild("retrieve", "-p", "demo", "--limit", "10");

    assertThat(run.result().exitCode()).as(run.all()).isZero();
    assertThat(run.result().out()).contains("already there").doesNotContain("will be damaged");
    assertThat(run.all()).contains(bad);
  }

  @Test
  void corruptSegmentIsSkippedAndNamed() throws Exception {
    assertThat(cli.run("compact").exitCode()).isZero();
    String fresh = cli.save("after the compaction", "-p", "demo");
    Path segment = CliRunner.only(cli.store().resolve("index").resolve("segments"), ".jsonl");
    Files.write(segment, new byte[] {'{', (byte) 0xC3, 0, '\n'});

    Captured run = inChild("list", "--format", "jsonl");

    assertThat(run.result().exitCode()).as(run.all()).isZero();
    assertThat(run.result().out()).contains(fresh);
    assertThat(run.all()).contains(segment.getFileName().toString());
  }

  @Test
  void corruptManifestIsSkippedAndNamed() throws Exception {
    assertThat(cli.run("compact").exitCode()).isZero();
    String fresh = cli.save("after the compaction", "-p", "demo");
    Path manifest = cli.store().resolve("index").resolve("manifest.json");
    assertThat(manifest).exists();
    Files.writeString(manifest, "{\"segments\": [tru");

    Captured run = inChild("list", "--format", "jsonl");

    assertThat(run.result().exitCode()).as(run.all()).isZero();
    assertThat(run.result().out()).contains(fresh);
    assertThat(run.all()).contains("manifest.json");
  }

  @Test
  void storeFolderWithoutPermission() throws IOException {
    // Tests may run as root, who may write anywhere: a path through a regular file cannot be a
    // folder for anyone.
    Path blocker = Files.writeString(temp.resolve("blocker"), "a regular file");
    cli.env("CHM_STORE", blocker.resolve("store").toUri().toString());

    CliRunner.Result result = cli.runWithInput("text", "save");

    assertThat(result.exitCode()).as(result.err()).isEqualTo(1);
    assertThat(result.err()).startsWith("chatlog: Cannot ").contains(blocker.toString());
    assertThat(result.err()).hasLineCount(1);
    assertThat(result.out()).isEmpty();
    assertThat(Files.readString(blocker)).isEqualTo("a regular file");
  }

  @Test
  void clockGoingBackwardsBetweenSaves() {
    MutableClock clock = new MutableClock(Instant.parse("2025-06-01T12:00:00Z"));
    List<ChunkId> ids = new ArrayList<>();
    try (BlobChunkStore store =
        BlobChunkStore.open(new FsBlobStore(temp.resolve("clock")), Map.of(), clock)) {
      for (int i = 0; i < 6; i++) {
        ids.add(store.append(List.of(draft("save " + i))).get(0).meta().id());
        // Backwards by an hour every other save, forwards by a millisecond otherwise.
        clock.now = i % 2 == 0 ? clock.now.minusSeconds(3600) : clock.now.plusMillis(1);
      }
      assertThat(ids).isSorted().doesNotHaveDuplicates();
      List<ChunkMeta> newestFirst = store.list(ChunkFilter.all(), 100);
      assertThat(newestFirst).extracting(m -> m.id()).containsExactlyElementsOf(reversed(ids));
      assertThat(newestFirst)
          .extracting(ChunkMeta::created)
          .isSortedAccordingTo(Comparator.reverseOrder());
    }
  }

  // ---- helpers

  private static <T> List<T> reversed(List<T> list) {
    List<T> copy = new ArrayList<>(list);
    java.util.Collections.reverse(copy);
    return copy;
  }

  private static ChunkDraft draft(String body) {
    return new ChunkDraft(
        "clock", "t", "s", null, List.of(Actor.USER), "test", List.of(), "", Map.of(), body);
  }

  /** A clock a test sets by hand. */
  private static final class MutableClock extends Clock {
    private Instant now;

    MutableClock(Instant now) {
      this.now = now;
    }

    @Override
    public ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }

  /** A run of the command and what else it logged. */
  private record Captured(CliRunner.Result result, String logs) {
    String all() {
      return result.err() + logs;
    }
  }

  /** Runs in a child JVM, so that what the engine logs reaches stderr as a user sees it. */
  private Captured inChild(String... args) throws Exception {
    return new Captured(cli.runInChild(Map.of(), args), "");
  }
}
