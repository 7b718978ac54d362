package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatlog.engine.BlobChunkStore;
import dev.chatlog.model.Actor;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.search.RankMode;
import dev.chatlog.search.ScanSearch;
import dev.chatlog.search.SearchHit;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.search.TextFold;
import dev.chatlog.spi.ChunkStore;
import dev.chatlog.testing.MemoryBlobStore;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Search over real conversations: the 100 Open-Assistant trees of {@code corpus/en_100_tree.jsonl},
 * each root-to-leaf path imported as one session: on the SQLite store, on a blob store through the
 * local index, and with the scan, which must rank them alike, hit for hit.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CorpusSearchTest {
  private static final Instant NOW = Instant.parse("2026-06-01T12:00:00Z");

  private final TempDatabase database = new TempDatabase();
  private ChunkStore sqlite;
  private ChunkStore blobs;
  private List<Chunk> chunks;

  @BeforeAll
  void importCorpus() throws IOException {
    List<ChunkDraft> drafts = drafts();
    sqlite = database.open();
    blobs = BlobChunkStore.open(new MemoryBlobStore(), Map.of());
    sqlite.append(drafts);
    blobs.append(drafts);
    chunks = sqlite.readAll(sqlite.list(ChunkFilter.all(), Integer.MAX_VALUE));
    assertThat(drafts).hasSizeGreaterThan(500);
  }

  @AfterAll
  void close() {
    sqlite.close();
    blobs.close();
    database.cleanUp();
  }

  /** Every root-to-leaf path of every tree, as one chunk of its own session. */
  private static List<ChunkDraft> drafts() throws IOException {
    ObjectMapper json = new ObjectMapper();
    List<ChunkDraft> drafts = new ArrayList<>();
    try (InputStream in = CorpusSearchTest.class.getResourceAsStream("/corpus/en_100_tree.jsonl");
        BufferedReader lines =
            new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
      String line;
      int tree = 0;
      while ((line = lines.readLine()) != null) {
        JsonNode prompt = json.readTree(line).get("prompt");
        List<List<JsonNode>> paths = new ArrayList<>();
        walk(prompt, new ArrayList<>(), paths);
        for (int path = 0; path < paths.size(); path++) {
          drafts.add(draft(tree, path, paths.get(path)));
        }
        tree++;
      }
    }
    return drafts;
  }

  private static void walk(JsonNode node, List<JsonNode> prefix, List<List<JsonNode>> out) {
    List<JsonNode> path = new ArrayList<>(prefix);
    path.add(node);
    JsonNode replies = node.path("replies");
    if (replies.isEmpty()) {
      out.add(path);
      return;
    }
    replies.forEach(reply -> walk(reply, path, out));
  }

  private static ChunkDraft draft(int tree, int path, List<JsonNode> messages) {
    StringBuilder body = new StringBuilder();
    for (JsonNode message : messages) {
      String actor = message.get("role").asText().equals("prompter") ? "user" : "assistant";
      body.append("## ")
          .append(actor)
          .append("\n\n")
          .append(message.get("text").asText())
          .append("\n\n");
    }
    return new ChunkDraft(
        "open-assistant",
        "conversations",
        "tree-" + tree + "-path-" + path,
        NOW.minus(Duration.ofHours(tree)).minus(Duration.ofMinutes(path)),
        List.of(Actor.USER, Actor.ASSISTANT),
        "corpus",
        List.of(),
        "",
        Map.of(),
        body.toString());
  }

  Stream<Arguments> distinctivePhrases() {
    return Stream.of(
            Arguments.of("401k plan", 0),
            Arguments.of("Great Gatsby metaphorical", 5),
            Arguments.of("Chernobyl nuclear disaster", 6),
            Arguments.of("Fes Marocco", 12),
            Arguments.of("Bongcloud", 23),
            Arguments.of("Antarctica cold", 26),
            Arguments.of("Angela Merkel Beatles", 30),
            Arguments.of("unladen swallow", 43),
            Arguments.of("\"symbolic link\"", 50),
            Arguments.of("Timsort Lean", 52),
            Arguments.of("\"center a div\"", 53),
            Arguments.of("Firefox Chrome extension", 58),
            Arguments.of("CBDC dangers", 70),
            Arguments.of("Twilight Sparkle wings", 73),
            Arguments.of("\"fine structure constant\"", 88),
            Arguments.of("Rwandan genocide", 91),
            Arguments.of("Roanoke colony", 92))
        .flatMap(
            arguments ->
                Stream.of("sqlite", "local index", "scan")
                    .map(backend -> Arguments.of(backend, arguments.get()[0], arguments.get()[1])));
  }

  private List<SearchHit> search(String backend, SearchQuery query) {
    return switch (backend) {
      case "sqlite" -> sqlite.search(query);
      case "local index" -> blobs.search(query);
      default -> ScanSearch.search(chunks, query);
    };
  }

  @ParameterizedTest(name = "{0}: {1}")
  @MethodSource("distinctivePhrases")
  void distinctivePhrasesFindTheirOwnConversationFirst(String backend, String query, int tree) {
    List<SearchHit> hits = search(backend, SearchQuery.of(query).withNow(NOW));

    assertThat(hits).isNotEmpty();
    assertThat(hits.get(0).meta().session()).startsWith("tree-" + tree + "-path-");
    assertThat(hits.get(0).highlights()).isNotEmpty();
  }

  Stream<Arguments> queriesAndModes() {
    return Stream.of(
            "python script",
            "GPU OR graphics",
            "learn* -python",
            "the you",
            "\"you can\" help",
            "what is a",
            "is it")
        .flatMap(text -> Stream.of(RankMode.values()).map(mode -> Arguments.of(text, mode)));
  }

  @ParameterizedTest(name = "{0} ({1})")
  @MethodSource("queriesAndModes")
  void theThreePathsRankAlike(String text, RankMode mode) {
    SearchQuery query =
        SearchQuery.of(text)
            .withNow(NOW)
            .withLimit(10)
            .withRank(mode)
            .withFilter(ChunkFilter.all());
    List<SearchHit> fromScan = ScanSearch.search(chunks, query);

    assertThat(fromScan).hasSize(10);
    for (String backend : List.of("sqlite", "local index")) {
      List<SearchHit> hits = search(backend, query);
      assertThat(hits)
          .as(backend + ": the same conversations (each path is a session), in the same order")
          .extracting(hit -> hit.meta().session())
          .containsExactlyElementsOf(fromScan.stream().map(hit -> hit.meta().session()).toList());
      for (int i = 0; i < hits.size(); i++) {
        assertThat(hits.get(i).relevance()).isCloseTo(fromScan.get(i).relevance(), within(1e-12));
        assertThat(hits.get(i).score()).isCloseTo(fromScan.get(i).score(), within(1e-12));
        assertThat(hits.get(i).snippet()).isEqualTo(fromScan.get(i).snippet());
      }
    }
  }

  @Test
  void wordsInMostChunksStillRankByHowWellTheyMatch() {
    long withThe =
        chunks.stream().filter(chunk -> TextFold.words(chunk.body()).contains("the")).count();
    assertThat(withThe)
        .as("'the' is in more than half the chunks")
        .isGreaterThan(chunks.size() / 2);

    List<SearchHit> hits =
        sqlite.search(SearchQuery.of("the").withNow(NOW).withRank(RankMode.RELEVANCE));

    assertThat(hits).hasSize(10);
    assertThat(hits.get(0).relevance()).isGreaterThan(hits.get(9).relevance()).isGreaterThan(0.01);
  }
}
