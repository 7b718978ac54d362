package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.capture.watch.ClaudeLines;
import dev.chatlog.gcs.FakeGcs;
import dev.chatlog.gcs.FakeGcsServer;
import dev.chatlog.s3.S3ProxyServer;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Capture as a user runs it: secrets redacted on {@code save} and {@code import} in every kind of
 * store, {@code import --hook} with the JSON Claude Code sends, and the bad input of both.
 */
class CaptureCommandTest {
  /** Secrets of several rules, built so that this file holds none whole. */
  private static final Map<String, String> SECRETS =
      Map.of(
          "aws-access-token", "AKIA" + "Z7XQ2MLK4PQRSTUV",
          "github-pat", "ghp_" + "a1B2c3D4e5F6g7H8i9J0k1L2m3N4o5P6q7R8",
          "slack-bot-token", "xoxb-" + "1234567890123-1234567890123-AbCdEfGhIjKlMnOpQrStUvWx",
          "password-in-url", "Tr0ub4dor" + "AndHorse");

  @TempDir Path temp;

  private String secretText() {
    return "deploy with "
        + SECRETS.get("aws-access-token")
        + " and "
        + SECRETS.get("github-pat")
        + "; slack "
        + SECRETS.get("slack-bot-token")
        + "; db postgres://admin:"
        + SECRETS.get("password-in-url")
        + "@db.example.com/shop";
  }

  private CliRunner runner(String store) {
    CliRunner cli = new CliRunner(temp.resolve("store"));
    cli.env("CHM_STORE", store);
    cli.env("XDG_STATE_HOME", temp.resolve("state").toString());
    return cli;
  }

  private Path claudeLog(String session, String... texts) {
    ClaudeLines lines = new ClaudeLines(session, "/work/shop");
    Path log = temp.resolve("projects").resolve("-work-shop").resolve(session + ".jsonl");
    StringBuilder all = new StringBuilder();
    for (String text : texts) {
      all.append(lines.user(text));
    }
    ClaudeLines.append(log, all.toString());
    return log;
  }

  /** Saves and imports the secrets, searches so that a local index is built, and returns stderr. */
  private String captureSecrets(CliRunner cli) {
    CliRunner.Result saved = cli.runWithInput(secretText(), "save", "-p", "shop");
    assertThat(saved.exitCode()).as(saved.err()).isZero();
    assertThat(saved.err()).contains("4 secrets redacted (aws-access-token 1, github-pat 1,");
    CliRunner.Result imported =
        cli.run(
            "import", "--from", "claude-code", claudeLog("s1", "log: " + secretText()).toString());
    assertThat(imported.exitCode()).as(imported.err()).isZero();
    assertThat(imported.err()).contains("; 4 secrets redacted (");
    CliRunner.Result found = cli.run("search", "deploy");
    assertThat(found.exitCode()).as(found.err()).isZero();
    assertThat(found.out()).contains("[REDACTED:aws-access-token]");
    return saved.err() + imported.err();
  }

  private static void assertNoSecretIn(String where, Map<String, byte[]> files) {
    assertThat(files).as(where).isNotEmpty();
    for (Map.Entry<String, byte[]> file : files.entrySet()) {
      String text = new String(file.getValue(), UTF_8);
      for (String secret : SECRETS.values()) {
        assertThat(text).as(where + " " + file.getKey()).doesNotContain(secret);
      }
    }
  }

  /** Every file under a folder, by path. */
  private static Map<String, byte[]> files(Path root) throws IOException {
    Map<String, byte[]> all = new TreeMap<>();
    if (!Files.exists(root)) {
      return all;
    }
    try (Stream<Path> paths = Files.walk(root)) {
      for (Path file : (Iterable<Path>) paths.filter(Files::isRegularFile)::iterator) {
        all.put(file.toString(), Files.readAllBytes(file));
      }
    }
    return all;
  }

  @Test
  void noByteOfASecretReachesAFileStoreOrItsLocalSearchIndex() throws IOException {
    CliRunner cli = runner(temp.resolve("store").toUri().toString());
    captureSecrets(cli);
    assertNoSecretIn("file store", files(temp.resolve("store")));
    assertNoSecretIn("local index and caches", files(temp.resolve("cache")));
  }

  @Test
  void noByteOfASecretReachesASqliteFile() throws IOException {
    Path db = temp.resolve("sqlite").resolve("chatlog.db");
    Files.createDirectories(db.getParent());
    CliRunner cli = runner("sqlite:" + db);
    captureSecrets(cli);
    assertNoSecretIn("sqlite files", files(db.getParent()));
  }

  @Test
  void noByteOfASecretReachesTheObjectsOfAnS3Bucket() throws Exception {
    try (S3ProxyServer s3 = S3ProxyServer.start("capture")) {
      CliRunner cli =
          runner(
              "s3://capture/p-"
                  + UUID.randomUUID()
                  + "?endpoint="
                  + s3.endpoint()
                  + "&path-style=true&region=us-east-1");
      cli.env("CHM_S3_PROBE_CACHE", temp.resolve("probe-cache").toString());
      captureSecrets(cli);
      assertNoSecretIn("s3 objects", s3.objects("capture"));
      assertNoSecretIn("local copies and index", files(temp.resolve("cache")));
    }
  }

