package dev.chatlog.capture.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.LogBatch;
import dev.chatlog.capture.LogImporter;
import dev.chatlog.capture.LogPosition;
import dev.chatlog.capture.TestImports;
import dev.chatlog.capture.format.claudecode.ClaudeCodeImporter;
import dev.chatlog.capture.format.codex.CodexImporter;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.TreeSet;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * A log read in two parts, as a watcher reads it while it is written, gives every message of the
 * whole read exactly once, whatever byte the writer had reached at the first read.
 */
class LogResumeTest {
  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "claude-code, claude-code/short.jsonl",
    "claude-code, claude-code/tool_heavy.jsonl",
    "codex, codex/rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl"
  })
  void aLogReadInTwoPartsGivesEachMessageOnce(String format, String sample) throws Exception {
    LogImporter importer = format.equals("codex") ? new CodexImporter() : new ClaudeCodeImporter();
    byte[] whole = Files.readAllBytes(TestImports.sample(sample));
    Path file = dir.resolve(Path.of(sample).getFileName().toString());
    Files.write(file, whole);
    List<String> expected =
        ids(importer.readLog(file, LogPosition.START, true, ImportOptions.defaults()));
    assertThat(expected).doesNotHaveDuplicates().isNotEmpty();

    TreeSet<Integer> cuts = new TreeSet<>();
    Random random = new Random(7);
    for (int i = 0; i < whole.length; i++) {
      if (whole[i] == '\n') {
        cuts.add(i);
        cuts.add(i + 1);
        cuts.add(Math.min(whole.length, i + 2 + random.nextInt(40)));
      }
    }
    for (int i = 0; i < 60; i++) {
      cuts.add(random.nextInt(whole.length + 1));
    }
    for (int cut : cuts) {
      Files.write(file, java.util.Arrays.copyOf(whole, cut));
      LogBatch first = importer.readLog(file, LogPosition.START, false, ImportOptions.defaults());
      assertThat(first.resumeAt().offset()).isLessThanOrEqualTo(cut);
      Files.write(file, whole);
      LogBatch rest = importer.readLog(file, first.resumeAt(), true, ImportOptions.defaults());

      List<String> both = new ArrayList<>(ids(first));
      both.addAll(ids(rest));
      assertThat(both).as("cut at byte %d", cut).containsExactlyElementsOf(expected);
    }
  }

  private static List<String> ids(LogBatch batch) {
    List<String> ids = new ArrayList<>();
    for (ImportedConversation conversation : batch.conversations()) {
      for (ImportedMessage message : conversation.messages()) {
        ids.add(conversation.nativeId() + "/" + message.nativeId());
      }
    }
    return ids;
  }
}
