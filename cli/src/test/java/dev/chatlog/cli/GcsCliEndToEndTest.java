package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatlog.gcs.FakeGcs;
import dev.chatlog.gcs.FakeGcsServer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The command line on a {@code gs://} store, against the in-process fake GCS server: every run
 * opens its own store instance, as separate invocations on separate machines would.
 */
class GcsCliEndToEndTest {
  @TempDir Path home;

  private FakeGcsServer server;
  private Map<String, String> env;

  /** What one run printed and returned. */
  private record Run(int exitCode, String out, String err) {
    List<String> outLines() {
      return out.lines().filter(line -> !line.isBlank()).toList();
    }
  }

  @BeforeEach
  void start() {
    server = FakeGcsServer.start(FakeGcs.BUCKET);
    env = new HashMap<>();
    env.put("HOME", home.toString());
    env.put("XDG_CACHE_HOME", home.resolve("cache").toString());
    env.putAll(CliRunner.gcsEnvironment(server, "cli-" + UUID.randomUUID()));
  }

  @AfterEach
  void stop() {
    assertThat(server.unexpected()).isEmpty();
    server.close();
  }

  private Run run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int code =
        Main.run(
            new ByteArrayInputStream(stdin.getBytes(UTF_8)),
            new PrintStream(out, true, UTF_8),
            new PrintStream(err, true, UTF_8),
            Map.copyOf(env),
            args);
    return new Run(code, out.toString(UTF_8), err.toString(UTF_8));
  }

  private String save(String text, String... args) {
    String[] all = new String[args.length + 1];
    all[0] = "save";
    System.arraycopy(args, 0, all, 1, args.length);
    Run saved = run(text, all);
    assertThat(saved.exitCode()).as(saved.err()).isZero();
    assertThat(saved.outLines()).hasSize(1);
    return saved.outLines().get(0);
  }

  private static JsonNode json(String text) {
    try {
      return new ObjectMapper().readTree(text);
    } catch (IOException e) {
      throw new UncheckedIOException("not JSON: " + text, e);
    }
  }

  @Test
  void savedInOneRunAndRetrievedInAnother() {
    String id = save("the bucket decision\n", "-p", "team", "-t", "storage");

    Run retrieved = run("", "retrieve", "-p", "team");
    Run shown = run("", "show", id, "--json");

    assertThat(retrieved.exitCode()).as(retrieved.err()).isZero();
    assertThat(retrieved.out()).contains(id).contains("the bucket decision");
    assertThat(shown.exitCode()).isZero();
    JsonNode chunk = json(shown.out());
    assertThat(chunk.get("project").asText()).isEqualTo("team");
    assertThat(chunk.get("body").asText()).contains("the bucket decision");
    assertThat(server.names(FakeGcs.BUCKET))
        .anySatisfy(name -> assertThat(name).contains("/chunks/").endsWith(id + ".md"));
  }

  @Test
  void everyCommandWorksAsOnTheFileStore() {
    String first = save("alpha note about caching\n", "-p", "team", "-t", "one");
    String second = save("beta note with a needle\n", "-p", "team", "-t", "two");

    Run list = run("", "list", "--format", "jsonl");
    Run search = run("", "search", "needle", "--format", "jsonl");
    Run compact = run("", "compact");
    Run stats = run("", "stats", "--json");
    Run delete = run("", "delete", first);
    Run afterDelete = run("", "list", "--format", "jsonl");
    Run shownDeleted = run("", "show", first);

    assertThat(list.exitCode()).as(list.err()).isZero();
    assertThat(list.outLines()).hasSize(2);
    assertThat(search.exitCode()).as(search.err()).isZero();
    assertThat(search.out()).contains(second).doesNotContain(first);
    assertThat(compact.exitCode()).as(compact.err()).isZero();
    assertThat(stats.exitCode()).as(stats.err()).isZero();
    JsonNode statsJson = json(stats.out());
    assertThat(statsJson.get("chunks").asLong()).isEqualTo(2);
    assertThat(statsJson.get("location").asText()).isEqualTo(env.get("CHM_STORE"));
    assertThat(delete.exitCode()).as(delete.err()).isZero();
    assertThat(afterDelete.outLines()).singleElement().asString().contains(second);
    assertThat(shownDeleted.exitCode()).isEqualTo(4);
  }

  @Test
  void optionsMayAlsoComeAsQueryParameters() {
    String store = env.get("CHM_STORE");
    env.remove("CHM_GCS_ENDPOINT");
    env.remove("CHM_GCS_NO_AUTH");
    env.put("CHM_STORE", store + "?endpoint=" + server.endpoint() + "&no-auth=true");

    String id = save("via the query\n", "-p", "team");

    assertThat(run("", "show", id).out()).contains("via the query");
  }

  @Test
  void aMissingBucketIsOneClearLine() {
    env.put("CHM_STORE", "gs://no-such-bucket/p");

    Run result = run("", "list");

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.err().strip())
        .contains("bucket 'no-such-bucket' does not exist")
        .doesNotContain("\n")
        .doesNotContain("Exception");
  }

  @Test
  void noAuthWithoutAnEndpointIsAUsageError() {
    env.remove("CHM_GCS_ENDPOINT");

    Run result = run("", "list");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("gcs.no-auth").contains("gcs.endpoint");
  }
}
