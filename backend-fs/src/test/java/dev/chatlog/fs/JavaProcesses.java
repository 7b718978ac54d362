package dev.chatlog.fs;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** Starts test mains in separate JVMs on this test's class path and waits for them, bounded. */
final class JavaProcesses {
  private JavaProcesses() {}

  /** A started JVM and the file that collects its output. */
  record Started(Process process, Path log) {}

  /** Starts {@code main} in a new JVM, its output going to a temporary log file. */
  static Started start(Class<?> main, String... args) throws IOException {
    List<String> command = new ArrayList<>();
    command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    command.add("-Xmx128m");
    command.add("-XX:TieredStopAtLevel=1");
    command.add("-cp");
    command.add(System.getProperty("java.class.path"));
    command.add(main.getName());
    command.addAll(List.of(args));
    Path log = Files.createTempFile("chatlog-process-", ".log");
    Process process =
        new ProcessBuilder(command)
            .redirectErrorStream(true)
            .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
            .start();
    return new Started(process, log);
  }

  /**
   * Waits for every process to end successfully within {@code timeout}; kills them all and fails
   * otherwise, showing the output of the one that failed.
   */
  static void awaitAll(List<Started> processes, Duration timeout) throws Exception {
    long deadline = System.nanoTime() + timeout.toNanos();
    try {
      for (Started started : processes) {
        long left = Math.max(0, deadline - System.nanoTime());
        boolean ended = started.process().waitFor(left, TimeUnit.NANOSECONDS);
        String output = Files.readString(started.log());
        assertThat(ended).as("process ended within %s; output:%n%s", timeout, output).isTrue();
        assertThat(started.process().exitValue()).as("exit code; output:%n%s", output).isZero();
      }
    } finally {
      for (Started started : processes) {
        started.process().destroyForcibly();
        Files.deleteIfExists(started.log());
      }
    }
  }
}
