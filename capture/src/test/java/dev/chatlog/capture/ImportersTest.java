package dev.chatlog.capture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.capture.format.chatgpt.ChatGptImporter;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.error.InvalidInputException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ImportersTest {
  private static final Importers IMPORTERS = TestImports.IMPORTERS;

  @TempDir Path dir;

  @Test
  void serviceLoaderFindsTheSevenFormats() {
    assertThat(Importers.discover().names())
        .containsExactly(
            "chatgpt", "claude", "claude-code", "codex", "copilot", "specstory", "legacy");
  }

  @Test
  void twoImportersOfOneNameAreRefused() {
    assertThatThrownBy(() -> Importers.of(List.of(new ChatGptImporter(), new ChatGptImporter())))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageStartingWith("Cannot register importer 'chatgpt': claimed by both");
    assertThatThrownBy(() -> Importers.of(List.of()))
        .isInstanceOf(IllegalStateException.class)
        .hasMessage("Cannot import anything: no Importer found on the class path");
  }

  @Test
  void anUnknownFormatIsRefusedListingTheKnownOnes() {
    assertThatThrownBy(() -> IMPORTERS.get("gemini"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot import from 'gemini': unknown format; known: chatgpt, claude, claude-code,"
                + " codex, copilot, specstory, legacy");
    assertThat(IMPORTERS.get(" ChatGPT ").name()).isEqualTo("chatgpt");
  }

  @ParameterizedTest
  @CsvSource({
    "chatgpt/conversations.json, chatgpt",
    "claude-code, claude-code",
    "claude-code/short.jsonl, claude-code",
    "codex, codex",
    "copilot-vscode, copilot",
    "specstory, specstory",
    "legacy, legacy",
    "legacy/chat_history_index.json, legacy"
  })
  void detectsEachFormatFromItsContent(String sample, String format) {
    try (ImportReader reader =
        IMPORTERS.open(TestImports.sample(sample), null, ImportOptions.defaults())) {
      assertThat(reader.format()).isEqualTo(format);
    }
  }

  @Test
  void detectsByContentNotByName() throws Exception {
    Path renamed = dir.resolve("export.txt");
    Files.copy(TestImports.sample("claude-code/short.jsonl"), dir.resolve("a.jsonl"));
    Files.copy(TestImports.sample("chatgpt/conversations.json"), renamed);

    assertThat(TestImports.read(dir.resolve("a.jsonl"), null).format()).isEqualTo("claude-code");
    assertThatThrownBy(() -> TestImports.read(renamed, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot import '" + renamed + "': no known format found in it");
  }

  @ParameterizedTest
  @CsvSource({
    "codex, claude-code/short.jsonl, a Codex session log, claude-code",
    "claude, chatgpt/conversations.json, a Claude.ai data export, chatgpt",
    "chatgpt, copilot-vscode/chat.json, a ChatGPT data export, copilot",
    "claude-code, codex, a Claude Code session log, codex"
  })
  void aWrongFormatIsRefusedBeforeAnythingIsRead(
      String from, String sample, String what, String actual) {
    Path path = TestImports.sample(sample);

    assertThatThrownBy(() -> IMPORTERS.open(path, from, ImportOptions.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot import '" + path + "' as " + from + ": it is not " + what)
        .hasMessageEndingWith("(it looks like " + actual + ")");
  }

  @Test
  void aFormatWithoutFilesInTheSourceIsRefused() {
    Path path = TestImports.sample("legacy");

    assertThatThrownBy(() -> IMPORTERS.open(path, "codex", ImportOptions.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot import '"
                + path
                + "' as codex: it holds no file of a Codex session log"
                + " (a rollout-*.jsonl file or ~/.codex/sessions)");
  }

  @Test
  void aFolderOfSeveralFormatsAsksForOne() throws Exception {
    Files.copy(TestImports.sample("copilot-vscode/chat.json"), dir.resolve("chat.json"));
    Files.copy(TestImports.sample("claude-code/short.jsonl"), dir.resolve("short.jsonl"));

    assertThatThrownBy(() -> IMPORTERS.open(dir, null, ImportOptions.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot import '"
                + dir
                + "': it holds files of several formats (claude-code, copilot);"
                + " name one with --from");
    assertThat(TestImports.read(dir, "copilot").only().nativeId()).startsWith("request_2a622857");
  }

  @ParameterizedTest
  @CsvSource(
      value = {"''", "'   \n'", "'[]'", "'[ ]\n'"},
      quoteCharacter = '\'')
  void anEmptyExportIsAnError(String content) throws Exception {
    Path file = Files.writeString(dir.resolve("conversations.json"), content);

    assertThatThrownBy(() -> TestImports.read(file, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot import '" + file + "': it holds no conversation with messages");
    assertThatThrownBy(() -> TestImports.read(file, "chatgpt"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot ")
        .hasMessageContaining("'" + file + "'");
  }

  @Test
  void anExportOfOnlyEmptyConversationsIsAnError() throws Exception {
    Path file =
        Files.writeString(
            dir.resolve("conversations.json"),
            "[{\"conversation_id\":\"c\",\"mapping\":{},\"current_node\":\"\"}]");

    assertThatThrownBy(() -> TestImports.read(file, "chatgpt"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot import '" + file + "': it holds no conversation with messages");
  }

  @Test
  void invalidUtf8IsAnErrorNamingThePlaceNotTheContent() throws Exception {
    byte[] export = Files.readAllBytes(TestImports.sample("chatgpt/conversations.json"));
    export[200] = (byte) 0xC3;
    export[201] = (byte) 0x28;
    Path file = Files.write(dir.resolve("conversations.json"), export);

    assertThatThrownBy(() -> TestImports.read(file, "chatgpt"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageMatching(
            "Cannot read '.*conversations.json': invalid UTF-8 at line \\d+, column \\d+, byte \\d+");
  }

  @Test
  void aMissingPathIsRefused() {
    Path missing = dir.resolve("nope.json");

    assertThatThrownBy(() -> IMPORTERS.open(missing, null, ImportOptions.defaults()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot import '" + missing + "': no such file or folder");
  }

  @Test
  void theReaderListsTheEntriesItWillReadAndSkipsOthersOfTheFolder() throws Exception {
    Files.copy(TestImports.sample("claude-code/short.jsonl"), dir.resolve("a.jsonl"));
    Files.writeString(dir.resolve("b.jsonl"), "{\"hello\":\"world\"}\n");
    Files.writeString(dir.resolve("c.jsonl"), "");
    Files.writeString(dir.resolve("notes.txt"), "not a log");

    TestImports.Result result = TestImports.read(dir, "claude-code");

    assertThat(result.conversations())
        .extracting(ImportedConversation::nativeId)
        .containsExactly("55604662-cf2a-4331-851a-ec234028f8ca");
    assertThat(result.skipped())
        .extracting(ImportProblem::toString)
        .containsExactly(
            dir.resolve("b.jsonl")
                + ": not a Claude Code session log (a .jsonl file or ~/.claude/projects)",
            dir.resolve("c.jsonl") + ": empty");
  }
}
