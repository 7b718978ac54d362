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
    CliRunner cli = new CliRunner(temp.resolve("store"));
    assertThat(cli.run("list", "--format", "jsonl").out().lines()).hasSize(2);
  }
}
