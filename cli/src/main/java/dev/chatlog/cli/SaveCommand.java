package dev.chatlog.cli;

import dev.chatlog.SaveRequest;
import dev.chatlog.SaveResult;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.SavedChunk;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code chatlog save}: saves stdin or files as chunks and prints their ids. */
@Command(
    name = "save",
    mixinStandardHelpOptions = true,
    versionProvider = VersionProvider.class,
    description = {
      "Saves chat context from stdin (or --file) and prints the id of each chunk, one a line.",
      "Saving the same content to the same session again creates nothing and prints the existing id."
    })
final class SaveCommand extends ChatlogSubcommand {
  @Option(
      names = {"--file", "-f"},
      paramLabel = "PATH",
      description = "Save this file instead of stdin (repeatable; each file is one save).")
  List<Path> files = new ArrayList<>();

  @Option(
      names = {"--project", "-p", "--project-name"},
      paramLabel = "NAME",
      description = "Project name (default: default).")
  String project;

  @Option(
      names = {"--topic", "-t"},
      paramLabel = "NAME",
      description = "Topic name (default: default).")
  String topic;

  @Option(
      names = {"--session", "--session-id"},
      paramLabel = "ID",
      description = "The conversation this is part of (default: default).")
  String session;

  @Option(
      names = "--actor",
      paramLabel = "ACTOR",
      description = "Who speaks: user, assistant, system, tool (repeatable; default: user).")
  List<String> actors = new ArrayList<>();

  @Option(names = "--tag", paramLabel = "TAG", description = "A tag (repeatable).")
  List<String> tags = new ArrayList<>();

  @Option(
      names = "--keywords",
      split = ",",
      paramLabel = "TAGS",
      description = "Tags, comma-separated (legacy form of --tag).")
  List<String> keywords = new ArrayList<>();

  @Option(names = "--summary", paramLabel = "TEXT", description = "A one-line summary.")
  String summary;

  @Option(
      names = "--label",
      paramLabel = "KEY=VALUE",
      description = "A label, e.g. adr=0005 (repeatable).")
  List<String> labels = new ArrayList<>();

  @Option(
      names = "--adrs",
      split = ",",
      paramLabel = "IDS",
      description = "Labels adr=..., comma-separated (legacy).")
  List<String> adrs = new ArrayList<>();

  @Option(
      names = "--epics",
      split = ",",
      paramLabel = "IDS",
      description = "Labels epic=..., comma-separated (legacy).")
  List<String> epics = new ArrayList<>();

  @Option(
      names = "--capabilities",
      split = ",",
      paramLabel = "NAMES",
      description = "Labels capability=..., comma-separated (legacy).")
  List<String> capabilities = new ArrayList<>();

  @Option(names = "--source", paramLabel = "NAME", description = "What saved it (default: cli).")
  String source;

  @Option(names = "--dry-run", description = "Show what would be saved; write nothing.")
  boolean dryRun;

  @Override
  public Integer call() throws IOException {
    List<SaveRequest> requests = new ArrayList<>();
    if (files.isEmpty()) {
      requests.add(request(Utf8Input.decode(context().in().readAllBytes(), "the input")));
    } else {
      for (Path file : files) {
        requests.add(request(Utf8Input.decode(read(file), "file '" + file + "'")));
      }
    }
    if (dryRun) {
      return dryRun(requests);
    }
    List<SaveResult> results;
    if (context().terminal()) {
      try (ProgressLine progress = new ProgressLine(context().err(), context().programName())) {
        results = chatLog().saveAll(requests, progress);
      }
    } else {
      results = chatLog().saveAll(requests);
    }
    for (SaveResult result : results) {
      for (SavedChunk saved : result.chunks()) {
        context().out().println(saved.meta().id());
        if (!saved.created()) {
          context()
              .note(
                  "unchanged: "
                      + saved.meta().id()
                      + " already holds this content in session '"
                      + saved.meta().session()
                      + "'");
        }
      }
    }
    return ExitCodes.OK;
  }

  private int dryRun(List<SaveRequest> requests) {
    for (SaveRequest request : requests) {
      List<ChunkDraft> drafts = chatLog().plan(request);
      for (ChunkDraft draft : drafts) {
        context()
            .out()
            .println(
                "would save: "
                    + draft.project()
                    + "/"
                    + draft.topic()
                    + " session "
                    + draft.session()
                    + ", "
                    + draft.body().length()
                    + " chars");
      }
    }
    context().note("dry run: nothing was saved");
    return ExitCodes.OK;
  }

  private static byte[] read(Path file) {
    try {
      return Files.readAllBytes(file);
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("Cannot save file '" + file + "': no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save file '" + file + "': " + e.getMessage(), e);
    }
  }

  private SaveRequest request(String content) {
    List<Actor> actorList = new ArrayList<>();
    for (String actor : actors) {
      actorList.add(Actor.of(actor));
    }
    List<String> tagList = new ArrayList<>(tags);
    tagList.addAll(keywords);
    return new SaveRequest(
        project,
        topic,
        session,
        actorList,
        source,
        tagList.stream().map(String::strip).filter(t -> !t.isEmpty()).distinct().toList(),
        summary,
        labels(),
        content,
        null);
  }

  private Map<String, List<String>> labels() {
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (String label : labels) {
      int equals = label.indexOf('=');
      if (equals <= 0) {
        throw new InvalidInputException(
            "Cannot use label '" + label + "': expected KEY=VALUE, e.g. adr=0005");
      }
      add(result, label.substring(0, equals), label.substring(equals + 1));
    }
    adrs.forEach(value -> add(result, "adr", value));
    epics.forEach(value -> add(result, "epic", value));
    capabilities.forEach(value -> add(result, "capability", value));
    return result;
  }

  private static void add(Map<String, List<String>> labels, String key, String value) {
    String k = key.strip();
    String v = value.strip();
    if (k.isEmpty() || v.isEmpty()) {
      throw new InvalidInputException(
          "Cannot use label '" + key + "=" + value + "': key and value must not be empty");
    }
    List<String> values = labels.computeIfAbsent(k, unused -> new ArrayList<>());
    if (!values.contains(v)) {
      values.add(v);
    }
  }
}
