package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.ChatLog;
import dev.chatlog.SaveRequest;
import dev.chatlog.config.Settings;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code chatlog search} on a file store, through the local SQLite index in a temp cache. */
class SearchCommandTest {
  private static final String BOLD = "\u001b[1m";
  private static final String RESET = "\u001b[0m";

  @TempDir Path temp;

  CliRunner cli;
  Path cache;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
    cache = temp.resolve("cache").resolve("chatlog");
  }

  @Test
  void tableShowsIdTimeProjectTopicAndThePlainSnippetOffATerminal() {
    String id = cli.save("the consumer lag of kafka grew overnight", "-p", "ops", "-t", "kafka");
    cli.save("an unrelated note about lunch", "-p", "ops", "-t", "food");

    CliRunner.Result result = cli.run("search", "kafka");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines()).hasSize(2);
    assertThat(result.outLines().get(0)).startsWith(id + "  ").contains("  ops/kafka");
    assertThat(result.outLines().get(0)).containsPattern("\\d{4}-\\d\\d-\\d\\dT");
    assertThat(result.outLines().get(1)).isEqualTo("    the consumer lag of kafka grew overnight");
    assertThat(result.out()).doesNotContain("\u001b").doesNotContain("score");
  }

  @Test
  void colorAlwaysBoldsTheMatchesAndNeverLeavesThemPlain() {
    cli.save("the consumer lag of kafka grew", "-p", "ops");

    assertThat(cli.run("search", "kafka", "lag", "--color", "always").outLines().get(1))
        .isEqualTo(
            "    the consumer " + BOLD + "lag" + RESET + " of " + BOLD + "kafka" + RESET + " grew");
    assertThat(cli.run("search", "kafka", "--color", "never").out()).doesNotContain("\u001b");
  }

  @Test
  void markdownMarksTheMatchesWithStrongEmphasis() {
    String id = cli.save("Kafka lag again\nsecond line", "-p", "ops", "-t", "kafka");

    CliRunner.Result result = cli.run("search", "kafka", "--format", "markdown");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.out())
        .startsWith("## " + id + " · ")
        .contains(" · ops/kafka\n\n> **Kafka** lag again second line\n")
        .doesNotContain("score");
    assertThat(cli.run("search", "kafka", "--format", "markdown", "--explain").out())
        .containsPattern("score [0-9.e-]+ · relevance [0-9.e-]+ · recency [0-9.e-]+");
  }

  @Test
  void jsonHitsCarryTheScorePartsTheSnippetAndHighlightOffsets() {
    String id = cli.save("notes: the Café served kafka lag charts", "-p", "ops", "-t", "cafe");

    JsonNode hits = CliRunner.json(cli.run("search", "cafe", "lag", "--json").out());

    assertThat(hits.size()).isEqualTo(1);
    JsonNode hit = hits.get(0);
    assertThat(hit.get("id").asText()).isEqualTo(id);
    assertThat(hit.get("project").asText()).isEqualTo("ops");
    assertThat(hit.get("topic").asText()).isEqualTo("cafe");
    assertThat(hit.get("relevance").asDouble()).isPositive();
    assertThat(hit.get("recency").asDouble()).isBetween(0.99, 1.0);
    double balanced = hit.get("relevance").asDouble() * (0.5 + 0.5 * hit.get("recency").asDouble());
    assertThat(hit.get("score").asDouble()).isCloseTo(balanced, within(1e-9));
    String snippet = hit.get("snippet").asText();
    List<String> marked = new ArrayList<>();
    for (JsonNode span : hit.get("highlights")) {
      marked.add(snippet.substring(span.get("start").asInt(), span.get("end").asInt()));
    }
    assertThat(marked).containsExactly("Café", "lag");

    List<String> lines = cli.run("search", "cafe", "--format", "jsonl").outLines();
    assertThat(lines).hasSize(1);
    assertThat(CliRunner.json(lines.get(0)).get("id").asText()).isEqualTo(id);
  }

  @Test
  void eachRankModeOrdersAsDocumented() {
    Instant now = Instant.now();
    // Old and strong: "kafka" twice in a short body. New and weak: once in a long body.
    String old = saveAt("kafka kafka", now.minus(Duration.ofDays(120)));
    String mid = saveAt("kafka broker", now.minus(Duration.ofDays(10)));
    String fresh =
        saveAt(
            "a long note that mentions kafka only once among many other words about the"
                + " weather, the garden, the train timetable and a birthday cake",
            now);

    JsonNode relevance =
        CliRunner.json(cli.run("search", "kafka", "--rank", "relevance", "--json").out());
    JsonNode recent =
        CliRunner.json(cli.run("search", "kafka", "--rank", "recent", "--json").out());
    JsonNode balanced = CliRunner.json(cli.run("search", "kafka", "--json").out());

    assertThat(ids(relevance)).containsExactly(old, mid, fresh);
    assertThat(ids(recent)).containsExactly(fresh, mid, old);
    // Ten days of age cost the medium match less than 120 days cost the strong one; the weak,
    // fresh match stays last because age can at most halve a score.
    assertThat(ids(balanced)).containsExactly(mid, old, fresh);
    for (JsonNode hit : relevance) {
      assertThat(hit.get("score").asDouble()).isEqualTo(hit.get("relevance").asDouble());
    }
    for (JsonNode hit : recent) {
      assertThat(hit.get("score").asDouble()).isEqualTo(hit.get("recency").asDouble());
    }
    for (JsonNode hit : balanced) {
      double expected =
          hit.get("relevance").asDouble() * (0.5 + 0.5 * hit.get("recency").asDouble());
      assertThat(hit.get("score").asDouble()).isCloseTo(expected, within(1e-9));
    }
    // 120 days is four half-lives of the default 30d.
    assertThat(balanced.get(1).get("recency").asDouble()).isCloseTo(0.0625, within(1e-3));

    // A long half-life makes age matter little: the strongest match wins again.
    cli.env("CHM_SEARCH_HALF_LIFE", "3650d");
    JsonNode slow = CliRunner.json(cli.run("search", "kafka", "--json").out());
    assertThat(ids(slow)).containsExactly(old, mid, fresh);
  }

  @Test
  void explainAddsTheScorePartsToTheTable() {
    cli.save("kafka lag", "-p", "ops");

    String header = cli.run("search", "kafka", "--explain").outLines().get(0);

    assertThat(header).matches(".*  score \\S+  relevance \\S+  recency \\S+");
    assertThat(header).containsPattern("recency (1\\.00000|0\\.99999\\d)");
  }

  @Test
  void filtersAndLimitApplyBeforeRanking() {
    String a = cli.save("kafka in ops", "-p", "ops", "-t", "one", "--tag", "x");
    String b = cli.save("kafka in dev", "-p", "dev", "-t", "one", "--actor", "assistant");
    String c = cli.save("kafka in ops again", "-p", "ops", "-t", "two", "--session", "s9");

    assertThat(ids(json("search", "kafka", "-p", "ops", "--json"))).containsExactlyInAnyOrder(a, c);
    assertThat(ids(json("search", "kafka", "-t", "one", "--json"))).containsExactlyInAnyOrder(a, b);
    assertThat(ids(json("search", "kafka", "--tag", "x", "--json"))).containsExactly(a);
    assertThat(ids(json("search", "kafka", "--actor", "assistant", "--json"))).containsExactly(b);
    assertThat(ids(json("search", "kafka", "--session", "s9", "--json"))).containsExactly(c);
    assertThat(ids(json("search", "kafka", "--since", "1d", "--json"))).hasSize(3);
    assertThat(json("search", "kafka", "--until", "2000-01-01", "--json").size()).isZero();
    assertThat(json("search", "kafka", "--limit", "2", "--json").size()).isEqualTo(2);
  }

  @Test
  void exclusionsTypedAsWordsOfTheirOwnFollowTheFirstWord() {
    String kept = cli.save("retry budget of the client", "-p", "ops");
    String timeout = cli.save("retry after a timeout of the client", "-p", "ops");
    cli.save("retry storm at the gateway", "-p", "ops");
    cli.save("retry policy of the gateway", "-p", "dev");

    assertThat(ids(json("search", "retry", "-gateway", "--json")))
        .containsExactlyInAnyOrder(kept, timeout);
    assertThat(ids(json("search", "retry", "-timeout", "-gateway", "--json")))
        .as("-timeout is a word to exclude, not -t (topic) imeout")
        .containsExactly(kept);
    assertThat(ids(json("search", "retry", "-gateway", "-p", "ops", "--limit=1", "--json")))
        .as("options still work among and after the words")
        .hasSize(1);
    assertThat(ids(json("search", "-p", "dev", "retry", "-\"the client\"", "--json")))
        .containsExactly(ids(json("search", "retry", "-p", "dev", "--json")).get(0));
    assertThat(ids(json("search", "-n1", "retry", "-gateway", "--json")))
        .as("an attached value before the words is still an option")
        .hasSize(1);
  }

  @Test
  void anUnknownOptionIsStillAnError() {
    cli.save("retry budget", "-p", "ops");

    CliRunner.Result misspelt = cli.run("search", "retry", "--limt", "5");
    assertThat(misspelt.exitCode()).isEqualTo(2);
    assertThat(misspelt.err()).contains("--limt");
    CliRunner.Result first = cli.run("search", "-gateway", "retry");
    assertThat(first.exitCode()).as("before the first word, '-' starts an option").isEqualTo(2);
    assertThat(first.err()).contains("-gateway");
  }

  @Test
  void defaultLimitIsTen() {
    for (int i = 0; i < 12; i++) {
      cli.save("kafka note number " + i, "-p", "ops");
    }

    assertThat(json("search", "kafka", "--json").size()).isEqualTo(10);
  }

  @Test
  void malformedQueriesAreUsageErrorsOnOneLine() throws IOException {
    cli.save("kafka lag", "-p", "ops");

    for (String query : List.of("\"consumer lag", "kafka OR", "-- -kafka")) {
      CliRunner.Result result =
          query.startsWith("--")
              ? cli.run("search", "--", query.substring(3))
              : cli.run("search", query);
      assertThat(result.exitCode()).as(query).isEqualTo(2);
      assertThat(result.out()).isEmpty();
      assertThat(result.err().lines().toList()).as(query).hasSize(1);
      assertThat(result.err()).startsWith("chatlog: Cannot search: ").doesNotContain("SQL");
    }
    assertThat(cli.run("search", "\"consumer lag").err())
        .contains("unbalanced quote at position 1");
    assertThat(cli.run("search", "kafka", "--limit", "0").exitCode()).isEqualTo(2);
    assertThat(cli.run("search", "kafka", "--rank", "fastest").exitCode()).isEqualTo(2);
    assertThat(indexFiles()).isEmpty(); // no search ran, so no index was made
  }

  @Test
  void theLocalIndexLivesInTheCacheFolderOfTheEnvironment() throws IOException {
    cli.save("kafka lag", "-p", "ops");

    assertThat(cli.run("search", "kafka").exitCode()).isZero();

    assertThat(indexFiles()).hasSize(1);
    assertThat(temp.resolve(".cache")).doesNotExist();
  }

  @Test
  void reindexDropsTheLocalIndexAndRebuildsIt() throws Exception {
    String id = cli.save("kafka lag", "-p", "ops");
    assertThat(cli.run("search", "kafka").exitCode()).isZero();
    Path index = indexFiles().get(0);
    execute(index, "CREATE TABLE marker(x)");

    assertThat(cli.run("search", "kafka").outLines().get(0)).startsWith(id);
    assertThat(tables(index)).contains("marker"); // an incremental update keeps the file

    CliRunner.Result result = cli.run("search", "kafka", "--reindex");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines().get(0)).startsWith(id);
    assertThat(tables(index)).isNotEmpty().doesNotContain("marker");
  }

  @Test
  void aCorruptIndexIsRebuiltOnItsOwn() throws IOException {
    String id = cli.save("kafka lag", "-p", "ops");
    assertThat(cli.run("search", "kafka").exitCode()).isZero();
    Files.writeString(indexFiles().get(0), "this is not a database at all, just text");

    CliRunner.Result result = cli.run("search", "kafka");

    assertThat(result.exitCode()).as(result.err()).isZero();
    assertThat(result.outLines().get(0)).startsWith(id);
  }

  @Test
  void aDeletedChunkIsNeverReturned() {
    String gone = cli.save("kafka lag one", "-p", "ops");
    String kept = cli.save("kafka lag two", "-p", "ops");
    assertThat(ids(json("search", "kafka", "--json"))).containsExactlyInAnyOrder(gone, kept);

    assertThat(cli.run("delete", gone).exitCode()).isZero();

    assertThat(ids(json("search", "kafka", "--json"))).containsExactly(kept);
    assertThat(ids(json("search", "kafka", "--json", "--reindex"))).containsExactly(kept);
  }

  @Test
  void theLocalIndexNoticesChunksWrittenByAnotherStoreInstance() throws IOException {
    String first = cli.save("kafka lag first", "-p", "ops");
    assertThat(ids(json("search", "kafka", "--json"))).containsExactly(first);
    Path index = indexFiles().get(0);

    // Another writer with its own cache folder: only the store is shared.
    CliRunner other =
        new CliRunner(cli.store()).env("XDG_CACHE_HOME", temp.resolve("other").toString());
    String second = other.save("kafka lag second", "-p", "ops");

    assertThat(ids(json("search", "kafka", "--json"))).containsExactlyInAnyOrder(first, second);
    assertThat(indexFiles()).containsExactly(index);
  }

  @Test
  void searchWorksOnTheSqliteStoreAndReindexLeavesItAlone() {
    cli.env("CHM_STORE", "sqlite://" + temp.resolve("chatlog.db").toUri().getPath());
    String id = cli.save("kafka lag in sqlite", "-p", "ops");

    assertThat(ids(json("search", "kafka", "--json"))).containsExactly(id);
    assertThat(ids(json("search", "kafka", "--json", "--reindex"))).containsExactly(id);
  }

  @Test
  void theSettingsNameTheCacheFolder() {
    assertThat(
            Settings.from(Map.of("XDG_CACHE_HOME", "/x/cache", "HOME", "/h")).searchIndexFolder())
        .isEqualTo(Path.of("/x/cache/chatlog"));
    assertThat(
            Settings.from(Map.of("XDG_CACHE_HOME", "relative", "HOME", "/h")).searchIndexFolder())
        .isEqualTo(Path.of("/h/.cache/chatlog"));
  }

  private String saveAt(String body, Instant created) {
    Settings settings = Settings.from(Map.of("CHM_STORE", cli.store().toUri().toString()));
    try (ChatLog log = ChatLog.open(settings.toConfig())) {
      return log.save(SaveRequest.of(body).withProject("ops").withCreated(created))
          .chunks()
          .get(0)
          .meta()
          .id()
          .toString();
    }
  }

  private JsonNode json(String... args) {
    CliRunner.Result result = cli.run(args);
    assertThat(result.exitCode()).as(result.err()).isZero();
    return CliRunner.json(result.out());
  }

  private static List<String> ids(JsonNode hits) {
    List<String> ids = new ArrayList<>();
    hits.forEach(hit -> ids.add(hit.get("id").asText()));
    return ids;
  }

  private List<Path> indexFiles() throws IOException {
    if (!Files.isDirectory(cache)) {
      return List.of();
    }
    try (Stream<Path> files = Files.list(cache)) {
      return files.filter(file -> file.toString().endsWith(".db")).toList();
    }
  }

  private static void execute(Path database, String sql) throws SQLException {
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement()) {
      statement.execute(sql);
    }
  }

  private static List<String> tables(Path database) throws SQLException {
    List<String> names = new ArrayList<>();
    try (Connection connection = DriverManager.getConnection("jdbc:sqlite:" + database);
        Statement statement = connection.createStatement();
        ResultSet rows =
            statement.executeQuery("SELECT name FROM sqlite_master WHERE type = 'table'")) {
      while (rows.next()) {
        names.add(rows.getString(1));
      }
    }
    return names;
  }
}
