package dev.chatlog.cli;

import dev.chatlog.cli.transfer.ArchiveManifest;
import dev.chatlog.cli.transfer.ArchiveWriter;
import dev.chatlog.cli.transfer.ChunkLines;
import dev.chatlog.cli.transfer.ChunkSink;
import dev.chatlog.cli.transfer.MarkdownFolder;
import dev.chatlog.cli.transfer.PendingFile;
import dev.chatlog.cli.transfer.SafeNames;
import dev.chatlog.config.OwnerOnly;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkFilter;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.time.Clock;
import java.time.ZoneOffset;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import picocli.CommandLine.Model.OptionSpec;

/**
 * {@code chatlog export}: the chunks the filters select, as JSON Lines, as an archive (or one
 * archive per month or project), or as a folder of Markdown conversations.
 */
final class ExportCommand extends ChatlogSubcommand {
  private final FilterOptions filters = new FilterOptions();
  private final OptionSpec format =
      Specs.valueOrDefault(
          String.class,
          "FORMAT",
          "jsonl",
          "jsonl (one chunk a line, the default), archive (.tar.gz of chunk files and a manifest)"
              + " or markdown (a folder, a file per conversation).",
          "--format");
  private final OptionSpec output =
      Specs.value(
          String.class,
          "PATH",
          "Where to write: a file (jsonl, archive), a folder (markdown, and archives split with"
              + " --split-by). Default: standard output (jsonl, archive). Never replaced when it"
              + " exists.",
          "--output",
          "-o");
  private final OptionSpec splitBy =
      Specs.value(
          String.class,
          "PART",
          "Archives only: one archive per month (of creation, UTC) or per project, in the folder"
              + " --output names.",
          "--split-by");

  ExportCommand(CliContext context) {
    super(
        context,
        "export",
        "Writes the chunks the filters select (all of them without filters): as JSON Lines, one"
            + " chunk a line with every field and its body; as an archive (.tar.gz) of the chunk"
            + " files in the store's layout and a manifest with a SHA-256 per file; or as a folder"
            + " of Markdown files, one per conversation, that opens as a notes vault.",
        "import --from jsonl|archive restores an export into any store; verify --archive checks"
            + " an archive. Output is written under a temporary name and appears only when"
            + " complete.");
    filters.addTo(this);
    add(format, output, splitBy);
  }

  @Override
  public Integer call() throws Exception {
    String kind = choice(format, "--format", List.of("jsonl", "archive", "markdown"));
    String split =
        splitBy.getValue() == null
            ? null
            : choice(splitBy, "--split-by", List.of("month", "project"));
    String path = output.getValue();
    if (split != null && !kind.equals("archive")) {
      throw usage("Cannot use --split-by with --format " + kind + ": only archives are split");
    }
    if (path == null && (split != null || kind.equals("markdown"))) {
      throw usage(
          "Cannot export "
              + (split != null ? "split archives" : "markdown")
              + " to standard output: name a folder with --output");
    }
    if (path == null && kind.equals("archive") && context().terminal()) {
      throw usage(
          "Cannot write an archive to a terminal: name a file with --output or redirect standard"
              + " output");
    }
    ChunkFilter filter = filters.toFilter(Clock.systemUTC());
    try (ProgressLine progress =
        new ProgressLine(context().err(), context().programName(), "exporting")) {
      return switch (kind) {
        case "markdown" -> markdown(filter, Path.of(path), progress);
        case "archive" ->
            split != null
                ? split(filter, Path.of(path), split, progress)
                : single(filter, path, true, progress);
        default -> single(filter, path, false, progress);
      };
    } catch (UncheckedIOException e) {
      throw new StorageException(
          "Cannot export to " + (path == null ? "standard output" : path) + ": " + e.getCause(),
          false,
          e);
    }
  }

  private String choice(OptionSpec option, String name, List<String> choices) {
    String value = ((String) option.getValue()).strip().toLowerCase(Locale.ROOT);
    if (!choices.contains(value)) {
      throw usage(
          "Cannot use "
              + name
              + " '"
              + option.getValue()
              + "': expected one of "
              + String.join(", ", choices));
    }
    return value;
  }

  /** One output: JSON Lines or one archive, to a file or to standard output. */
  private int single(ChunkFilter filter, String path, boolean archive, ProgressLine progress)
      throws Exception {
    PendingFile file = path == null ? null : PendingFile.file(Path.of(path));
    try {
      OutputStream out = file == null ? context().binaryOut() : file.out();
      ChunkSink sink =
          archive
              ? new ArchiveWriter(
                  out, VersionProvider.version(), ArchiveManifest.filterFields(filter), "")
              : new ChunkLines.Writer(out);
      ChunkPages.Counts counts;
      try {
        counts = stream(filter, chunks -> addAll(sink, chunks), progress);
        sink.finish();
      } finally {
        if (sink instanceof ArchiveWriter writer) {
          writer.close();
        }
      }
      out.flush();
      if (file != null) {
        file.commit();
      }
      progress.close();
      return summary(counts, file == null ? "standard output" : path);
    } finally {
      if (file != null) {
        file.close();
      }
    }
  }

