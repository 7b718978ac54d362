package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.ResourceLock;
import org.junit.jupiter.api.parallel.Resources;

/**
 * Credentials set in the environment never appear in any output, error message, stack trace or log
 * line of any command, whether the command succeeds or fails.
 */
@ResourceLock(Resources.SYSTEM_ERR)
class CredentialSafetyTest {
  private static final String ACCESS_KEY = "AKIAFAKEACCESS7Q2X9Z";
  private static final String SECRET_KEY = "fAkEsEcReT/kEy+0123456789abcdefGHIJKLmn";
  private static final String SESSION_TOKEN = "FwoGZXIvYXdzEFakeSessionToken0987zyx";
  private static final String URI_USER = "AKIAINURIUSER5555";
  private static final String URI_PASSWORD = "uriPassw0rdSecret";
  private static final String OPTION_SECRET = "chmOptionSecretValue42";
  private static final String PRIVATE_KEY = "MIIEvQIBADANBgkqhkiG9w0BFAKEKEYMATERIAL";

  @TempDir Path temp;
  private CliRunner cli;
  private List<String> secrets;

  @BeforeEach
  void setUp() throws IOException {
    Path keyFile =
        Files.writeString(
            temp.resolve("service-account.json"),
            "{\"type\":\"service_account\",\"private_key_id\":\"0123abcd\",\"private_key\":"
                + "\"-----BEGIN PRIVATE KEY-----\\n"
                + PRIVATE_KEY
                + "\\n-----END PRIVATE KEY-----\\n\",\"client_email\":\"x@y.iam.gserviceaccount.com\"}");
    cli = new CliRunner(temp.resolve("store"));
    cli.env("AWS_ACCESS_KEY_ID", ACCESS_KEY)
        .env("AWS_SECRET_ACCESS_KEY", SECRET_KEY)
        .env("AWS_SESSION_TOKEN", SESSION_TOKEN)
        .env("GOOGLE_APPLICATION_CREDENTIALS", keyFile.toString())
        .env("CHM_S3_SECRET_ACCESS_KEY", OPTION_SECRET)
        .env("CHM_LOG_LEVEL", "debug");
    secrets = List.of(SECRET_KEY, SESSION_TOKEN, URI_PASSWORD, OPTION_SECRET, PRIVATE_KEY);
  }

  /** Runs a command, capturing the process-wide stderr that log lines go to as well. */
  private String runCapturingLogs(String stdin, String... args) {
    PrintStream original = System.err;
    ByteArrayOutputStream logs = new ByteArrayOutputStream();
    System.setErr(new PrintStream(logs, true, UTF_8));
    CliRunner.Result result;
    try {
      result = cli.runWithInput(stdin, args);
    } finally {
      System.setErr(original);
    }
    return result.exitCode()
        + "\n"
        + result.out()
        + "\n"
        + result.err()
        + "\n"
        + logs.toString(UTF_8);
  }

  private void assertNoSecret(String output) {
    for (String secret : secrets) {
      assertThat(output).as("output of the command").doesNotContain(secret);
    }
  }

  @Test
  void configNeverPrintsSecretOptions() {
    cli.env("CHM_STORE", "s3://chatlog-bucket/prefix");

    assertNoSecret(runCapturingLogs("", "config"));
    assertNoSecret(runCapturingLogs("", "config", "--format", "json"));
    assertNoSecret(runCapturingLogs("", "--verbose", "config", "--format", "json"));
  }

  @Test
  void aStoreUriWithUserInfoIsNeverEchoed() {
    cli.env("CHM_STORE", "s3://" + URI_USER + ":" + URI_PASSWORD + "@chatlog-bucket/prefix");
    secrets = List.of(SECRET_KEY, SESSION_TOKEN, URI_PASSWORD, URI_USER, OPTION_SECRET);

    assertNoSecret(runCapturingLogs("", "config"));
    assertNoSecret(runCapturingLogs("", "config", "--format", "json"));
    assertNoSecret(runCapturingLogs("", "doctor"));
    assertNoSecret(runCapturingLogs("text", "save"));
    assertNoSecret(runCapturingLogs("text", "--verbose", "save"));
    assertNoSecret(runCapturingLogs("", "--verbose", "list"));
  }

  @Test
  void aFailingSaveOnAnUnreachableEndpointNamesNoCredential() {
    cli.env("CHM_STORE", "s3://chatlog-bucket/prefix")
        .env("CHM_S3_SECRET_ACCESS_KEY", null)
        .env("CHM_S3_ENDPOINT", "http://127.0.0.1:9")
        .env("CHM_S3_REGION", "us-east-1")
        .env("CHM_S3_PATH_STYLE", "true")
        .env("CHM_S3_MAX_ATTEMPTS", "1")
        .env("CHM_S3_TIMEOUT", "2s")
        .env("CHM_S3_PROBE_CACHE", temp.resolve("probe").toString());

    String output = runCapturingLogs("text", "--verbose", "save");

    assertThat(output).startsWith("1\n").contains("chatlog: Cannot ");
    assertNoSecret(output);
    assertNoSecret(runCapturingLogs("", "doctor"));
  }

  @Test
  void aGcsStoreWithAKeyFileNeverShowsTheKey() {
    cli.env("CHM_STORE", "gs://chatlog-bucket/prefix")
        .env("CHM_S3_SECRET_ACCESS_KEY", null)
        .env("CHM_GCS_ENDPOINT", "http://127.0.0.1:9")
        .env("CHM_GCS_MAX_ATTEMPTS", "1")
        .env("CHM_GCS_TIMEOUT", "2s");

    assertNoSecret(runCapturingLogs("", "config", "--format", "json"));
    assertNoSecret(runCapturingLogs("text", "--verbose", "save"));
    assertNoSecret(runCapturingLogs("", "doctor"));
  }
}
