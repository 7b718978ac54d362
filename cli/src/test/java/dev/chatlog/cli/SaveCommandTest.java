package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.model.ChunkId;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SaveCommandTest {
  @TempDir Path temp;

  CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
  }

  @Test
  void savesStdinAndPrintsTheNewId() {
    CliRunner.Result result = cli.runWithInput("hello\n", "save", "-p", "demo", "-t", "first");

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines()).hasSize(1);
    assertThat(ChunkId.isValid(result.outLines().get(0))).isTrue();
    assertThat(result.err()).isEmpty();

    JsonNode json = CliRunner.json(cli.run("show", result.outLines().get(0), "--json").out());
    assertThat(json.get("project").asText()).isEqualTo("demo");
    assertThat(json.get("topic").asText()).isEqualTo("first");
    assertThat(json.get("source").asText()).isEqualTo("cli");
    assertThat(json.get("body").asText()).contains("hello");
  }

  @Test
  void savingTheSameContentAgainPrintsTheExistingIdAndSaysUnchanged() {
    String first = cli.save("same text", "-p", "demo");

    CliRunner.Result again = cli.runWithInput("same text", "save", "-p", "demo");

    assertThat(again.exitCode()).isZero();
    assertThat(again.outLines()).containsExactly(first);
    assertThat(again.err()).contains("unchanged").contains(first);
    assertThat(cli.run("list", "--format", "jsonl").outLines()).hasSize(1);
  }

  @Test
  void storesEveryMetadataOption() {
    String id =
        cli.save(
            "the decision",
            "--project",
            "p1",
            "--topic",
            "t1",
            "--session",
            "s1",
            "--actor",
            "user",
            "--actor",
            "assistant",
            "--tag",
            "x",
            "--tag",
            "y",
            "--summary",
            "one line",
            "--label",
            "adr=0005",
            "--label",
            "epic=E1",
            "--source",
            "editor");

    JsonNode json = CliRunner.json(cli.run("show", id, "--format", "json").out());

    assertThat(json.get("project").asText()).isEqualTo("p1");
    assertThat(json.get("topic").asText()).isEqualTo("t1");
    assertThat(json.get("session").asText()).isEqualTo("s1");
    assertThat(texts(json.get("actors"))).containsExactly("user", "assistant");
    assertThat(texts(json.get("tags"))).containsExactly("x", "y");
    assertThat(json.get("summary").asText()).isEqualTo("one line");
    assertThat(texts(json.get("labels").get("adr"))).containsExactly("0005");
    assertThat(texts(json.get("labels").get("epic"))).containsExactly("E1");
    assertThat(json.get("source").asText()).isEqualTo("editor");
    assertThat(json.get("body").asText()).contains("the decision");
  }

  @Test
  void legacyAliasesKeepWorking() {
    String id =
        cli.save(
            "legacy",
            "--project-name",
            "old",
            "--session-id",
            "s9",
            "--keywords",
            "a,b",
            "--adrs",
            "0001,0002",
            "--epics",
            "E7",
            "--capabilities",
            "search");

    JsonNode json = CliRunner.json(cli.run("show", id, "--json").out());

    assertThat(json.get("project").asText()).isEqualTo("old");
    assertThat(json.get("session").asText()).isEqualTo("s9");
    assertThat(texts(json.get("tags"))).containsExactly("a", "b");
    assertThat(texts(json.get("labels").get("adr"))).containsExactly("0001", "0002");
    assertThat(texts(json.get("labels").get("epic"))).containsExactly("E7");
    assertThat(texts(json.get("labels").get("capability"))).containsExactly("search");
  }

  static List<String> texts(JsonNode array) {
    List<String> texts = new ArrayList<>();
    array.forEach(node -> texts.add(node.asText()));
    return texts;
  }

  @Test
  void savesEachFileAsItsOwnChunk() throws IOException {
    Path a = Files.writeString(temp.resolve("a.md"), "first file");
    Path b = Files.writeString(temp.resolve("b.md"), "second file");

    CliRunner.Result result =
        cli.run("save", "--file", a.toString(), "-f", b.toString(), "-p", "files");

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines()).hasSize(2).doesNotHaveDuplicates();
    CliRunner.Result retrieved = cli.run("retrieve", "-p", "files", "--limit", "5");
    assertThat(retrieved.out()).contains("first file").contains("second file");
  }

  @Test
  void keepsNonAsciiTextIntact() {
    String id = cli.save("Grüße — 日本語 ✓", "-p", "utf");

    assertThat(cli.run("show", id).out()).contains("Grüße — 日本語 ✓");
  }

  @Test
  void dryRunShowsThePlanAndWritesNothing() {
    cli.save("existing", "-p", "demo");
    var before = CliRunner.snapshot(cli.store());

    CliRunner.Result result =
        cli.runWithInput("new content", "save", "-p", "demo", "-t", "x", "--dry-run");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains("would save: demo/x");
    assertThat(result.err()).contains("dry run");
    assertThat(CliRunner.snapshot(cli.store())).isEqualTo(before);
  }

  @Test
  void longInputIsSplitIntoSeveralChunksWithoutLosingText() {
    cli.env("CHM_CHUNK_MAX_CHARS", "1000");
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 300; i++) {
      text.append("line ").append(i).append('\n');
    }

    CliRunner.Result result = cli.runWithInput(text.toString(), "save", "-p", "long");

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines()).hasSizeGreaterThan(1);
    String all = cli.run("retrieve", "-p", "long", "--limit", "50").out();
    assertThat(all).contains("line 0\n").contains("line 299");
  }

  @Test
  void aLongBatchOnATerminalShowsItsProgressOnStderrAndClearsIt() {
    StringBuilder text = new StringBuilder();
    for (int i = 0; i < 400; i++) {
      text.append("line ").append(i).append(" of a long import\n");
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Map<String, String> env =
        Map.of(
            "CHM_STORE", temp.resolve("store").toUri().toString(),
            "HOME", temp.toString(),
            "CHM_CHUNK_MAX_CHARS", "40");

    int code =
        Main.run(
            "chatlog",
            new ByteArrayInputStream(text.toString().getBytes(UTF_8)),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            env,
            true,
            "save",
            "-p",
            "import");

    List<String> ids = out.toString(UTF_8).lines().toList();
    assertThat(code).isZero();
    assertThat(ids).hasSizeGreaterThanOrEqualTo(ProgressLine.LONG_BATCH);
    String progress = "chatlog: saving " + ids.size() + " of " + ids.size() + " chunks";
    assertThat(err.toString(UTF_8))
        .startsWith("\rchatlog: saving ")
        .contains("\r" + progress)
        .endsWith("\r" + " ".repeat(progress.length()) + "\r");
  }

  @Test
  void aByteOrderMarkIsNotPartOfTheContent() {
    byte[] bom = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};
    byte[] text = "marked".getBytes(UTF_8);
    byte[] input = new byte[bom.length + text.length];
    System.arraycopy(bom, 0, input, 0, bom.length);
    System.arraycopy(text, 0, input, bom.length, text.length);

    CliRunner.Result result = cli.runWithInput(input, "save");

    assertThat(result.exitCode()).isZero();
    assertThat(cli.run("show", result.outLines().get(0)).out()).doesNotContain("\uFEFF");
  }
}