  /** One archive per month or project, in a folder; each appears when the export is complete. */
  private int split(ChunkFilter filter, Path folder, String by, ProgressLine progress)
      throws Exception {
    OwnerOnly.createFolders(folder.toAbsolutePath());
    Map<String, Part> parts = new TreeMap<>();
    Set<String> names = new HashSet<>();
    try {
      ChunkPages.Counts counts =
          stream(
              filter,
              chunks -> {
                for (Chunk chunk : chunks) {
                  String key =
                      by.equals("month")
                          ? chunk
                              .meta()
                              .created()
                              .atOffset(ZoneOffset.UTC)
                              .toString()
                              .substring(0, 7)
                          : chunk.meta().project();
                  Part part = parts.get(key);
                  if (part == null) {
                    part = new Part(folder.resolve(fileName(key, names)), filter, key);
                    parts.put(key, part);
                  }
                  part.writer.add(chunk);
                }
              },
              progress);
      for (Part part : parts.values()) {
        part.writer.finish();
        part.file.commit();
      }
      progress.close();
      for (Part part : parts.values()) {
        context()
            .out()
            .println(part.file.target() + "\t" + Plural.of(part.writer.chunks(), "chunk"));
      }
      return summary(counts, Plural.of(parts.size(), "archive") + " in " + folder);
    } finally {
      for (Part part : parts.values()) {
        part.close();
      }
    }
  }

  /** {@code chatlog-2026-11.tar.gz}, {@code chatlog-<project>.tar.gz}: made safe and unique. */
  private static String fileName(String part, Set<String> taken) {
    String stem = "chatlog-" + SafeNames.of(part);
    String name = stem;
    for (int n = 2; !taken.add(name.toLowerCase(Locale.ROOT)); n++) {
      name = stem + "-" + n;
    }
    return name + ".tar.gz";
  }

  /** One archive of a split export. */
  private static final class Part implements AutoCloseable {
    final PendingFile file;
    final ArchiveWriter writer;

    Part(Path path, ChunkFilter filter, String part) throws IOException {
      file = PendingFile.file(path);
      try {
        writer =
            new ArchiveWriter(
                file.out(), VersionProvider.version(), ArchiveManifest.filterFields(filter), part);
      } catch (IOException | RuntimeException e) {
        file.close();
        throw e;
      }
    }

    @Override
    public void close() throws IOException {
      writer.close();
      file.close();
    }
  }

  private int markdown(ChunkFilter filter, Path folder, ProgressLine progress) {
    try (PendingFile pending = PendingFile.folder(folder)) {
      MarkdownFolder.Written written =
          new MarkdownFolder(chatLog())
              .write(filter, pending.folder(), done -> progress(progress, done));
      pending.commit();
      progress.close();
      if (written.chunks() == 0) {
        context().note("nothing matched in " + chatLog().location());
      }
      context()
          .note(
              "exported "
                  + Plural.of(written.conversations(), "conversation")
                  + " ("
                  + Plural.of(written.chunks(), "chunk")
                  + ") to "
                  + folder);
      return ExitCodes.OK;
    }
  }

  private ChunkPages.Counts stream(
      ChunkFilter filter, ChunkPages.PageListener each, ProgressLine progress) throws IOException {
    long[] done = {0};
    return ChunkPages.forEach(
        chatLog(),
        filter,
        chunks -> {
          each.page(chunks);
          done[0] += chunks.size();
          progress(progress, done[0]);
        });
  }

  private void progress(ProgressLine progress, long done) {
    if (context().terminal() && !LogSetup.json()) {
      progress.update((int) Math.min(done, Integer.MAX_VALUE), -1);
    }
  }

  private static void addAll(ChunkSink sink, List<Chunk> chunks) throws IOException {
    for (Chunk chunk : chunks) {
      sink.add(chunk);
    }
  }

  private int summary(ChunkPages.Counts counts, String where) {
    if (counts.listed() == 0) {
      context().note("nothing matched in " + chatLog().location());
    }
    context().note("exported " + Plural.of(counts.read(), "chunk") + " to " + where);
    if (counts.unreadable() > 0) {
      context()
          .warn(
              Plural.of(counts.unreadable(), "chunk")
                  + " could not be read (see the warnings above) and are not in the export;"
                  + " run chatlog verify");
      return ExitCodes.FAILURE;
    }
    return ExitCodes.OK;
  }
}
