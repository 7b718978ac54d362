package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.s3.S3ProxyServer;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command against an S3 store, end to end: an in-process S3Proxy on 127.0.0.1 that checks
 * signatures, and every run a separate store instance, as separate processes would be. The AWS SDK
 * takes credentials from its own default chain, here the {@code aws.accessKeyId} and {@code
 * aws.secretAccessKey} system properties; the secret must never appear in any output.
 */
class S3CliEndToEndTest {
  private static final String BUCKET = "chatlog-cli";
  private static final String SECRET_KEY = S3ProxyServer.SECRET_KEY;

  private static S3ProxyServer s3;
  private static URI endpoint;

  @TempDir Path temp;

  private CliRunner cli;
  private final List<CliRunner.Result> results = new ArrayList<>();

  @BeforeAll
  static void startServer() throws Exception {
    s3 = S3ProxyServer.start(BUCKET);
    endpoint = s3.endpoint();
  }

  @AfterAll
  static void stopServer() throws Exception {
    if (s3 != null) {
      s3.close();
    }
  }

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("unused")).onS3(endpoint, BUCKET, "p-" + UUID.randomUUID());
  }

  /** No command, failing or not, prints the secret access key. */
  @AfterEach
  void secretNeverPrinted() {
    assertThat(results).isNotEmpty();
    for (CliRunner.Result result : results) {
      assertThat(result.out()).doesNotContain(SECRET_KEY);
      assertThat(result.err()).doesNotContain(SECRET_KEY);
    }
  }

  private CliRunner.Result run(String... args) {
    CliRunner.Result result = cli.run(args);
    results.add(result);
    return result;
  }

  private CliRunner.Result runWithInput(String input, String... args) {
    CliRunner.Result result = cli.runWithInput(input, args);
    results.add(result);
    return result;
  }

  private String save(String text, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "save";
    System.arraycopy(args, 0, all, 1, args.length);
    CliRunner.Result result = runWithInput(text, all);
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result.outLines().get(0);
  }

  @Test
  void aSaveIsRetrievedByASecondRun() {
    String id = save("the bucket remembers", "-p", "team", "-t", "s3");

    CliRunner.Result retrieved = run("retrieve", "-p", "team");

    assertThat(retrieved.exitCode()).as(retrieved.err()).isZero();
    assertThat(retrieved.out()).contains("the bucket remembers");
    assertThat(run("show", id).out()).contains("the bucket remembers");
    assertThat(temp.resolve("probe-cache"))
        .as("probe cache in the configured folder")
        .isDirectory();
  }

  @Test
  void listShowDeleteCompactAndVerifyWorkOnS3() {
    String first = save("first on s3", "-p", "team");
    String second = save("second on s3", "-p", "team");

    JsonNode listed = CliRunner.json(run("list", "--json").out());
    assertThat(listed).hasSize(2);
    assertThat(listed.get(0).get("id").asText()).isEqualTo(second);

    CliRunner.Result deleted = run("delete", first);
    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(deleted.outLines()).containsExactly(first);
    assertThat(run("show", first).exitCode()).isEqualTo(4);

    CliRunner.Result compacted = run("compact");
    assertThat(compacted.exitCode()).as(compacted.err()).isZero();
    assertThat(CliRunner.json(run("list", "--json").out())).hasSize(1);

    CliRunner.Result verified = run("verify");
    assertThat(verified.exitCode()).as(verified.out() + verified.err()).isZero();
    assertThat(verified.out())
        .contains("checked 1 chunk in s3://" + BUCKET + "/")
        .contains("(clean)");

    CliRunner.Result reindexed = run("reindex");
    assertThat(reindexed.exitCode()).as(reindexed.err()).isZero();
    assertThat(reindexed.out()).startsWith("reindexed 1 chunk in");
  }

  @Test
  void doctorSaysTheStoreIsReachableWritableAndConditional() {
    CliRunner.Result result = run("doctor");

    assertThat(result.exitCode()).as(result.out() + result.err()).isZero();
    assertThat(result.outLines())
        .contains("reachable: ok", "writable: ok", "conditional writes: ok");
    assertThat(result.outLines().get(0)).startsWith("store: s3://" + BUCKET + "/p-");
  }

  @Test
  void doctorOnAnUnreachableEndpointFailsWithOneLineReason() {
    cli.env(
        "CHM_STORE",
        CliRunner.s3Uri(BUCKET, "p", "http://127.0.0.1:1") + "&max-attempts=1&timeout=2s");

    CliRunner.Result result = run("doctor");

    assertThat(result.exitCode()).isEqualTo(1);
    assertThat(result.outLines())
        .hasSize(4)
        .anySatisfy(line -> assertThat(line).startsWith("reachable: FAIL: Cannot "));
    assertThat(result.err()).isEmpty();
  }

  @Test
  void configAndErrorsNeverShowTheSecret() {
    cli.env("AWS_SECRET_ACCESS_KEY", SECRET_KEY).env("CHM_S3_SECRET", SECRET_KEY);

    CliRunner.Result config = run("config");
    CliRunner.Result json = run("config", "--json");
    CliRunner.Result failed = run("list");

    assertThat(config.exitCode()).isZero();
    assertThat(json.exitCode()).isZero();
    assertThat(failed.exitCode()).as("unknown option s3.secret").isEqualTo(2);
    assertThat(failed.err()).contains("s3.secret");
  }
}
