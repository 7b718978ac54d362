package dev.chatlog.capture.source;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.TestImports;
import dev.chatlog.capture.Zips;
import dev.chatlog.error.InvalidInputException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SourcesTest {
  @TempDir Path dir;

  @Test
  void aChatGptExportZipIsReadInPlace() throws Exception {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("chat.html", "<html></html>");
    entries.put(
        "conversations.json", Files.readString(TestImports.sample("chatgpt/conversations.json")));
    entries.put("user.json", "{}");
    Path zip = Zips.write(dir.resolve("export.zip"), entries);

    TestImports.Result result = TestImports.read(zip, null);

    assertThat(result.format()).isEqualTo("chatgpt");
    assertThat(result.only().messages()).hasSize(42);
    assertThat(result.only().origin()).isEqualTo(zip + "!conversations.json");
  }

  @Test
  void aZipIsKnownByItsFirstBytesWhateverItsName() throws Exception {
    Path zip =
        Zips.write(
            dir.resolve("download.bin"),
            Map.of(
                "conversations.json",
                Files.readString(TestImports.sample("chatgpt/conversations.json"))));

    assertThat(TestImports.read(zip, "chatgpt").only().messages()).hasSize(42);
  }

  @ParameterizedTest
  @ValueSource(
      strings = {
        "../conversations.json",
        "a/../../conversations.json",
        "/etc/conversations.json",
        "C:/x.json",
        "..\\evil.json"
      })
  void anEntryWhoseNameEscapesIsRefused(String name) throws Exception {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("conversations.json", "[]");
    entries.put(name, "[]");
    Path zip = Zips.write(dir.resolve("export.zip"), entries);

    assertThatThrownBy(() -> Sources.open(zip, ZipLimits.DEFAULT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot read zip '" + zip + "': entry 2 has a name that escapes the archive's folder");
  }

  @Test
  void aZipBombIsRefusedByItsCompressionRatio() throws Exception {
    Path zip =
        Zips.bomb(
            dir.resolve("bomb.zip"),
            "conversations.json",
            "[{\"mapping\":{},\"title\":\"",
            64L << 20);

    assertThatThrownBy(() -> TestImports.read(zip, "chatgpt"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot read zip '"
                + zip
                + "': entry 1 expands more than 200 times its compressed size"
                + " (a zip bomb?)");
  }

  @Test
  void aZipIsRefusedPastItsTotalSize() throws Exception {
    Map<String, String> entries = new LinkedHashMap<>();
    entries.put("a.json", "x".repeat(3000));
    entries.put("b.json", "y".repeat(3000));
    Path zip = Zips.write(dir.resolve("big.zip"), entries);
    ZipLimits limits = new ZipLimits(5000, 10_000, 0, 10);

    try (ImportSource source = Sources.open(zip, limits)) {
      try (InputStream a = source.entries().get(0).open()) {
        assertThat(a.readAllBytes()).hasSize(3000);
      }
      assertThatThrownBy(
              () -> {
                try (InputStream b = source.entries().get(1).open()) {
                  b.readAllBytes();
                }
              })
          .isInstanceOf(InvalidInputException.class)
          .hasMessage(
              "Cannot read zip '" + zip + "': its entries expand beyond 5000 bytes (a zip bomb?)");
    }
  }

  @Test
  void aZipOfTooManyEntriesOrNotAZipIsRefused() throws Exception {
    Path zip = Zips.write(dir.resolve("many.zip"), Map.of("a", "1", "b", "2", "c", "3"));
    assertThatThrownBy(() -> Sources.open(zip, new ZipLimits(1000, 100, 0, 2)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot read zip '" + zip + "': it has more than 2 entries");

    Path fake = Files.writeString(dir.resolve("fake.zip"), "PK\u0003\u0004 not really");
    assertThatThrownBy(() -> Sources.open(fake, ZipLimits.DEFAULT))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot read zip '" + fake + "': not a valid zip archive");
  }

  @Test
  void aFolderListsItsFilesSortedAndFindsOnlyInsideIt() throws Exception {
    Files.createDirectories(dir.resolve("b"));
    Files.writeString(dir.resolve("b/2.txt"), "2");
    Files.writeString(dir.resolve("a.txt"), "1");

    try (ImportSource source = Sources.open(dir, ZipLimits.DEFAULT)) {
      assertThat(source.entries())
          .extracting(SourceEntry::path)
          .containsExactly("a.txt", "b/2.txt");
      assertThat(source.entries().get(1).fileName()).isEqualTo("2.txt");
      assertThat(source.entries().get(1).size()).isEqualTo(1);
      assertThat(source.find("b/./2.txt")).isPresent();
      assertThat(source.find("b/../a.txt")).isEmpty();
      assertThat(source.find(dir.resolve("a.txt").toString())).isEmpty();
    }
  }

  @Test
  void aSingleFileFindsTheFilesBesideIt() throws Exception {
    Path file = Files.writeString(dir.resolve("index.json"), "[]");
    Files.writeString(dir.resolve("other.md"), "x");

    try (ImportSource source = Sources.open(file, ZipLimits.DEFAULT)) {
      assertThat(source.entries()).extracting(SourceEntry::path).containsExactly("index.json");
      assertThat(source.find("other.md")).map(SourceEntry::fileName).hasValue("other.md");
      assertThat(source.displayName()).isEqualTo(file.toString());
    }
  }

  @Test
  void theDefaultsLetALargeRealExportThrough() {
    assertThat(ImportOptions.defaults().zipLimits()).isEqualTo(ZipLimits.DEFAULT);
    assertThat(ZipLimits.DEFAULT.maxTotalBytes()).isGreaterThan(1L << 30);
    assertThatThrownBy(() -> new ZipLimits(0, 1, 1, 1))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
