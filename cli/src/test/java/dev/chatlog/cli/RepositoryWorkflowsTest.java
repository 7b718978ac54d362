package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The GitHub workflows and Dependabot's configuration of this repository parse, and every action a
 * workflow uses is pinned to a full commit SHA, with the version it is in a comment; the release
 * workflow signs, attests and publishes with the maintained tools (docs/releases.md).
 */
class RepositoryWorkflowsTest {
  private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();
  private static final Path WORKFLOWS = ROOT.resolve(".github/workflows");
  private static final ObjectMapper YAML = new ObjectMapper(new YAMLFactory());

  /** {@code uses: owner/repo[/path]@<40 hex> # vX…}, or a local action or workflow. */
  private static final Pattern USES = Pattern.compile("^\\s*(?:-\\s+)?uses:\\s*(\\S+)(.*)$");

  private static final Pattern PINNED =
      Pattern.compile("[\\w.-]+/[\\w.-]+(/[\\w./-]+)?@[0-9a-f]{40}");

  @Test
  void everyWorkflowParsesAndHasTriggersAndJobs() throws IOException {
    List<Path> workflows = workflows();

    assertThat(workflows)
        .extracting(path -> path.getFileName().toString())
        .contains(
            "ci.yml",
            "release.yml",
            "dependency-audit.yml",
            "conventional-commits.yml",
            "docs.yml");
    for (Path workflow : workflows) {
      JsonNode tree = YAML.readTree(workflow.toFile());
      assertThat(tree.has("on")).as(workflow + " has triggers").isTrue();
      assertThat(tree.get("jobs").size()).as(workflow + " has jobs").isPositive();
    }
  }

  @Test
  void everyActionIsPinnedToACommitWithItsVersionInAComment() throws IOException {
    List<String> uses = new ArrayList<>();
    for (Path workflow : workflows()) {
      for (String line : Files.readAllLines(workflow, UTF_8)) {
        Matcher use = USES.matcher(line);
        if (!use.matches() || use.group(1).startsWith("./")) {
          continue;
        }
        String where = workflow.getFileName() + ": " + line.strip();
        uses.add(where);
        assertThat(use.group(1))
            .as(where + " (pin it: owner/repo@<full commit SHA> # vX.Y.Z)")
            .matches(PINNED);
        assertThat(use.group(2).strip()).as(where).matches("# v\\d+(\\.\\d+)*");
      }
    }
    assertThat(uses).hasSizeGreaterThan(20);
  }

  @Test
  void releaseWorkflowBuildsOnJava17SignsAttestsAndPublishes() throws IOException {
    Path file = WORKFLOWS.resolve("release.yml");
    JsonNode release = YAML.readTree(file.toFile());

    assertThat(release.at("/on/push/tags/0").asText()).isEqualTo("v*");
    JsonNode jobs = release.get("jobs");
    assertThat(jobs.fieldNames()).toIterable().contains("build", "sign", "publish", "image");
    assertThat(stepWith(jobs.get("build"), "actions/setup-java").at("/with/java-version").asText())
        .isEqualTo("17");
    assertThat(runs(jobs.get("build"))).contains("-Prelease deploy", "versions:set");
    assertThat(jobs.at("/sign/permissions/id-token").asText()).isEqualTo("write");
    assertThat(stepWith(jobs.get("sign"), "sigstore/cosign-installer")).isNotNull();
    assertThat(runs(jobs.get("sign"))).contains("cosign sign-blob --yes --bundle");
    assertThat(stepWith(jobs.get("sign"), "actions/attest-build-provenance")).isNotNull();
    assertThat(runs(jobs.get("publish"))).contains("jreleaser:full-release");
    assertThat(runs(jobs.get("image"))).contains("jib:build", "cosign sign --yes");
    assertThat(ROOT.resolve("jreleaser.yml")).isRegularFile();
    JsonNode jreleaser = YAML.readTree(ROOT.resolve("jreleaser.yml").toFile());
    assertThat(jreleaser.at("/release/github/changelog/preset").asText())
        .isEqualTo("conventional-commits");
    assertThat(jreleaser.at("/deploy/maven/mavenCentral/sonatype/stagingRepositories/0").asText())
        .isEqualTo("target/staging-deploy");
  }

  @Test
  void dependabotUpdatesMavenActionsAndTheEditorExtension() throws IOException {
    JsonNode dependabot = YAML.readTree(ROOT.resolve(".github/dependabot.yml").toFile());

    assertThat(dependabot.get("version").asInt()).isEqualTo(2);
    List<String> updates = new ArrayList<>();
    for (JsonNode update : dependabot.get("updates")) {
      updates.add(
          update.get("package-ecosystem").asText() + " " + update.get("directory").asText());
    }
    assertThat(updates).containsExactly("maven /", "github-actions /", "npm /editors/vscode");
  }

  private static List<Path> workflows() throws IOException {
    try (Stream<Path> files = Files.list(WORKFLOWS)) {
      return files
          .filter(path -> path.toString().endsWith(".yml") || path.toString().endsWith(".yaml"))
          .sorted()
          .toList();
    }
  }

  /** The first step of a job that uses an action of this name (at any version). */
  private static JsonNode stepWith(JsonNode job, String action) {
    for (JsonNode step : job.get("steps")) {
      if (step.path("uses").asText().startsWith(action + "@")) {
        return step;
      }
    }
    return null;
  }

  /** Every {@code run} script of a job, one after the other. */
  private static String runs(JsonNode job) {
    StringBuilder scripts = new StringBuilder();
    for (JsonNode step : job.get("steps")) {
      scripts.append(step.path("run").asText()).append('\n');
    }
    return scripts.toString();
  }
}
