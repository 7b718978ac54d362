package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.model.Chunk;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code export}, {@code import --from jsonl|archive}, {@code verify --archive}, {@code copy} and
 * {@code prune --backup} on local stores, as a user runs them: what comes back is what went out,
 * and bad input is a one-line error with its exit code and nothing half-restored.
 */
class TransferCommandsTest {
  private static final int CHUNKS = 24;

  @TempDir Path temp;

  private CliRunner cli;
  private List<Chunk> chunks;
  private String firstExport;

  /** A file store holding the chunks of {@link Backups#chunks}, restored from JSON Lines. */
  @BeforeEach
  void setUp() {
    cli = new CliRunner(temp.resolve("store"));
    chunks = Backups.chunks(CHUNKS);
    Path seed = Backups.jsonl(temp.resolve("seed.jsonl"), chunks);
    CliRunner.Result seeded = cli.run("import", "--from", "jsonl", seed.toString());
    assertThat(seeded.exitCode()).as(seeded.err()).isZero();
    assertThat(seeded.err()).contains(CHUNKS + " chunks written");
    firstExport = export(cli);
  }

  private static String export(CliRunner runner, String... filters) {
    String[] args = Stream.concat(Stream.of("export"), Stream.of(filters)).toArray(String[]::new);
    CliRunner.Result result = runner.run(args);
    assertThat(result.exitCode()).as(result.err()).isZero();
    return result.out();
  }

  private CliRunner store(String kind, String name) {
    CliRunner runner = new CliRunner(temp.resolve(name));
    if (kind.equals("sqlite")) {
      runner.env("CHM_STORE", "sqlite://" + temp.resolve(name + ".db").toAbsolutePath());
    }
    return runner;
  }

