package dev.chatlog.cli;

import dev.chatlog.SaveProgress;
import dev.chatlog.SaveRequest;
import dev.chatlog.SaveResult;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.capture.redact.RedactionTally;
import dev.chatlog.capture.redact.Redactor;
import dev.chatlog.capture.render.MessageSections;
import dev.chatlog.capture.render.Transcript;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.SavedChunk;
import java.io.IOException;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import picocli.CommandLine.Model.OptionSpec;

/** {@code chatlog save}: saves stdin or files as chunks and prints their ids. */
final class SaveCommand extends ChatlogSubcommand {
  private final OptionSpec files =
      OptionSpec.builder("--file", "-f")
          .type(List.class)
          .auxiliaryTypes(Path.class)
          .paramLabel("PATH")
          .description("Save this file instead of stdin (repeatable; each file is one save).")
          .build();
  private final OptionSpec project =
      Specs.value(
          String.class,
          "NAME",
          "Project name (default: default).",
          "--project",
          "-p",
          "--project-name");
  private final OptionSpec topic =
      Specs.value(String.class, "NAME", "Topic name (default: default).", "--topic", "-t");
  private final OptionSpec session =
      Specs.value(
          String.class,
          "ID",
          "The conversation this is part of (default: today's date, e.g. 2026-12-06).",
          "--session",
          "--session-id");
  private final OptionSpec actors =
      Specs.strings(
          "ACTOR",
          null,
          "Who speaks: user, assistant, system, tool (repeatable; default: user).",
          "--actor");
  private final OptionSpec tags = Specs.strings("TAG", null, "A tag (repeatable).", "--tag");
  private final OptionSpec keywords =
      Specs.strings("TAGS", ",", "Tags, comma-separated (legacy form of --tag).", "--keywords");
  private final OptionSpec summary =
      Specs.value(String.class, "TEXT", "A one-line summary.", "--summary");
  private final OptionSpec labels =
      Specs.strings("KEY=VALUE", null, "A label, e.g. adr=0005 (repeatable).", "--label");
  private final OptionSpec adrs =
      Specs.strings("IDS", ",", "Labels adr=..., comma-separated (legacy).", "--adrs");
  private final OptionSpec epics =
      Specs.strings("IDS", ",", "Labels epic=..., comma-separated (legacy).", "--epics");
  private final OptionSpec capabilities =
      Specs.strings(
          "NAMES", ",", "Labels capability=..., comma-separated (legacy).", "--capabilities");
  private final OptionSpec source =
      Specs.value(String.class, "NAME", "What saved it (default: cli).", "--source");
  private final OptionSpec dryRun =
      Specs.flag("Show what would be saved; write nothing.", "--dry-run");
  private final OptionSpec raw =
      Specs.flag(
          "Save the input as one message even when it reads as a transcript with turn markers"
              + " (User: / Assistant:, Human:, ## User).",
          "--raw");
  private final OptionSpec noRedact = CaptureRedaction.option();
  private final RedactionTally redactions = new RedactionTally();
  private Redactor redactor = Redactor.none();

  SaveCommand(CliContext context) {
    super(
        context,
        "save",
        "Saves chat context from stdin (or --file) and prints the id of each chunk, one a line.",
        "Saving the same content to the same session again creates nothing and prints the"
            + " existing id.",
        "Secrets (keys, tokens, passwords) are replaced with [REDACTED:rule] before anything is"
            + " written; stderr says how many.");
    add(
        files,
        project,
        topic,
        session,
        actors,
        tags,
        keywords,
        summary,
        labels,
        adrs,
        epics,
        capabilities,
        source,
        dryRun,
        raw,
        noRedact);
  }

  /**
   * Checks every input whole before anything is saved (so that a bad one saves nothing), then saves
   * them in order: inputs that fit in memory together with one append, a larger one as it is read,
   * split into chunks in bounded memory.
   */
  @Override
  public Integer call() {
    long maxBytes = context().settings().inputMaxBytes();
    redactor = CaptureRedaction.of(context(), noRedact);
    List<SaveInput> inputs = new ArrayList<>();
    try {
      List<Path> paths = files.getValue();
      if (paths == null) {
        if (context().inputTerminal() && !LogSetup.json()) {
          context()
              .note(
                  "reading stdin: type or paste, then press Ctrl-D on a line of its own to save"
                      + " (Ctrl-C cancels; --file PATH saves a file)");
        }
        inputs.add(SaveInput.stdin(context().in(), maxBytes));
      } else {
        for (Path file : paths) {
          inputs.add(SaveInput.file(file, maxBytes));
        }
      }
      SaveRequest metadata = request("");
      if (Specs.isSet(dryRun)) {
        return dryRun(metadata, inputs);
      }
      try (ProgressLine progress = new ProgressLine(context().err(), context().programName())) {
        // JSON logs: only JSON lines on stderr
        boolean shown = context().terminal() && !LogSetup.json();
        save(metadata, inputs, shown ? progress : SaveProgress.NONE);
      }
      noteRedactions();
      return ExitCodes.OK;
    } finally {
      inputs.forEach(SaveInput::close);
    }
  }