  @Test
  void noByteOfASecretReachesTheObjectsOfAGcsBucket() throws IOException {
    try (FakeGcsServer gcs = FakeGcsServer.start(FakeGcs.BUCKET)) {
      CliRunner cli = runner("gs://" + FakeGcs.BUCKET + "/cli-" + UUID.randomUUID());
      cli.env("CHM_GCS_ENDPOINT", gcs.endpoint());
      cli.env("CHM_GCS_NO_AUTH", "true");
      captureSecrets(cli);
      assertNoSecretIn("gcs objects", gcs.objects(FakeGcs.BUCKET));
      assertNoSecretIn("local copies and index", files(temp.resolve("cache")));
    }
  }

  @Test
  void noRedactAndRedactOffKeepTextAsItIs() {
    CliRunner cli = runner(temp.resolve("store").toUri().toString());
    String key = SECRETS.get("aws-access-token");
    assertThat(cli.runWithInput("kept " + key, "save", "--no-redact", "-p", "a").err())
        .doesNotContain("redacted");
    cli.env("CHM_REDACT", "off");
    assertThat(cli.runWithInput("also kept " + key, "save", "-p", "b").exitCode()).isZero();
    assertThat(cli.run("retrieve", "-p", "a").out()).contains("kept " + key);
    assertThat(cli.run("retrieve", "-p", "b").out()).contains("also kept " + key);
  }

  @Test
  void theSameInputSavedTwiceIsTheSameChunk() {
    CliRunner cli = runner(temp.resolve("store").toUri().toString());
    String first = cli.save(secretText(), "-p", "shop", "--session", "one");
    String second = cli.save(secretText(), "-p", "shop", "--session", "one");
    assertThat(second).isEqualTo(first);
  }

  @Test
  void aRulesFileAddsRulesAndABadOneIsRefusedNamingItsLine() throws IOException {
    CliRunner cli = runner(temp.resolve("store").toUri().toString());
    Path rules =
        Files.writeString(
            temp.resolve("rules.txt"), "# ours\ninternal-ticket-key [tk-] = tk-[0-9a-f]{16}\n");
    cli.env("CHM_REDACT_RULES", rules.toString());
    CliRunner.Result saved = cli.runWithInput("ticket tk-0123456789abcdef", "save", "-p", "t");
    assertThat(saved.err()).contains("1 secret redacted (internal-ticket-key 1)");
    assertThat(cli.run("retrieve", "-p", "t").out())
        .contains("ticket [REDACTED:internal-ticket-key]");

    Files.writeString(rules, "ok = abc\n\nbroken = (unclosed\n");
    CliRunner.Result bad = cli.runWithInput("anything", "save", "-p", "t");
    assertThat(bad.exitCode()).isEqualTo(2);
    assertThat(bad.err()).contains(rules + "': line 3: the rule broken is not a valid");
  }

  @Test
  void aHookImportsTheSessionItNamesAndLaterOnlyWhatWasAdded() {
    CliRunner cli = runner(temp.resolve("store").toUri().toString());
    Path log = claudeLog("s7", "first prompt", "second prompt");
    String hook =
        "{\"session_id\":\"s7\",\"transcript_path\":\""
            + log
            + "\",\"cwd\":\"/work/shop\",\"hook_event_name\":\"Stop\",\"stop_hook_active\":false}";
    CliRunner.Result first = cli.runWithInput(hook, "import", "--from", "claude-code", "--hook");
    assertThat(first.exitCode()).as(first.err()).isZero();
    assertThat(first.out()).contains("session s7: 2 new messages");

    ClaudeLines.append(log, new ClaudeLines("s7", "/work/shop").user("third prompt"));
    CliRunner.Result second = cli.runWithInput(hook, "import", "--hook");
    assertThat(second.exitCode()).as(second.err()).isZero();
    assertThat(second.out()).contains("session s7: 1 new message,");
    String all = cli.run("retrieve", "--session", "s7", "--limit", "100").out();
    assertThat(all.split("second prompt", -1)).hasSize(2);
    assertThat(all).contains("third prompt");
  }

  @Test
  void aHookWithoutATranscriptOrNotJsonIsAUsageError() {
    CliRunner cli = runner(temp.resolve("store").toUri().toString());
    List<CliRunner.Result> bad = new ArrayList<>();
    bad.add(cli.runWithInput("{\"session_id\":\"s7\"}", "import", "--hook"));
    bad.add(cli.runWithInput("not json", "import", "--hook"));
    bad.add(cli.runWithInput("{\"transcript_path\":\"/no/such.jsonl\"}", "import", "--hook"));
    assertThat(bad).extracting(CliRunner.Result::exitCode).containsOnly(2);
    assertThat(bad.get(0).err()).contains("no transcript_path");
    assertThat(bad.get(1).err()).contains("not JSON");
    assertThat(bad.get(2).err()).contains("/no/such.jsonl");
    assertThat(cli.runWithInput("{}", "import", "--hook", "--from", "codex").exitCode())
        .isEqualTo(2);
  }

  @Test
  void watchingAFolderThatDoesNotExistOrAFormatThatIsNoLogIsAUsageError() {
    CliRunner cli = runner(temp.resolve("store").toUri().toString());
    Path missing = temp.resolve("nowhere");
    CliRunner.Result result =
        cli.run("import", "--watch", "--from", "claude-code", missing.toString());
    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Cannot watch '" + missing + "': no such folder");
    assertThat(cli.run("import", "--watch", "--from", "chatgpt", temp.toString()).exitCode())
        .isEqualTo(2);
    assertThat(cli.run("import", "--watch", temp.toString()).err()).contains("--from");
    assertThat(cli.run("import", "--poll-interval", "1s", temp.toString()).exitCode()).isEqualTo(2);
  }
}