  @Test
  void jsonlHoldsEveryFieldAndBodyOfEveryChunkNewestFirst() {
    List<String> lines = firstExport.lines().toList();

    assertThat(lines).hasSize(CHUNKS);
    JsonNode newest = CliRunner.json(lines.get(0));
    Chunk last = chunks.get(CHUNKS - 1);
    assertThat(newest.get("id").asText()).isEqualTo(last.id().toString());
    assertThat(newest.get("body").asText()).isEqualTo(last.body());
    assertThat(newest.get("created").asText()).isEqualTo(last.meta().created().toString());
    assertThat(newest.get("seq").asInt()).isEqualTo(last.meta().seq());
    assertThat(newest.get("sha256").asText()).isEqualTo(last.meta().sha256());
    assertThat(newest.fieldNames())
        .toIterable()
        .contains("project", "topic", "session", "actors", "source", "tags", "summary", "labels");
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "sqlite"})
  void jsonlExportImportedIntoAnEmptyStoreExportsTheSame(String kind) throws IOException {
    Path file = temp.resolve("backup.jsonl");
    assertThat(cli.run("export", "--output", file.toString()).exitCode()).isZero();
    assertThat(Files.readString(file, UTF_8)).isEqualTo(firstExport);
    CliRunner target = store(kind, "target");

    CliRunner.Result restored = target.run("import", "--from", "jsonl", file.toString());

    assertThat(restored.exitCode()).as(restored.err()).isZero();
    assertThat(export(target)).isEqualTo(firstExport);
    CliRunner.Result again = target.run("import", file.toString());
    assertThat(again.exitCode()).as(again.err()).isZero();
    assertThat(again.err()).contains("0 chunks written, " + CHUNKS + " already present");
    assertThat(export(target)).isEqualTo(firstExport);
  }

  @ParameterizedTest
  @ValueSource(strings = {"file", "sqlite"})
  void archiveImportedIntoAnEmptyStoreExportsTheSame(String kind) {
    Path archive = temp.resolve("backup.tar.gz");
    CliRunner.Result exported = cli.run("export", "--format", "archive", "-o", archive.toString());
    assertThat(exported.exitCode()).as(exported.err()).isZero();
    CliRunner target = store(kind, "target");

    CliRunner.Result restored = target.run("import", archive.toString());

    assertThat(restored.exitCode()).as(restored.err()).isZero();
    assertThat(export(target)).isEqualTo(firstExport);
    Path second = temp.resolve("second.tar.gz");
    assertThat(target.run("export", "--format", "archive", "-o", second.toString()).exitCode())
        .isZero();
    assertThat(chunkMembers(second)).containsExactlyEntriesOf(chunkMembers(archive));
  }

  private static Map<String, String> chunkMembers(Path archive) {
    Map<String, String> members = new LinkedHashMap<>();
    Backups.members(archive)
        .forEach(
            (name, data) -> {
              if (!name.equals("manifest.json")) {
                members.put(name, Backups.text(data));
              }
            });
    return members;
  }

  @Test
  void archiveHoldsChunkFilesInTheBlobLayoutAndAManifestOfTheirChecksums() {
    Path archive = temp.resolve("shop.tar.gz");
    assertThat(
            cli.run("export", "--format", "archive", "-p", "shop", "-o", archive.toString())
                .exitCode())
        .isZero();

    Map<String, byte[]> members = Backups.members(archive);
    long shop = chunks.stream().filter(c -> c.meta().project().equals("shop")).count();
    assertThat(members).hasSize((int) shop + 1);
    assertThat(members.keySet()).last().isEqualTo("manifest.json");
    JsonNode manifest = CliRunner.json(Backups.text(members.get("manifest.json")));
    assertThat(manifest.get("format").asText()).isEqualTo("chatlog-archive");
    assertThat(manifest.get("formatVersion").asInt()).isEqualTo(1);
    assertThat(manifest.get("chatlogVersion").asText()).isNotBlank();
    assertThat(manifest.get("filter").get("project").asText()).isEqualTo("shop");
    assertThat(manifest.get("counts").get("chunks").asLong()).isEqualTo(shop);
    JsonNode first = manifest.get("files").get(0);
    assertThat(first.get("name").asText()).matches("chunks/\\d{4}/\\d{2}/\\d{2}/[0-9A-Z]{26}\\.md");
    assertThat(first.get("sha256").asText())
        .isEqualTo(dev.chatlog.engine.ChunkCodec.sha256(members.get(first.get("name").asText())));

    CliRunner.Result verified = cli.run("verify", "--archive", archive.toString());
    assertThat(verified.exitCode()).as(verified.out()).isZero();
    assertThat(verified.out()).contains("checked " + shop + " chunk files").contains("(clean)");
  }

  @Test
  void splitByMonthAndByProjectWritesOneArchivePerPartThatTogetherHoldEveryChunk() {
    Path months = temp.resolve("months");
    CliRunner.Result byMonth =
        cli.run("export", "--format", "archive", "--split-by", "month", "-o", months.toString());
    assertThat(byMonth.exitCode()).as(byMonth.err()).isZero();
    Path projects = temp.resolve("projects");
    CliRunner.Result byProject =
        cli.run(
            "export", "--format", "archive", "--split-by", "project", "-o", projects.toString());
    assertThat(byProject.exitCode()).as(byProject.err()).isZero();

    assertThat(names(months))
        .containsExactly(
            "chatlog-2026-09.tar.gz",
            "chatlog-2026-10.tar.gz",
            "chatlog-2026-11.tar.gz",
            "chatlog-2026-12.tar.gz");
    assertThat(names(projects)).containsExactly("chatlog-blog-site.tar.gz", "chatlog-shop.tar.gz");
    CliRunner target = store("file", "target");
    for (Path folder : List.of(months, projects)) {
      for (String name : names(folder)) {
        assertThat(cli.run("verify", "--archive", folder.resolve(name).toString()).exitCode())
            .isZero();
        assertThat(target.run("import", folder.resolve(name).toString()).exitCode()).isZero();
      }
    }
    assertThat(export(target)).isEqualTo(firstExport);
    JsonNode manifest =
        CliRunner.json(
            Backups.text(
                Backups.members(months.resolve("chatlog-2026-10.tar.gz")).get("manifest.json")));
    assertThat(manifest.get("part").asText()).isEqualTo("2026-10");
  }

  private static List<String> names(Path folder) {
    try (Stream<Path> files = Files.list(folder)) {
      return files.map(p -> p.getFileName().toString()).sorted().toList();
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  @Test
  void exportFiltersAsRetrieveDoes() {
    String shop = export(cli, "-p", "shop", "--tag", "decision");

    assertThat(shop.lines())
        .isNotEmpty()
        .allSatisfy(
            line -> {
              JsonNode chunk = CliRunner.json(line);
              assertThat(chunk.get("project").asText()).isEqualTo("shop");
              assertThat(chunk.get("tags").toString()).contains("decision");
            });
    assertThat(export(cli, "--since", "2026-12-01T00:00:00Z").lines())
        .allSatisfy(line -> assertThat(line).contains("\"created\":\"2026-12"));
  }

  @Test
  void anExistingOutputIsNeverReplaced() throws IOException {
    Path file = Files.writeString(temp.resolve("taken.jsonl"), "mine");

    CliRunner.Result result = cli.run("export", "-o", file.toString());

    assertThat(result.exitCode()).isEqualTo(2);
    assertThat(result.err()).contains("exists already").hasLineCount(1);
    assertThat(Files.readString(file)).isEqualTo("mine");
  }

  @Test
  void aMemberWhoseChecksumDoesNotMatchIsNamedSkippedAndTheRestRestored() {
    Path archive = temp.resolve("backup.tar.gz");
    assertThat(cli.run("export", "--format", "archive", "-o", archive.toString()).exitCode())
        .isZero();
    Map<String, byte[]> members = Backups.members(archive);
    String bad = members.keySet().iterator().next();
    String text = Backups.text(members.get(bad));
    members.put(bad, Backups.bytes(text.replace("Message", "Massage")));
    Path tampered = Backups.archive(temp.resolve("tampered.tar.gz"), members);

    CliRunner.Result verified = cli.run("verify", "--archive", tampered.toString());
    assertThat(verified.exitCode()).isEqualTo(1);
    assertThat(verified.out()).contains("CHECKSUM").contains(bad);

    CliRunner target = store("file", "target");
    CliRunner.Result restored = target.run("import", tampered.toString());
    assertThat(restored.exitCode()).isEqualTo(1);
    assertThat(restored.err()).contains("skipped " + bad).contains("CHECKSUM");
    assertThat(export(target).lines()).hasSize(CHUNKS - 1);
  }

  @Test
  void aTruncatedArchiveIsRefusedAndNothingIsRestored() throws IOException {
    Path archive = temp.resolve("backup.tar.gz");
    assertThat(cli.run("export", "--format", "archive", "-o", archive.toString()).exitCode())
        .isZero();
    Path cut =
        Backups.truncated(archive, temp.resolve("cut.tar.gz"), (int) Files.size(archive) / 2);
    CliRunner target = store("file", "target");

    CliRunner.Result restored = target.run("import", cut.toString());

    assertThat(restored.exitCode()).isEqualTo(2);
    assertThat(restored.err()).contains("truncated").hasLineCount(1);
    assertThat(target.store()).doesNotExist();
    assertThat(cli.run("verify", "--archive", cut.toString()).exitCode()).isEqualTo(2);
  }

  @Test
  void anArchiveOfANewerFormatVersionIsRefusedBeforeAnythingIsWritten() {
    Path archive = temp.resolve("backup.tar.gz");
    assertThat(cli.run("export", "--format", "archive", "-o", archive.toString()).exitCode())
        .isZero();
    Map<String, byte[]> members = Backups.members(archive);
    members.put(
        "manifest.json",
        Backups.bytes(
            Backups.text(members.get("manifest.json"))
                .replace("\"formatVersion\" : 1", "\"formatVersion\" : 2")));
    Path newer = Backups.archive(temp.resolve("newer.tar.gz"), members);
    CliRunner target = store("sqlite", "target");

    CliRunner.Result restored = target.run("import", "--from", "archive", newer.toString());

    assertThat(restored.exitCode()).isEqualTo(2);
    assertThat(restored.err())
        .contains("archive format version 2")
        .contains("newer chatlog")
        .hasLineCount(1);
    assertThat(temp.resolve("target.db")).doesNotExist();
  }

  @Test
  void memberNamesThatWouldEscapeTheFolderRefuseTheArchive() {
    Map<String, byte[]> members = new LinkedHashMap<>();
    members.put("../../outside.md", Backups.bytes("x"));
    members.put("manifest.json", Backups.bytes("{}"));
    Path evil = Backups.archive(temp.resolve("evil.tar.gz"), members);
    CliRunner target = store("file", "target");

    CliRunner.Result restored = target.run("import", "--from", "archive", evil.toString());

    assertThat(restored.exitCode()).isEqualTo(2);
    assertThat(restored.err()).contains("escapes the archive's folder").hasLineCount(1);
    assertThat(target.store()).doesNotExist();
    assertThat(temp.getParent().resolve("outside.md")).doesNotExist();
  }

  @Test
  void aJsonlLineThatIsNotAChunkIsNamedByItsNumberAndTheOthersAreRestored() throws IOException {
    Path file = temp.resolve("backup.jsonl");
    List<String> lines = new java.util.ArrayList<>(firstExport.lines().toList());
    lines.add(2, "{\"id\": \"not a chunk\"}");
    Files.write(file, lines, UTF_8);
    CliRunner target = store("file", "target");

    CliRunner.Result restored = target.run("import", "--from", "jsonl", file.toString());

    assertThat(restored.exitCode()).isEqualTo(1);
    assertThat(restored.err()).contains("backup.jsonl line 3");
    assertThat(export(target)).isEqualTo(firstExport);
  }

  @Test
  void aFileWhoseFirstLineIsNotAChunkIsRefused() throws IOException {
    Path file = Files.writeString(temp.resolve("notes.jsonl"), "{\"hello\": 1}\n");
    CliRunner target = store("file", "target");

    CliRunner.Result restored = target.run("import", "--from", "jsonl", file.toString());

    assertThat(restored.exitCode()).isEqualTo(2);
    assertThat(restored.err()).contains("notes.jsonl line 1").hasLineCount(1);
    assertThat(target.store()).doesNotExist();
  }

  @Test
  void aReadOnlyTargetIsRefusedWithExitThreeAndNothingWritten() {
    Path file = temp.resolve("backup.jsonl");
    assertThat(cli.run("export", "-o", file.toString()).exitCode()).isZero();
    CliRunner target = store("file", "target").env("CHM_READ_ONLY", "1");

    CliRunner.Result restored = target.run("import", file.toString());
    CliRunner.Result copied =
        cli.env("CHM_READ_ONLY", "1").run("copy", "--to", temp.resolve("copy").toUri().toString());

    assertThat(restored.exitCode()).isEqualTo(3);
    assertThat(restored.err()).contains("read-only").hasLineCount(1);
    assertThat(copied.exitCode()).isEqualTo(3);
    assertThat(target.store()).doesNotExist();
    assertThat(temp.resolve("copy")).doesNotExist();
  }

  @Test
  void copyKeepsIdsFinishesWhatIsMissingAndHasADryRun() {
    CliRunner target = store("sqlite", "target");
    String uri = "sqlite://" + temp.resolve("target.db").toAbsolutePath();

    CliRunner.Result dry = cli.run("copy", "--to", uri, "-p", "shop", "--dry-run");
    assertThat(dry.exitCode()).as(dry.err()).isZero();
    assertThat(dry.err()).contains("dry run: would copy").contains("nothing was written");
    assertThat(temp.resolve("target.db")).doesNotExist();

    CliRunner.Result shop = cli.run("copy", "--to", uri, "-p", "shop");
    assertThat(shop.exitCode()).as(shop.err()).isZero();
    assertThat(export(target)).isEqualTo(export(cli, "-p", "shop"));

    CliRunner.Result all = cli.run("copy", "--to", uri, "--format", "json");
    assertThat(all.exitCode()).as(all.err()).isZero();
    JsonNode summary = CliRunner.json(all.out());
    long shopCount = chunks.stream().filter(c -> c.meta().project().equals("shop")).count();
    assertThat(summary.get("written").asLong()).isEqualTo(CHUNKS - shopCount);
    assertThat(summary.get("present").asLong()).isEqualTo(shopCount);
    assertThat(summary.get("conflicts")).isEmpty();
    assertThat(export(target)).isEqualTo(firstExport);
  }

  @Test
  void copyIntoTheStoreItReadsIsRefused() {
    CliRunner.Result same = cli.run("copy", "--to", cli.store().toUri().toString());
    CliRunner.Result spelledOtherwise =
        cli.run("copy", "--to", "file://" + temp.resolve("x/../store/").toAbsolutePath());

    assertThat(same.exitCode()).isEqualTo(2);
    assertThat(same.err()).contains("into itself").hasLineCount(1);
    assertThat(spelledOtherwise.exitCode()).isEqualTo(2);
  }

  @Test
  void pruneWithBackupArchivesExactlyWhatItRemovesBeforeRemovingIt() {
    Path backup = temp.resolve("pruned.tar.gz");

    CliRunner.Result pruned = cli.run("prune", "--max-chunks", "10", "--backup", backup.toString());

    assertThat(pruned.exitCode()).as(pruned.err()).isZero();
    assertThat(pruned.err()).contains("backed up 14 chunks to " + backup);
    assertThat(export(cli).lines()).hasSize(10);
    assertThat(cli.run("verify", "--archive", backup.toString()).exitCode()).isZero();
    assertThat(Backups.members(backup)).hasSize(14 + 1);
    CliRunner target = store("file", "target");
    assertThat(target.run("import", backup.toString()).exitCode()).isZero();
    assertThat(export(target).lines()).hasSize(14);
    assertThat(cli.run("copy", "--to", target.store().toUri().toString()).exitCode()).isZero();
    assertThat(export(target)).isEqualTo(firstExport);
  }

  @Test
  void deleteWithBackupArchivesTheChunksBeforeDeletingThem() {
    Path backup = temp.resolve("deleted.tar.gz");
    String first = chunks.get(0).id().toString();
    String second = chunks.get(1).id().toString();

    CliRunner.Result deleted = cli.run("delete", first, second, "--backup", backup.toString());

    assertThat(deleted.exitCode()).as(deleted.err()).isZero();
    assertThat(deleted.err()).contains("backed up 2 chunks to " + backup);
    assertThat(export(cli).lines()).hasSize(CHUNKS - 2);
    assertThat(Backups.members(backup).keySet())
        .hasSize(3)
        .anyMatch(name -> name.endsWith(first + ".md"))
        .anyMatch(name -> name.endsWith(second + ".md"));
    CliRunner.Result unknown =
        cli.run("delete", "01ARZ3NDEKTSV4RRFFQ69G5FAV", "--backup", temp.resolve("x").toString());
    assertThat(unknown.exitCode()).isEqualTo(4);
    assertThat(temp.resolve("x")).doesNotExist();
  }

  @Test
  void pruneWithABackupThatCannotBeWrittenRemovesNothing() throws IOException {
    Path taken = Files.writeString(temp.resolve("taken.tar.gz"), "mine");

    CliRunner.Result pruned = cli.run("prune", "--max-chunks", "10", "--backup", taken.toString());

    assertThat(pruned.exitCode()).isEqualTo(2);
    assertThat(export(cli)).isEqualTo(firstExport);
  }

  @Test
  void markdownWritesOneFilePerConversationWithFrontMatterAndSafeNames() throws IOException {
    Path vault = temp.resolve("vault");

    CliRunner.Result result = cli.run("export", "--format", "markdown", "-o", vault.toString());

    assertThat(result.exitCode()).as(result.err()).isZero();
    List<Path> files;
    try (Stream<Path> walk = Files.walk(vault)) {
      files = walk.filter(Files::isRegularFile).sorted().toList();
    }
    long conversations =
        chunks.stream()
            .map(c -> c.meta().project() + c.meta().topic() + c.meta().session())
            .distinct()
            .count();
    assertThat(files).hasSize((int) conversations);
    assertThat(files)
        .allSatisfy(
            file -> {
              assertThat(file.normalize()).startsWith(vault);
              assertThat(file.getFileName().toString())
                  .doesNotContain(":", "?", "/")
                  .endsWith(".md");
            });
    assertThat(vault.resolve("blog-site")).isDirectory();
    String text = Files.readString(files.get(0), UTF_8);
    assertThat(text).startsWith("---\ntitle: ").contains("\nsession: ").contains("\n---\n");
  }
}
