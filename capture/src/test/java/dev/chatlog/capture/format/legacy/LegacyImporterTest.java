package dev.chatlog.capture.format.legacy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.TestImports;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.model.Actor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.ZoneId;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LegacyImporterTest {
  private static final ImportOptions PARIS =
      ImportOptions.defaults().withLocalZone(ZoneId.of("Europe/Paris"));

  @TempDir Path dir;

  @Test
  void readsTheOriginalToolsFolderOldestFirst() {
    TestImports.Result result = TestImports.read(TestImports.sample("legacy"), null, PARIS);

    assertThat(result.format()).isEqualTo("legacy");
    List<ImportedConversation> conversations = result.conversations();
    assertThat(conversations)
        .extracting(ImportedConversation::nativeId)
        .containsExactly("s-checkout-1", "77a57e89-0d88-480c-b634-d91c38ee6858", "s-design");

    ImportedConversation checkout = conversations.get(0);
    assertThat(checkout.projectHint()).isEqualTo("shop");
    assertThat(checkout.title()).isEqualTo("checkout");
    assertThat(checkout.summary()).isEqualTo("retry budget for checkout");
    assertThat(checkout.tags()).containsExactly("retry", "payments");
    assertThat(checkout.labels())
        .isEqualTo(
            Map.of(
                "adr",
                List.of("0007"),
                "epic",
                List.of("EP-12"),
                "capability",
                List.of("resilience")));
    ImportedMessage save = checkout.messages().get(0);
    assertThat(save.nativeId()).isEqualTo("chat_history_00001.md");
    assertThat(save.actor()).isEqualTo(Actor.USER);
    assertThat(save.time())
        .as("a naive time, taken in the zone given")
        .isEqualTo(Instant.parse("2026-12-06T10:37:57.936563Z"));
    assertThat(save.text()).startsWith("User: The checkout retries twice and then gives up. Why?");
  }

  @Test
  void keywordsThatAreTheToolsDefaultAreNoTagsAndACutBodyIsFlagged() {
    ImportedConversation design =
        TestImports.read(TestImports.sample("legacy"), "legacy", PARIS).byId("s-design");

    assertThat(design.tags()).isEmpty();
    ImportedMessage cut = design.messages().get(0);
    assertThat(cut.label("truncated")).isEqualTo("true");
    assertThat(cut.text())
        .startsWith(LegacyImporter.CUT_NOTE + "\n\nry save. The index is rewritten");
    assertThat(cut.text()).hasSize(LegacyImporter.CUT_NOTE.length() + 2 + LegacyImporter.CUT_AT);
  }

  @Test
  void savesOfOneSessionAreOneConversationAndAMissingFileIsReported() throws Exception {
    Path folder = dir.resolve("history");
    TestImports.write(folder, "chat_history_00001.md", "first save");
    TestImports.write(folder, "chat_history_00002.md", "second save");
    TestImports.write(
        folder,
        LegacyImporter.INDEX,
        "["
            + entry("chat_history_00003.md", "2026-01-01T10:02:00")
            + ","
            + entry("chat_history_00002.md", "2026-01-01T10:01:00")
            + ","
            + entry("chat_history_00001.md", "2026-01-01T10:00:00")
            + "]");

    TestImports.Result result = TestImports.read(folder.resolve(LegacyImporter.INDEX), null, PARIS);

    assertThat(result.only().messages())
        .extracting(ImportedMessage::text)
        .containsExactly("first save", "second save");
    assertThat(result.skipped())
        .singleElement()
        .satisfies(
            p ->
                assertThat(p.reason())
                    .isEqualTo("the file of save chat_history_00003.md is missing"));
  }

  @Test
  void aFileNameThatClimbsOutOfTheFolderIsNotRead() throws Exception {
    Path folder = dir.resolve("history");
    Files.writeString(dir.resolve("secret.md"), "not yours");
    TestImports.write(folder, "chat_history_00001.md", "mine");
    TestImports.write(
        folder,
        LegacyImporter.INDEX,
        "["
            + entry("../secret.md", "2026-01-01T10:01:00")
            + ","
            + entry("chat_history_00001.md", "2026-01-01T10:00:00")
            + "]");

    TestImports.Result result = TestImports.read(folder, "legacy", PARIS);

    assertThat(result.only().messages()).extracting(ImportedMessage::text).containsExactly("mine");
    assertThat(result.skipped()).hasSize(1);
  }

  private static String entry(String file, String time) {
    return "{\"file\":\""
        + file
        + "\",\"summary\":\"s\",\"project_name\":\"p\",\"topic\":\"t\","
        + "\"session_id\":\"one\",\"start_datetime\":\""
        + time
        + "\",\"end_datetime\":\""
        + time
        + "\",\"keywords\":[\"p\",\"t\"],\"adrs\":[],\"epics\":[],\"capabilities\":[]}";
  }
}