  /** Up to this many bytes of small inputs are saved with one append. */
  private static final long BATCH_BYTES = 4L * SaveInput.IN_MEMORY;

  private void save(SaveRequest metadata, List<SaveInput> inputs, SaveProgress progress) {
    List<SaveRequest> batch = new ArrayList<>();
    long batchBytes = 0;
    for (SaveInput input : inputs) {
      if (input.size() > SaveInput.IN_MEMORY) {
        print(saveBatch(batch, progress));
        batch.clear();
        batchBytes = 0;
        print(chatLog().save(metadata, redactor.reader(input.reader(), redactions), progress));
        continue;
      }
      if (batchBytes + input.size() > BATCH_BYTES) {
        print(saveBatch(batch, progress));
        batch.clear();
        batchBytes = 0;
      }
      batch.add(asMessages(metadata, input.text()));
      batchBytes += input.size();
    }
    print(saveBatch(batch, progress));
  }

  /**
   * The request that saves {@code text}: a pasted transcript with turn markers as its messages,
   * each a section headed by its actor, with those actors (unless {@code --raw} or {@code --actor}
   * is given); anything else as it is.
   */
  private SaveRequest asMessages(SaveRequest metadata, String input) {
    String text = redactor.redact(input, redactions);
    SaveRequest plain = metadata.withContent(text);
    if (Specs.isSet(raw) || !Specs.values(actors).isEmpty()) {
      return plain;
    }
    return Transcript.parse(text)
        .map(
            messages ->
                metadata
                    .withContent(
                        messages.stream()
                            .map(MessageSections::render)
                            .collect(Collectors.joining("\n")))
                    .withActors(messages.stream().map(ImportedMessage::actor).distinct().toList()))
        .orElse(plain);
  }

  private List<SavedChunk> saveBatch(List<SaveRequest> batch, SaveProgress progress) {
    List<SavedChunk> saved = new ArrayList<>();
    if (!batch.isEmpty()) {
      for (SaveResult result : chatLog().saveAll(batch, progress)) {
        saved.addAll(result.chunks());
      }
    }
    return saved;
  }

  private void print(List<SavedChunk> chunks) {
    for (SavedChunk saved : chunks) {
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

  private int dryRun(SaveRequest metadata, List<SaveInput> inputs) {
    for (SaveInput input : inputs) {
      try (Reader reader = redactor.reader(input.reader(), redactions)) {
        Iterator<ChunkDraft> drafts = chatLog().plan(metadata, reader);
        while (drafts.hasNext()) {
          ChunkDraft draft = drafts.next();
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
                      + Plural.of(draft.body().length(), "char"));
        }
      } catch (IOException e) {
        throw new UncheckedIOException("Cannot read the input: " + e.getMessage(), e);
      }
    }
    noteRedactions();
    context().note("dry run: nothing was saved");
    return ExitCodes.OK;
  }

  /** Tells on stderr how many secrets were redacted, per rule, when there were any. */
  private void noteRedactions() {
    if (redactions.total() > 0) {
      context().note(redactions.describe());
    }
  }

  private SaveRequest request(String content) {
    List<Actor> actorList = new ArrayList<>();
    for (String actor : Specs.values(actors)) {
      actorList.add(Actor.of(actor));
    }
    List<String> tagList = new ArrayList<>();
    addTags(tagList, Specs.values(tags));
    addTags(tagList, Specs.values(keywords));
    return new SaveRequest(
        project.getValue(),
        topic.getValue(),
        session.getValue(),
        actorList,
        source.getValue(),
        tagList,
        summary.getValue() == null ? null : redactor.redact(summary.getValue(), redactions),
        labels(),
        content,
        null);
  }

  private Map<String, List<String>> labels() {
    Map<String, List<String>> result = new LinkedHashMap<>();
    for (String label : Specs.values(labels)) {
      int equals = label.indexOf('=');
      if (equals <= 0) {
        throw new InvalidInputException(
            "Cannot use label '" + label + "': expected KEY=VALUE, e.g. adr=0005");
      }
      add(result, label.substring(0, equals), label.substring(equals + 1));
    }
    addAll(result, "adr", Specs.values(adrs));
    addAll(result, "epic", Specs.values(epics));
    addAll(result, "capability", Specs.values(capabilities));
    return result;
  }

  /**
   * Adds each tag that is not blank (a blank one comes from {@code --keywords "a,,b"}); {@code
   * SaveRequest} strips them and drops duplicates.
   */
  private static void addTags(List<String> tagList, List<String> given) {
    for (String tag : given) {
      if (!tag.isBlank()) {
        tagList.add(tag);
      }
    }
  }

  private static void addAll(Map<String, List<String>> labels, String key, List<String> values) {
    for (String value : values) {
      add(labels, key, value);
    }
  }

  private static void add(Map<String, List<String>> labels, String key, String value) {
    String k = key.strip();
    String v = value.strip();
    if (k.isEmpty() || v.isEmpty()) {
      throw new InvalidInputException(
          "Cannot use label '" + key + "=" + value + "': key and value must not be empty");
    }
    List<String> values = labels.get(k);
    if (values == null) {
      values = new ArrayList<>();
      labels.put(k, values);
    }
    if (!values.contains(v)) {
      values.add(v);
    }
  }
}
