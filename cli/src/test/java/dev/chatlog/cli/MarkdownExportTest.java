package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code export --format markdown} of the real conversations of ../shared/data (capture's test
 * samples, imported as a user imports them): one file per conversation, front matter on top, then
 * the conversation in its order, exactly as {@code chatlog conversation} prints it.
 */
class MarkdownExportTest {
  private static final List<String> SAMPLES =
      List.of(
          "chatgpt/conversations.json",
          "claude-code/short.jsonl",
          "claude-code/tool_heavy.jsonl",
          "codex/rollout-2026-02-23T20-34-25-019c8bfe-ec25-79e0-97d7-bda6a9c575ff.jsonl",
          "copilot-vscode/chat.json",
          "specstory/2026-08-03_21-15-01Z-use-claude-commands-code.md");

  @TempDir Path temp;

  private Path sample(String name) throws IOException {
    Path copy = temp.resolve("samples").resolve(name);
    Files.createDirectories(copy.getParent());
    try (InputStream in = getClass().getResourceAsStream("/samples/" + name)) {
      assertThat(in).as("sample " + name).isNotNull();
      Files.copy(in, copy);
    }
    return copy;
  }

  @Test
  void everyConversationIsOneFileInItsOrderWithFrontMatter() throws IOException {
    CliRunner cli = new CliRunner(temp.resolve("store"));
    for (String name : SAMPLES) {
      CliRunner.Result imported = cli.run("import", sample(name).toString());
      assertThat(imported.exitCode()).as(name + ": " + imported.err()).isZero();
    }
    JsonNode sessions = CliRunner.json(cli.run("sessions", "--format", "json").out());
    assertThat(sessions.size()).isGreaterThanOrEqualTo(SAMPLES.size());
    Path vault = temp.resolve("vault");

    CliRunner.Result exported = cli.run("export", "--format", "markdown", "-o", vault.toString());

    assertThat(exported.exitCode()).as(exported.err()).isZero();
    assertThat(exported.err()).contains("exported " + sessions.size() + " conversations");
    Map<String, String> bySession = new HashMap<>();
    try (Stream<Path> files = Files.walk(vault)) {
      for (Path file : files.filter(Files::isRegularFile).toList()) {
        String text = Files.readString(file, UTF_8);
        assertThat(text).as(file.toString()).startsWith("---\ntitle: ");
        int end = text.indexOf("\n---\n");
        String session =
            text.lines()
                .filter(line -> line.startsWith("session: "))
                .findFirst()
                .orElseThrow()
                .substring("session: ".length());
        bySession.put(CliRunner.json(session).asText(), text.substring(end + "\n---\n".length()));
      }
    }
    assertThat(bySession).hasSize(sessions.size());
    for (JsonNode session : sessions) {
      String id = session.get("session").asText();
      CliRunner.Result conversation =
          cli.run(
              "conversation",
              id,
              "-p",
              session.get("project").asText(),
              "-t",
              session.get("title").asText());
      assertThat(conversation.exitCode()).as(conversation.err()).isZero();
      assertThat(bySession.get(id)).as("conversation " + id).isEqualTo(conversation.out());
    }
  }
}
