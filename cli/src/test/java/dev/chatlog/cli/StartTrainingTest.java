package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class StartTrainingTest {
  @TempDir Path temp;

  @Test
  void everyTrainingCommandRunsToItsEnd() {
    List<Integer> exitCodes =
        StartTraining.run(
            Map.of(
                "CHM_STORE", temp.resolve("store").toUri().toString(),
                "CHM_LOG_LEVEL", "error",
                "XDG_CACHE_HOME", temp.resolve("cache").toString()));

    // a training command that fails (a renamed option, say) would leave its code path out of the
    // launchers' start-up archives
    assertThat(exitCodes).isEqualTo(Collections.nCopies(StartTraining.COMMANDS.size() + 1, 0));
    // three saves, of which the logged one's retention removed the oldest (the line it logs is
    // what puts Logback into the archives)
    CliRunner cli = new CliRunner(temp.resolve("store"));
    List<String> listed = cli.run("list", "--format", "jsonl").out().lines().toList();
    assertThat(listed).hasSize(2);
    assertThat(listed).anyMatch(line -> line.contains("\"topic\":\"logged\""));
    assertThat(listed).anyMatch(line -> line.contains("\"second\""));
  }
}
