package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code chatlog copy} in real processes killed with SIGKILL at random moments, round after round,
 * within 20% to 80% of the time a whole copy takes (earlier, in more rounds, while none of those
 * landed: the first copy may have run slower), then run to the end: the target holds every chunk
 * exactly once, with the source's ids, metadata and bodies, and checks clean. The seed is printed
 * with a failure ({@code -Dchatlog.copy.seed}).
 */
class CopyKillTest {
  private static final int CHUNKS = 3000;
  private static final int ROUNDS = 4;

  @TempDir Path temp;

  @ParameterizedTest
  @ValueSource(strings = {"file", "sqlite"})
  void aCopyKilledAtRandomAndRunAgainHoldsEveryChunkExactlyOnce(String kind) throws Exception {
    long seed = Long.getLong("chatlog.copy.seed", System.nanoTime());
    Random random = new Random(seed);
    CliRunner source = new CliRunner(temp.resolve("source"));
    Path seedFile = Backups.jsonl(temp.resolve("seed.jsonl"), Backups.chunks(CHUNKS));
    assertThat(source.run("import", seedFile.toString()).exitCode()).isZero();
    String to =
        kind.equals("file")
            ? temp.resolve("target").toUri().toString()
            : "sqlite://" + temp.resolve("target.db").toAbsolutePath();
    CliRunner target = new CliRunner(temp.resolve("unused")).env("CHM_STORE", to);

    // How long a whole copy into a store of this kind runs here, JVM start included: kills land
    // within it.
    String scratch =
        kind.equals("file")
            ? temp.resolve("scratch").toUri().toString()
            : "sqlite://" + temp.resolve("scratch.db").toAbsolutePath();
    long started = System.nanoTime();
    assertThat(copyKilledAfter(source, scratch, 120_000)).as("a copy that is not killed").isFalse();
    int fullMs = (int) ((System.nanoTime() - started) / 1_000_000);
    List<String> rounds = new ArrayList<>();
    for (int round = 1;
        round <= ROUNDS || !rounds.contains("killed") && round <= 3 * ROUNDS;
        round++) {
      // past the planned rounds without a kill (the first copy ran slower than these), earlier
      int killAfterMs =
          round <= ROUNDS
              ? fullMs / 5 + random.nextInt(Math.max(1, fullMs * 3 / 5))
              : fullMs / 20 + random.nextInt(Math.max(1, fullMs / 4));
      rounds.add(copyKilledAfter(source, to, killAfterMs) ? "killed" : "finished");
    }
    assertThat(rounds).as("seed " + seed + ": a kill landed in a copy").contains("killed");
    CliRunner.Result last = source.run("copy", "--to", to);

    System.out.println(
        "copy kill rounds ("
            + kind
            + ", seed "
            + seed
            + ", full copy "
            + fullMs
            + " ms): "
            + rounds);
    String context = "seed " + seed + ", rounds " + rounds + ": " + last.err();
    assertThat(last.exitCode()).as(context).isZero();
    assertThat(last.err()).as(context).contains("0 conflicts");
    CliRunner.Result listed = target.run("list", "--limit", "100000", "--format", "jsonl");
    Set<String> ids = new HashSet<>();
    for (String line : listed.outLines()) {
      assertThat(ids.add(CliRunner.json(line).get("id").asText())).as(context).isTrue();
    }
    assertThat(ids).as(context).hasSize(CHUNKS);
    assertThat(target.run("export").out()).as(context).isEqualTo(source.run("export").out());
    CliRunner.Result verified = target.run("verify");
    assertThat(verified.exitCode()).as(context + verified.out()).isZero();
  }

  /**
   * Runs a copy in a child JVM and kills it with SIGKILL after {@code killAfterMs}.
   *
   * @return whether it was killed before it finished
   */
  private boolean copyKilledAfter(CliRunner source, String to, int killAfterMs) throws Exception {
    List<String> command =
        List.of(
            Path.of(System.getProperty("java.home"), "bin", "java").toString(),
            "-XX:TieredStopAtLevel=1",
            "-XX:+UseSerialGC",
            "-Xmx128m",
            "-cp",
            System.getProperty("java.class.path"),
            Main.class.getName(),
            "copy",
            "--to",
            to);
    Map<String, String> env = new HashMap<>();
    env.put("CHM_STORE", source.store().toUri().toString());
    env.put("HOME", temp.toString());
    ProcessBuilder builder =
        new ProcessBuilder(command)
            .redirectInput(
                ProcessBuilder.Redirect.from(
                    Files.createFile(temp.resolve("in-" + System.nanoTime())).toFile()))
            .redirectOutput(ProcessBuilder.Redirect.DISCARD)
            .redirectError(ProcessBuilder.Redirect.DISCARD);
    builder.environment().clear();
    builder.environment().putAll(env);
    Process process = builder.start();
    if (process.waitFor(killAfterMs, TimeUnit.MILLISECONDS)) {
      return false;
    }
    process.destroyForcibly(); // SIGKILL on Unix
    assertThat(process.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return true;
  }
}
