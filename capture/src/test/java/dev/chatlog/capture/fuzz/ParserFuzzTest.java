package dev.chatlog.capture.fuzz;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportReader;
import dev.chatlog.capture.TestImports;
import dev.chatlog.error.ChatLogException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Mutation fuzzing of every parser, seeded from the real exports: whatever the bytes, an import
 * either succeeds or fails with one of chatlog's typed exceptions, on one line, quoting nothing of
 * the file. Bounded in time and runs, and deterministic for a given seed.
 */
class ParserFuzzTest {
  /** Time given to each format, so the build stays fast; {@code -Dcapture.fuzz.millis} for more. */
  private static final long BUDGET_MILLIS = Long.getLong("capture.fuzz.millis", 2_500);

  private static final int MAX_RUNS = Integer.getInteger("capture.fuzz.runs", 3_000);

  /** Another seed for a longer hunt: {@code -Dcapture.fuzz.seed}. */
  private static final long SEED = Long.getLong("capture.fuzz.seed", 20260301L);

  /** Planted in the input: no error message may ever contain it. */
  private static final String SECRET = "sk-FUZZSECRET42";

  private static final String[] TOKENS = {
    "[",
    "]",
    "{",
    "}",
    "\"",
    ":",
    ",",
    "null",
    "true",
    "1e999999999",
    "-1",
    "0.5e-999999",
    "\"\\u0000\"",
    "\n",
    "\r\n",
    "\"" + SECRET + "\"",
    "{\"type\":\"assistant\"}",
    "\\",
    "\"mapping\"",
    "_**User**_\n",
    "_**Agent (m 2026-01-01 10:00:00Z)**_\n",
    "<tool-use data-tool-type=\"x\" data-tool-name=\"y\">",
    "\"parentUuid\":\"",
    "\"message\":{\"id\":\"m\"}",
    "\"current_node\":\"x\"",
    "\"children\":[\"",
    "9999999999999999999999"
  };

  @TempDir Path dir;

  @ParameterizedTest
  @CsvSource({
    "chatgpt, chatgpt/conversations.json, conversations.json",
    "claude-code, claude-code/short.jsonl, session.jsonl",
    "claude-code, claude-code/tool_heavy.jsonl, session.jsonl",
    "codex, codex/rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl, rollout-x.jsonl",
    "copilot, copilot-vscode/chat.json, chat.json",
    "specstory, specstory/2025-06-30_12-46-48Z-fix-unknown-field-error-in-api-request.md, s.md",
    "legacy, legacy/chat_history_index.json, chat_history_index.json",
    "claude, '', conversations.json"
  })
  void noExceptionEscapesButTheTypedOnes(String format, String sample, String name)
      throws Exception {
    byte[] seed = sample.isEmpty() ? claudeSeed() : Files.readAllBytes(TestImports.sample(sample));
    if (format.equals("legacy")) {
      for (String file :
          new String[] {
            "chat_history_00001.md", "chat_history_00002.md", "chat_history_00003.md"
          }) {
        Files.copy(TestImports.sample("legacy/" + file), dir.resolve(file));
      }
    }
    long randomSeed = SEED + format.hashCode() + sample.hashCode();
    Random random = new Random(randomSeed);
    Path file = dir.resolve(name);
    long deadline = System.currentTimeMillis() + BUDGET_MILLIS;
    int runs = 0;
    while (runs < MAX_RUNS && System.currentTimeMillis() < deadline) {
      runs++;
      byte[] input = mutate(seed, random);
      Files.write(file, input);
      try (ImportReader reader =
          TestImports.IMPORTERS.open(file, format, ImportOptions.defaults())) {
        reader.conversations().forEach(c -> assertThat(c.messages()).isNotEmpty());
      } catch (ChatLogException e) {
        assertThat(e.getMessage())
            .as("run %d of seed %d", runs, randomSeed)
            .startsWith("Cannot ")
            .doesNotContain("\n")
            .doesNotContain(SECRET);
      } catch (RuntimeException | Error e) {
        Path kept = Files.write(dir.resolve("failing-" + name), input);
        fail("run " + runs + " of seed " + randomSeed + " threw " + e + " on " + kept, e);
      }
    }
    assertThat(runs).isGreaterThan(10);
  }

  private static byte[] mutate(byte[] seed, Random random) {
    byte[] data = seed;
    int mutations = 1 + random.nextInt(4);
    for (int i = 0; i < mutations && data.length > 0; i++) {
      int at = random.nextInt(data.length);
      switch (random.nextInt(6)) {
        case 0 -> data = Arrays.copyOf(data, at);
        case 1 -> {
          data = data.clone();
          data[at] = (byte) random.nextInt(256);
        }
        case 2 ->
            data =
                splice(data, at, Math.min(data.length, at + 1 + random.nextInt(200)), new byte[0]);
        case 3 -> {
          int end = Math.min(data.length, at + 1 + random.nextInt(500));
          data = splice(data, at, at, Arrays.copyOfRange(data, at, end));
        }
        default -> {
          String token = TOKENS[random.nextInt(TOKENS.length)];
          data = splice(data, at, at, token.getBytes(StandardCharsets.UTF_8));
        }
      }
    }
    return data;
  }

  private static byte[] splice(byte[] data, int from, int to, byte[] insert) {
    byte[] out = new byte[data.length - (to - from) + insert.length];
    System.arraycopy(data, 0, out, 0, from);
    System.arraycopy(insert, 0, out, from, insert.length);
    System.arraycopy(data, to, out, from + insert.length, data.length - to);
    return out;
  }

  private static byte[] claudeSeed() {
    return ("[{\"uuid\":\"c1\",\"name\":\"N\",\"summary\":\"S\",\"project\":{\"uuid\":\"p\",\"name\":\"P\"},"
            + "\"current_leaf_message_uuid\":\"m2\",\"chat_messages\":[{\"uuid\":\"m1\",\"sender\":\"human\","
            + "\"text\":\"hi\",\"created_at\":\"2025-01-01T00:00:00Z\",\"attachments\":[{\"file_name\":\"a\","
            + "\"extracted_content\":\"x\"}],\"files\":[{\"file_name\":\"f\"}]},{\"uuid\":\"m2\",\"sender\":"
            + "\"assistant\",\"parent_message_uuid\":\"m1\",\"content\":[{\"type\":\"tool_use\",\"name\":\"t\","
            + "\"input\":{\"q\":1}},{\"type\":\"tool_result\",\"content\":[{\"type\":\"text\",\"text\":\"r\"}]},"
            + "{\"type\":\"text\",\"text\":\"done\"}]}]}]")
        .getBytes(StandardCharsets.UTF_8);
  }
}
