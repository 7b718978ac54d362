package dev.chatlog.capture.format.chatgpt;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An export several times larger than the heap imports: conversations are read one at a time. Runs
 * the import in a JVM of its own with a 32 MB heap on a 100 MB export.
 */
class ChatGptStreamingTest {
  @TempDir Path dir;

  @Test
  void anExportLargerThanTheHeapImportsInBoundedMemory() throws Exception {
    Path export = dir.resolve("conversations.json");
    SyntheticExport.Written written = SyntheticExport.write(export, 100L << 20, 30, 1);
    assertThat(written.bytes()).isGreaterThan(100L << 20);

    Process process =
        new ProcessBuilder(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx32m",
                "-XX:+UseSerialGC",
                "-cp",
                System.getProperty("java.class.path"),
                CountConversations.class.getName(),
                export.toString(),
                "chatgpt")
            .redirectErrorStream(true)
            .start();
    assertThat(process.waitFor(5, TimeUnit.MINUTES)).isTrue();
    String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(process.exitValue()).as(output).isZero();
    assertThat(output.strip()).isEqualTo(written.conversations() + " " + written.visibleMessages());
  }
}
