package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ReadingCommandsTest {
  @TempDir Path temp;

  CliRunner cli;
  String oldest;
  String middle;
  String newest;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
    oldest = cli.save("alpha body", "-p", "demo", "-t", "one", "--tag", "a", "--tag", "b");
    middle = cli.save("beta body", "-p", "demo", "-t", "two", "--tag", "a", "--actor", "assistant");
    newest = cli.save("gamma body", "-p", "other", "-t", "one", "--session", "s2");
  }

  @Test
  void retrieveGivesTheNewestMatchingChunkAsMarkdown() {
    CliRunner.Result result = cli.run("retrieve", "--project", "demo");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("## " + middle + " · ").contains("demo/two");
    assertThat(result.out()).contains("beta body").doesNotContain("alpha body");
  }

  @Test
  void retrieveHonoursLimitAndOrdersNewestFirst() {
    String out = cli.run("retrieve", "--limit", "3").out();

    assertThat(out.indexOf("gamma body"))
        .isLessThan(out.indexOf("beta body"))
        .isGreaterThanOrEqualTo(0);
    assertThat(out.indexOf("beta body")).isLessThan(out.indexOf("alpha body"));
  }

  @Test
  void retrieveFiltersByTopicSessionActorAndAllTags() {
    assertThat(ids(cli.run("retrieve", "-t", "one", "-n", "5", "--format", "jsonl")))
        .containsExactly(newest, oldest);
    assertThat(ids(cli.run("retrieve", "--session", "s2", "-n", "5", "--format", "jsonl")))
        .containsExactly(newest);
    assertThat(ids(cli.run("retrieve", "--actor", "assistant", "-n", "5", "--format", "jsonl")))
        .containsExactly(middle);
    assertThat(ids(cli.run("retrieve", "--tag", "a", "--tag", "b", "-n", "5", "--format", "jsonl")))
        .containsExactly(oldest);
  }

  @Test
  void retrieveFiltersByTime() {
    assertThat(ids(cli.run("retrieve", "--since", "1h", "-n", "5", "--format", "jsonl")))
        .containsExactly(newest, middle, oldest);
    assertThat(ids(cli.run("retrieve", "--until", "2000-01-01", "-n", "5", "--format", "jsonl")))
        .isEmpty();
    assertThat(
            ids(
                cli.run(
                    "retrieve", "--since", "2000-01-01T00:00:00Z", "-n", "5", "--format", "jsonl")))
        .hasSize(3);
  }

  @Test
  void retrieveWithNothingMatchingPrintsNothingAndSaysSo() {
    CliRunner.Result result = cli.run("retrieve", "--project", "nobody");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).contains("nothing matched");
  }

  @Test
  void retrieveWithinACharacterBudget() {
    CliRunner.Result result = cli.run("retrieve", "--max-chars", "1000000", "--format", "jsonl");
    assertThat(ids(result)).containsExactly(newest, middle, oldest);

    CliRunner.Result tight = cli.run("retrieve", "--max-chars", "1", "--format", "jsonl");
    assertThat(tight.exitCode()).isZero();
    assertThat(ids(tight)).isEmpty();

    CliRunner.Result capped =
        cli.run("retrieve", "--max-chars", "1000000", "--limit", "2", "--format", "jsonl");
    assertThat(ids(capped)).containsExactly(newest, middle);
  }

  @Test
  void retrieveAsJsonIsOneArrayWithBodies() {
    JsonNode json = CliRunner.json(cli.run("retrieve", "-n", "2", "--json").out());

    assertThat(json.isArray()).isTrue();
    assertThat(json.size()).isEqualTo(2);
    assertThat(json.get(0).get("id").asText()).isEqualTo(newest);
    assertThat(json.get(0).get("body").asText()).contains("gamma body");
    assertThat(json.get(0).get("sha256").asText()).hasSize(64);
  }

  @Test
  void listPrintsATableNewestFirst() {
    CliRunner.Result result = cli.run("list");

    assertThat(result.exitCode()).isZero();
    List<String> lines = result.outLines();
    assertThat(lines.get(0).split("\\s+"))
        .containsExactly("ID", "CREATED", "PROJECT", "TOPIC", "SESSION", "SEQ", "SIZE", "TAGS");
    assertThat(lines).hasSize(4);
    assertThat(lines.get(1)).startsWith(newest).contains("other").contains("s2");
    assertThat(lines.get(3)).startsWith(oldest).contains("demo").endsWith("a,b");
  }

  @Test
  void listTakesFiltersLimitAndJson() {
    assertThat(ids(cli.run("list", "-p", "demo", "--format", "jsonl")))
        .containsExactly(middle, oldest);
    assertThat(ids(cli.run("list", "--limit", "1", "--format", "jsonl"))).containsExactly(newest);
    JsonNode json = CliRunner.json(cli.run("list", "--json").out());
    assertThat(json.size()).isEqualTo(3);
    assertThat(json.get(0).has("body")).isFalse();
    assertThat(json.get(2).get("size").asLong()).isPositive();
  }

  @Test
  void listRejectsAFormatItDoesNotOffer() {
    CliRunner.Result result = cli.run("list", "--format", "markdown");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("Cannot use --format markdown").hasLineCount(1);
  }

  @Test
  void showPrintsOneChunkAsMarkdownOrJson() {
    CliRunner.Result markdown = cli.run("show", middle);
    assertThat(markdown.exitCode()).isZero();
    assertThat(markdown.out()).startsWith("## " + middle).contains("beta body");

    JsonNode json = CliRunner.json(cli.run("show", middle, "--format", "json").out());
    assertThat(json.get("id").asText()).isEqualTo(middle);
  }

  @Test
  void showOfAnUnknownIdIsNotFound() {
    CliRunner.Result result = cli.run("show", "01ARZ3NDEKTSV4RRFFQ69G5FAV");

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("chatlog: Cannot show chunk 01ARZ3NDEKTSV4RRFFQ69G5FAV");
    assertThat(result.err()).hasLineCount(1);
  }

  @Test
  void showOfAMalformedIdIsAUsageError() {
    CliRunner.Result result = cli.run("show", "not-an-id");

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("not-an-id").hasLineCount(1);
  }

  @Test
  void deleteRemovesTheChunksAndPrintsTheirIds() {
    CliRunner.Result result = cli.run("delete", oldest, newest);

    assertThat(result.exitCode()).isZero();
    assertThat(result.outLines()).containsExactlyInAnyOrder(oldest, newest);
    assertThat(ids(cli.run("list", "--format", "jsonl"))).containsExactly(middle);
    assertThat(cli.run("show", oldest).exitCode()).isEqualTo(4);
  }

  @Test
  void deleteWithAnUnknownIdDeletesNothing() {
    var before = CliRunner.snapshot(cli.store());

    CliRunner.Result result = cli.run("delete", oldest, "01ARZ3NDEKTSV4RRFFQ69G5FAV");

    assertThat(result.exitCode()).isEqualTo(4);
    assertThat(result.err()).contains("01ARZ3NDEKTSV4RRFFQ69G5FAV").hasLineCount(1);
    assertThat(CliRunner.snapshot(cli.store())).isEqualTo(before);
    assertThat(ids(cli.run("list", "--format", "jsonl"))).hasSize(3);
  }

  @Test
  void deleteDryRunShowsWhatWouldGoAndDeletesNothing() {
    var before = CliRunner.snapshot(cli.store());

    CliRunner.Result result = cli.run("delete", "--dry-run", middle);

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).startsWith("would delete: " + middle).contains("demo/two");
    assertThat(result.err()).contains("dry run");
    assertThat(CliRunner.snapshot(cli.store())).isEqualTo(before);
  }

  @Test
  void deleteDryRunWithAnUnknownIdIsNotFound() {
    CliRunner.Result result = cli.run("delete", "--dry-run", "01ARZ3NDEKTSV4RRFFQ69G5FAV");

    assertThat(result.exitCode()).isEqualTo(4);
  }

  @Test
  void compactKeepsEveryChunkReadable() {
    CliRunner.Result result = cli.run("compact");

    assertThat(result.exitCode()).isZero();
    assertThat(result.err()).contains("compacted");
    assertThat(ids(cli.run("list", "--format", "jsonl"))).containsExactly(newest, middle, oldest);
  }

  @Test
  void statsCountsChunksPerProject() {
    CliRunner.Result table = cli.run("stats");
    assertThat(table.exitCode()).isZero();
    assertThat(table.out()).containsPattern("chunks\\s+3").containsPattern("project demo\\s+2");

    JsonNode json = CliRunner.json(cli.run("stats", "--json").out());
    assertThat(json.get("chunks").asLong()).isEqualTo(3);
    assertThat(json.get("projects").get("other").asLong()).isEqualTo(1);
    assertThat(json.get("bytes").asLong()).isPositive();
  }

  @Test
  void searchPrintsHitsWithTheirIds() {
    CliRunner.Result result = cli.run("search", "beta");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).contains(middle).doesNotContain(oldest);

    JsonNode json = CliRunner.json(cli.run("search", "body", "-p", "demo", "--json").out());
    assertThat(json.size()).isEqualTo(2);
    assertThat(json.get(0).has("snippet")).isTrue();
  }

  @Test
  void searchWithoutHitsSaysSo() {
    CliRunner.Result result = cli.run("search", "nowhere-to-be-found");

    assertThat(result.exitCode()).isZero();
    assertThat(result.out()).isEmpty();
    assertThat(result.err()).startsWith("chatlog: nothing matched in ");
  }

  static List<String> ids(CliRunner.Result result) {
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result.outLines().stream().map(line -> CliRunner.json(line).get("id").asText()).toList();
  }
}
