package dev.chatlog.capture.format.codex;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.LogBatch;
import dev.chatlog.capture.LogPosition;
import dev.chatlog.capture.TestImports;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.model.Actor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CodexImporterTest {
  private static final String ROLLOUT =
      "codex/rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl";

  @TempDir Path dir;

  @Test
  void readsTheRealRolloutFromOneStreamOnly() {
    TestImports.Result result = TestImports.read(TestImports.sample("codex"), null);

    assertThat(result.format()).isEqualTo("codex");
    ImportedConversation session = result.only();
    assertThat(session.nativeId()).isEqualTo("019c8bfe-ec25-79e0-97d7-bda6a9c575ff");
    assertThat(session.projectHint()).isEqualTo("ea96e59ed9");
    assertThat(session.label("git-branch")).isEqualTo("main");
    assertThat(session.models()).containsExactly("gpt-5.3-codex");
    List<ImportedMessage> messages = session.messages();
    // 4 developer and 3 user messages, 6 answers, 5 calls and 5 outputs: event_msg lines repeat
    // the user message and each answer, and reasoning is private to the model
    assertThat(messages).hasSize(23);
    assertThat(messages).filteredOn(m -> m.actor() == Actor.SYSTEM).hasSize(4);
    assertThat(messages).filteredOn(m -> m.actor() == Actor.USER).hasSize(3);
    assertThat(messages).filteredOn(m -> m.actor() == Actor.ASSISTANT).hasSize(11);
    assertThat(messages).filteredOn(m -> m.actor() == Actor.TOOL).hasSize(5);
    assertThat(messages)
        .as("each answer once, though event_msg repeats it")
        .extracting(ImportedMessage::text)
        .doesNotHaveDuplicates();
    assertThat(messages.get(0).text()).isEqualTo("[REDACTED_TEXT len=4508 sha=c490750a]");
    assertThat(messages.get(0).time()).isEqualTo(Instant.parse("2026-02-23T19:34:26.098Z"));
    ImportedMessage last = messages.get(22);
    assertThat(last.actor()).isEqualTo(Actor.ASSISTANT);
    assertThat(last.text()).isEqualTo("[REDACTED_TEXT len=647 sha=10502814]");
    assertThat(last.time()).isEqualTo(Instant.parse("2026-02-23T19:36:02.615Z"));
    assertThat(messages).extracting(ImportedMessage::time).isSorted();
    ImportedMessage call = messages.get(8);
    assertThat(call.nativeId()).isEqualTo("call_OIMY41RetdVChp5U51mMLGOD");
    assertThat(call.text())
        .isEqualTo(
            "→ mcp__cloud-associates__search_workflows [REDACTED_ARGUMENTS len=46 sha=4cb9a2fc]");
    assertThat(messages.get(9).nativeId()).isEqualTo("call_OIMY41RetdVChp5U51mMLGOD:output");
    assertThat(messages.get(9).text()).startsWith("← mcp__cloud-associates__search_workflows\n```");
  }

  @Test
  void parsesToolArgumentsThatAreJsonInsideAString() throws Exception {
    Path log =
        write(
            "rollout-x.jsonl",
            meta(),
            item(
                "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                    + "\"text\":\"<environment_context>\\n<cwd>/w</cwd>\\n</environment_context>\"}]}"),
            item(
                "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                    + "\"text\":\"list the files\"}]}"),
            item(
                "{\"type\":\"function_call\",\"name\":\"shell\",\"arguments\":"
                    + "\"{\\\"command\\\":[\\\"ls\\\",\\\"-la\\\"]}\",\"call_id\":\"c1\"}"),
            item(
                "{\"type\":\"function_call_output\",\"call_id\":\"c1\",\"output\":"
                    + "\"{\\\"output\\\":\\\"a.txt\\\\n\\\",\\\"metadata\\\":{\\\"exit_code\\\":0}}\"}"));

    ImportedConversation session = TestImports.read(log, "codex").only();

    assertThat(session.nativeId()).isEqualTo("019c0000-0000-7000-8000-000000000001");
    assertThat(session.projectHint()).isEqualTo("shop");
    assertThat(session.title()).isEqualTo("list the files");
    assertThat(session.messages())
        .extracting(ImportedMessage::actor, ImportedMessage::text)
        .containsExactly(
            org.assertj.core.groups.Tuple.tuple(
                Actor.SYSTEM, "<environment_context>\n<cwd>/w</cwd>\n</environment_context>"),
            org.assertj.core.groups.Tuple.tuple(Actor.USER, "list the files"),
            org.assertj.core.groups.Tuple.tuple(
                Actor.ASSISTANT, "→ shell {\"command\":[\"ls\",\"-la\"]}"),
            org.assertj.core.groups.Tuple.tuple(Actor.TOOL, "← shell\n```\na.txt\n```"));
  }

  @Test
  void readingFromAnOffsetKeepsTheSessionFromTheFirstLine() throws Exception {
    String first = meta();
    Path log =
        write(
            "rollout-x.jsonl",
            first,
            item(
                "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                    + "\"text\":\"hello\"}]}"));
    LogPosition afterMeta = new LogPosition(first.length() + 1, 2);

    LogBatch batch = new CodexImporter().readLog(log, afterMeta, false, ImportOptions.defaults());

    assertThat(batch.conversations())
        .singleElement()
        .satisfies(
            c -> {
              assertThat(c.nativeId()).isEqualTo("019c0000-0000-7000-8000-000000000001");
              assertThat(c.projectHint()).isEqualTo("shop");
              assertThat(c.messages())
                  .singleElement()
                  .satisfies(m -> assertThat(m.nativeId()).isEqualTo("@" + afterMeta.offset()));
            });
    assertThat(batch.resumeAt()).isEqualTo(new LogPosition(Files.size(log), 3));
  }

  @Test
  void readsTheOlderLayoutWithoutRecordWrappers() throws Exception {
    Path log =
        write(
            "rollout-2025-05-01T10-00-00-0196a000-0000-7000-8000-000000000002.jsonl",
            "{\"id\":\"0196a000-0000-7000-8000-000000000002\",\"timestamp\":\"2025-05-01T10:00:00Z\","
                + "\"instructions\":null}",
            "{\"record_type\":\"state\"}",
            "{\"type\":\"message\",\"role\":\"user\",\"content\":[{\"type\":\"input_text\","
                + "\"text\":\"fix the build\"}]}",
            "{\"type\":\"message\",\"role\":\"assistant\",\"content\":[{\"type\":\"output_text\","
                + "\"text\":\"Done.\"}]}");

    ImportedConversation session = TestImports.read(log, null).only();

    assertThat(session.nativeId()).isEqualTo("0196a000-0000-7000-8000-000000000002");
    assertThat(session.messages())
        .extracting(ImportedMessage::text)
        .containsExactly("fix the build", "Done.");
    assertThat(session.messages().get(0).time()).isNull();
  }

  private Path write(String name, String... lines) throws Exception {
    return Files.writeString(dir.resolve(name), String.join("\n", lines) + "\n");
  }

  private static String meta() {
    return "{\"timestamp\":\"2026-03-01T10:00:00Z\",\"type\":\"session_meta\",\"payload\":"
        + "{\"id\":\"019c0000-0000-7000-8000-000000000001\",\"cwd\":\"/home/me/shop\"}}";
  }

  private static String item(String payload) {
    return "{\"timestamp\":\"2026-03-01T10:00:01Z\",\"type\":\"response_item\",\"payload\":"
        + payload
        + "}";
  }
}
