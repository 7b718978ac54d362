package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.gcs.FakeGcs;
import dev.chatlog.gcs.FakeGcsServer;
import dev.chatlog.s3.S3ProxyServer;
import java.net.URLEncoder;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Chunks moved across the four kinds of store, on the in-build servers (an in-process S3Proxy and
 * the fake GCS server): a copy file → SQLite → S3 → GCS → file gives the same chunks, ids, metadata
 * and bodies byte for byte; and an export imported into an empty store of each kind exports the
 * same again.
 */
class StoreRoundTripTest {
  private static final String BUCKET = "chatlog-transfer";
  private static final int CHUNKS = 40;

  private static S3ProxyServer s3;
  private static FakeGcsServer gcs;

  @TempDir Path temp;

  private CliRunner source;
  private String firstExport;

  @BeforeAll
  static void startServers() throws Exception {
    s3 = S3ProxyServer.start(BUCKET);
    gcs = FakeGcsServer.start(FakeGcs.BUCKET);
  }

  @AfterAll
  static void stopServers() {
    if (s3 != null) {
      s3.close();
    }
    if (gcs != null) {
      assertThat(gcs.unexpected()).as("requests the fake GCS server does not serve").isEmpty();
      gcs.close();
    }
  }

  @BeforeEach
  void seed() {
    source = new CliRunner(temp.resolve("file-store"));
    Path seed = Backups.jsonl(temp.resolve("seed.jsonl"), Backups.chunks(CHUNKS));
    CliRunner.Result seeded = source.run("import", seed.toString());
    assertThat(seeded.exitCode()).as(seeded.err()).isZero();
    firstExport = export(source);
    assertThat(firstExport.lines()).hasSize(CHUNKS);
  }

  /** A store URI of each kind, new for each call. */
  private String uri(String kind) {
    String name = kind + "-" + UUID.randomUUID();
    return switch (kind) {
      case "file" -> temp.resolve(name).toUri().toString();
      case "sqlite" -> "sqlite://" + temp.resolve(name + ".db").toAbsolutePath();
      case "s3" ->
          "s3://"
              + BUCKET
              + "/"
              + name
              + "?endpoint="
              + s3.endpoint()
              + "&path-style=true&region=us-east-1&probe-cache="
              + URLEncoder.encode(temp.resolve("probe-cache").toString(), UTF_8);
      case "gs" ->
          "gs://" + FakeGcs.BUCKET + "/" + name + "?endpoint=" + gcs.endpoint() + "&no-auth=true";
      default -> throw new IllegalArgumentException(kind);
    };
  }

  private CliRunner at(String uri) {
    return new CliRunner(temp.resolve("unused")).env("CHM_STORE", uri);
  }

  private static String export(CliRunner runner) {
    CliRunner.Result result = runner.run("export");
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result.out();
  }

  @Test
  void copyFromFileToSqliteToS3ToGcsToFileGivesTheSameChunks() {
    CliRunner from = source;
    for (String kind : List.of("sqlite", "s3", "gs", "file")) {
      String to = uri(kind);

      CliRunner.Result copied = from.run("copy", "--to", to);

      assertThat(copied.exitCode()).as(kind + ": " + copied.err()).isZero();
      assertThat(copied.err()).contains(CHUNKS + " written, 0 already present, 0 conflicts");
      from = at(to);
      assertThat(export(from)).as("export of the " + kind + " store").isEqualTo(firstExport);
    }
  }

  @ParameterizedTest
  @ValueSource(strings = {"sqlite", "s3", "gs", "file"})
  void exportImportedIntoAnEmptyStoreOfEachKindExportsTheSame(String kind) {
    Path jsonl = temp.resolve("backup.jsonl");
    Path archive = temp.resolve("backup.tar.gz");
    assertThat(source.run("export", "-o", jsonl.toString()).exitCode()).isZero();
    assertThat(source.run("export", "--format", "archive", "-o", archive.toString()).exitCode())
        .isZero();

    for (Path backup : List.of(jsonl, archive)) {
      CliRunner target = at(uri(kind));
      CliRunner.Result restored = target.run("import", backup.toString());

      assertThat(restored.exitCode()).as(restored.err()).isZero();
      assertThat(export(target)).as(kind + " from " + backup).isEqualTo(firstExport);
    }
  }
}
