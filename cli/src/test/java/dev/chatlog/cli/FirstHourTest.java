package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The rough edges a newcomer met in a first hour with chatlog (issue 19), each as the user meets
 * it: through {@link Main#run}, or a child process where the working folder matters.
 */
class FirstHourTest {
  @TempDir Path temp;

  CliRunner cli;

  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
  }

  private Path chunkFile(String id) throws IOException {
    try (Stream<Path> files = Files.walk(cli.store().resolve("chunks"))) {
      return files
          .filter(f -> f.getFileName().toString().equals(id + ".md"))
          .findFirst()
          .orElseThrow();
    }
  }

  /** Edits the body of a chunk file as a person would in an editor. */
  private void edit(String id, String from, String to) throws IOException {
    Path file = chunkFile(id);
    Files.writeString(file, Files.readString(file, UTF_8).replace(from, to), UTF_8);
  }

  // ---- 6. Markdown shows the metadata

  @Test
  void markdownOfShowAndRetrieveShowsTheMetadataUnderTheHeading() {
    String id =
        cli.save(
            "body text",
            "-p",
            "shop",
            "-t",
            "checkout",
            "--session",
            "s1",
            "--actor",
            "user",
            "--actor",
            "assistant",
            "--tag",
            "payments",
            "--label",
            "adr=0005",
            "--summary",
            "retry budget");

    for (CliRunner.Result result : List.of(cli.run("show", id), cli.run("retrieve"))) {
      assertThat(result.out())
          .startsWith("## " + id + " · ")
          .contains(
              " · shop/checkout\n\n"
                  + "- session: s1 (seq 0)\n"
                  + "- actors: user, assistant\n"
                  + "- source: cli\n"
                  + "- tags: payments\n"
                  + "- labels: adr=0005\n"
                  + "- summary: retry budget\n"
                  + "\n"
                  + "body text\n");
    }
  }

  // ---- 15. plurals

  @Test
  void countsOfOneAreSingular() {
    cli.save("one");

    assertThat(cli.run("verify").out()).contains("checked 1 chunk in ").contains(": 0 problems");
    assertThat(cli.run("reindex").out()).startsWith("reindexed 1 chunk in ");
    assertThat(cli.run("reindex", "--dry-run").out()).contains("(the index lists 1 chunk now)");
    assertThat(cli.runWithInput("x", "save", "--dry-run").out()).endsWith(", 1 char\n");
  }
}
