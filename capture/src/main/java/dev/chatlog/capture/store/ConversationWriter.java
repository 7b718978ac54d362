package dev.chatlog.capture.store;

import static java.util.Objects.requireNonNull;

import dev.chatlog.ChatLog;
import dev.chatlog.SaveRequest;
import dev.chatlog.SaveResult;
import dev.chatlog.capture.model.ImportLabels;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.capture.redact.RedactionTally;
import dev.chatlog.capture.redact.Redactor;
import dev.chatlog.capture.render.MessageSections;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.Actor;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.model.SavedChunk;
import dev.chatlog.spi.MetadataPages;
import dev.chatlog.text.ChunkSplitter;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Consumer;

/**
 * Saves imported conversations, the one mapping of every format: a conversation is one session
 * (named by its native id), its title the topic, its project {@code --project}, else the one the
 * source names, else the format's name. Consecutive messages are packed into chunks up to the chunk
 * limit, each a section headed by its actor and time ({@link MessageSections}); a longer message is
 * split as {@code save} splits. Each chunk's labels name the native ids of its first and last
 * message and how many it holds, so importing again writes nothing and a conversation that has
 * grown gets only its new messages. A conversation keeps the topic it was first saved under, even
 * when its title changes later.
 *
 * <p>Secrets are redacted ({@link Redactor}) from the title, the summary and each new message's
 * text before anything is written; the same message redacted again gives the same chunk.
 */
public final class ConversationWriter {
  /** Label of the native id of a chunk's first message. */
  public static final String FIRST_MESSAGE = "first-message";

  /** Label of the native id of a chunk's last message. */
  public static final String LAST_MESSAGE = "last-message";

  /** Label of how many messages a chunk holds (the parts of one split message count once). */
  public static final String MESSAGES = "messages";

  /**
   * Chunks saved with one append, at most: enough for a blob store to index them with one new
   * segment; an import holds two appends in memory (1,024 gave no faster import of 1 GB into SQLite
   * under {@code -Xmx256m}, and twice the live heap).
   */
  private static final int BATCH = 256;

  /** Characters of chunk text an import holds for one append, at most (256 full chunks). */
  private static final long BATCH_CHARS = 4_096_000;

  private final ChatLog chatLog;
  private final String project;
  private final boolean dryRun;
  private final Redactor redactor;

  /**
   * A writer that redacts with the default rules.
   *
   * @param chatLog where to save
   * @param project the project of every conversation; {@code null} to take the source's
   * @param dryRun plan only, writing nothing
   */
  public ConversationWriter(ChatLog chatLog, String project, boolean dryRun) {
    this(chatLog, project, dryRun, Redactor.defaults());
  }

  /**
   * @param chatLog where to save
   * @param project the project of every conversation; {@code null} to take the source's
   * @param dryRun plan only, writing nothing
   * @param redactor what replaces secrets before anything is written ({@link Redactor#none()} to
   *     keep text as it is)
   */
  public ConversationWriter(ChatLog chatLog, String project, boolean dryRun, Redactor redactor) {
    this.chatLog = requireNonNull(chatLog, "chatLog is null");
    this.project = project;
    this.dryRun = dryRun;
    this.redactor = requireNonNull(redactor, "redactor is null");
  }

  /**
   * What writing one conversation did.
   *
   * @param redactions rule name to how many secrets it replaced in what was written (the new
   *     messages, and the title and summary with them)
   */
  public record Outcome(
      String project,
      String topic,
      String session,
      int messages,
      int newMessages,
      int chunksWritten,
      int chunksPresent,
      Map<String, Integer> redactions) {
    public Outcome {
      redactions = Map.copyOf(redactions);
    }
  }

  /**
   * Saves a part of a conversation read from a log from a position ({@link
   * dev.chatlog.capture.LogImporter#readLog}): its messages follow what the store holds of the
   * conversation, unless the store holds some of them already (the part was read again after a
   * crash), in which case only those after the last one it holds are saved.
   */
  public Outcome append(ImportedConversation part) {
    requireNonNull(part, "part is null");
    Target target = target(part);
    StoredConversation stored =
        StoredConversation.of(
            chatLog.list(
                ChunkFilter.all().withProject(target.project()).withSession(target.session()),
                Integer.MAX_VALUE));
    return save(List.of(plan(part, true, target, stored))).get(0).outcome();
  }

  /**
   * Starts writing many conversations, as an import of an export does: what the store holds of a
   * format is read once, with the first conversation of that format, and the chunks of consecutive
   * conversations are saved together, up to {@value #BATCH} chunks or {@value #BATCH_CHARS}
   * characters at a time, so that a store indexes them with one update. Each conversation's outcome
   * goes to {@code saved} in the order they were added, once its chunks are saved; {@link
   * Batch#close} saves the rest.
   */
  public Batch batch(Consumer<Outcome> saved) {
    return new Batch(requireNonNull(saved, "saved is null"));
  }

  /** Conversations written together ({@link #batch}). */
  public final class Batch implements AutoCloseable {
    private final Consumer<Outcome> saved;
    private final Map<String, Map<Target, StoredConversation>> storedByFormat = new HashMap<>();
    private final Map<String, ImportRecords.Mark> marks = new HashMap<>();
    private final List<Plan> pending = new ArrayList<>();
    private final ExecutorService saver =
        Executors.newSingleThreadExecutor(
            task -> {
              Thread thread = new Thread(task, "chatlog-import-save");
              thread.setDaemon(true);
              return thread;
            });
    private int pendingChunks;
    private long pendingChars;
    private Future<List<Saved>> saving;

    private Batch(Consumer<Outcome> saved) {
      this.saved = saved;
    }

    /** Plans the conversation's new chunks, saving what is pending once enough of them are. */
    public void add(ImportedConversation conversation) {
      requireNonNull(conversation, "conversation is null");
      Target target = target(conversation);
      Map<Target, StoredConversation> stored =
          storedByFormat.computeIfAbsent(conversation.format(), this::readStored);
      StoredConversation before = stored.computeIfAbsent(target, t -> new StoredConversation());
      Plan plan = plan(conversation, false, target, before);
      plan.chunks().forEach(before::addNewer);
      pending.add(plan);
      pendingChunks += plan.chunks().size();
      pendingChars += plan.chunks().stream().mapToLong(chunk -> chunk.content().length()).sum();
      if (pendingChunks >= BATCH || pendingChars >= BATCH_CHARS) {
        flush();
      }
    }

    /**
     * Hands the pending chunks to the thread that saves, once it has saved the batch before them,
     * whose conversations are then reported; reading and planning go on meanwhile.
     */
    public void flush() {
      List<Plan> plans = List.copyOf(pending);
      pending.clear();
      pendingChunks = 0;
      pendingChars = 0;
      reportSaved();
      saving = saver.submit(() -> save(plans));
    }

    /**
     * The mark ({@link ImportRecords#storeMark}) of the chunks the store holds of a format, as this
     * batch knows them once closed: those it found when it met the format first, and those its
     * saves created. It is the mark a listing of the store gives unless another process saved or
     * deleted chunks of the format meanwhile; then it differs from the store's, and the next import
     * reads the file again. Empty for a format the batch did not meet, and in a dry run.
     */
    public Optional<String> storeMark(String format) {
      return dryRun
          ? Optional.empty()
          : Optional.ofNullable(marks.get(format)).map(ImportRecords.Mark::value);
    }

    /** Saves what is pending and reports every conversation not reported yet. */
    @Override
    public void close() {
      try {
        flush();
        reportSaved();
      } finally {
        saver.shutdown();
      }
    }

    /** Waits for the batch being saved and reports its conversations. */
    private void reportSaved() {
      if (saving == null) {
        return;
      }
      Future<List<Saved>> batch = saving;
      saving = null;
      try {
        for (Saved plan : batch.get()) {
          ImportRecords.Mark mark =
              marks.computeIfAbsent(plan.format(), f -> new ImportRecords.Mark());
          plan.created().forEach(mark::add);
          saved.accept(plan.outcome());
        }
      } catch (InterruptedException e) {
        batch.cancel(true);
        Thread.currentThread().interrupt();
        throw new StorageException("Cannot save " + chatLog.location() + ": interrupted", true, e);
      } catch (ExecutionException e) {
        if (e.getCause() instanceof RuntimeException runtime) {
          throw runtime;
        }
        if (e.getCause() instanceof Error error) {
          throw error;
        }
        throw new StorageException(
            "Cannot save to " + chatLog.location() + ": " + e.getCause(), false, e.getCause());
      }
    }

    /** What the store holds of the conversations imported from {@code format}, by session. */
    private Map<Target, StoredConversation> readStored(String format) {
      Map<Target, StoredConversation> stored = new HashMap<>();
      ImportRecords.Mark mark = marks.computeIfAbsent(format, f -> new ImportRecords.Mark());
      Iterator<List<ChunkMeta>> pages =
          chatLog.listPages(ChunkFilter.all().withSource(format), MetadataPages.PAGE);
      pages.forEachRemaining(
          page ->
              page.forEach(
                  meta -> {
                    mark.add(meta.id());
                    stored
                        .computeIfAbsent(
                            new Target(meta.project(), meta.session()),
                            target -> new StoredConversation())
                        .addOlder(meta);
                  }));
      return stored;
    }
  }

  /** The project and session a conversation is saved under. */
  private Target target(ImportedConversation conversation) {
    return new Target(
        name(firstNonBlank(project, conversation.projectHint(), conversation.format())),
        name(conversation.nativeId()));
  }

  /** The new chunks of one conversation, redacted, with what its outcome reports. */
  private Plan plan(
      ImportedConversation conversation, boolean part, Target target, StoredConversation stored) {
    String topic =
        stored.topic() != null
            ? stored.topic()
            : name(firstNonBlank(redactor.redact(conversation.title()).text(), "untitled"));
    List<ImportedMessage> messages = conversation.messages();
    int from = stored.alreadyImported(messages, part);
    RedactionTally tally = new RedactionTally();
    List<SaveRequest> chunks =
        from == messages.size()
            ? List.of()
            : chunks(
                redacted(conversation, from, tally), target.project(), topic, target.session());
    return new Plan(
        conversation.format(),
        target,
        topic,
        messages.size(),
        messages.size() - from,
        chunks,
        tally.counts());
  }

  /** Saves the plans' chunks in order, {@value #BATCH} per append, and tells what each got. */
  private List<Saved> save(List<Plan> plans) {
    List<SaveRequest> requests = plans.stream().flatMap(plan -> plan.chunks().stream()).toList();
    List<SaveResult> results = new ArrayList<>();
    if (!dryRun) {
      for (int i = 0; i < requests.size(); i += BATCH) {
        results.addAll(chatLog.saveAll(requests.subList(i, Math.min(requests.size(), i + BATCH))));
      }
    }
    List<Saved> saved = new ArrayList<>();
    int next = 0;
    for (Plan plan : plans) {
      int written = dryRun ? plan.chunks().size() : 0;
      int present = 0;
      List<ChunkId> created = new ArrayList<>();
      for (SaveResult result : results.subList(next, dryRun ? next : next + plan.chunks().size())) {
        for (SavedChunk chunk : result.chunks()) {
          if (chunk.created()) {
            created.add(chunk.meta().id());
          } else {
            present++;
          }
        }
      }
      written += created.size();
      next += dryRun ? 0 : plan.chunks().size();
      Outcome outcome =
          new Outcome(
              plan.target().project(),
              plan.topic(),
              plan.target().session(),
              plan.messages(),
              plan.newMessages(),
              written,
              present,
              plan.redactions());
      saved.add(new Saved(plan.format(), outcome, created));
    }
    return saved;
  }

  /** What saving one plan gave: its outcome, and the ids of the chunks it created. */
  private record Saved(String format, Outcome outcome, List<ChunkId> created) {}

  /** The project and session of a conversation in the store. */
  private record Target(String project, String session) {}

  /** What writing one conversation will save. */
  private record Plan(
      String format,
      Target target,
      String topic,
      int messages,
      int newMessages,
      List<SaveRequest> chunks,
      Map<String, Integer> redactions) {}

  /** The conversation's messages from {@code from} on, its title and summary, redacted. */
  private ImportedConversation redacted(
      ImportedConversation conversation, int from, RedactionTally tally) {
    List<ImportedMessage> fresh = new ArrayList<>();
    for (ImportedMessage message :
        conversation.messages().subList(from, conversation.messages().size())) {
      String text = redactor.redact(message.text(), tally);
      fresh.add(
          text.equals(message.text())
              ? message
              : new ImportedMessage(
                  message.nativeId(), message.actor(), message.time(), text, message.labels()));
    }
    return new ImportedConversation(
        conversation.format(),
        conversation.nativeId(),
        redactor.redact(conversation.title()).text(),
        conversation.projectHint(),
        redactor.redact(conversation.summary(), tally),
        conversation.origin(),
        conversation.tags(),
        conversation.labels(),
        conversation.models(),
        fresh);
  }

  /** The conversation's messages packed into chunks, as save requests in order. */
  private List<SaveRequest> chunks(
      ImportedConversation conversation, String projectName, String topic, String session) {
    List<ImportedMessage> messages = conversation.messages();
    int maxChars = chatLog.config().chunkMaxChars();
    List<SaveRequest> requests = new ArrayList<>();
    Pack pack = new Pack();
    for (ImportedMessage message : messages) {
      String section = MessageSections.render(message);
      int length = section.codePointCount(0, section.length());
      if (!pack.isEmpty() && pack.length + length > maxChars) {
        requests.add(pack.request(conversation, projectName, topic, session));
        pack = new Pack();
      }
      if (length <= maxChars) {
        pack.add(message, section, length);
        continue;
      }
      List<String> parts = ChunkSplitter.split(section, maxChars);
      for (int i = 0; i < parts.size(); i++) {
        Pack part = new Pack();
        part.add(message, parts.get(i), maxChars);
        part.count = i == parts.size() - 1 ? 1 : 0;
        requests.add(part.request(conversation, projectName, topic, session));
      }
    }
    if (!pack.isEmpty()) {
      requests.add(pack.request(conversation, projectName, topic, session));
    }
    return requests;
  }

  /** The messages of one chunk being packed. */
  private static final class Pack {
    private final StringBuilder body = new StringBuilder();
    private final List<ImportedMessage> messages = new ArrayList<>();
    private int length;
    private int count;

    boolean isEmpty() {
      return messages.isEmpty();
    }

    void add(ImportedMessage message, String section, int sectionLength) {
      if (!isEmpty()) {
        body.append('\n');
        length++;
      }
      body.append(section);
      length += sectionLength;
      messages.add(message);
      count++;
    }

    SaveRequest request(
        ImportedConversation conversation, String projectName, String topic, String session) {
      Set<Actor> actors = new LinkedHashSet<>();
      Set<String> models = new LinkedHashSet<>();
      Instant created = null;
      for (ImportedMessage message : messages) {
        actors.add(message.actor());
        if (!message.label("model").isEmpty()) {
          models.add(message.label("model"));
        }
        created = created == null ? message.time() : created;
      }
      Map<String, List<String>> labels = new LinkedHashMap<>(conversation.labels());
      ImportedMessage first = messages.get(0);
      ImportedMessage last = messages.get(messages.size() - 1);
      if (!first.nativeId().isEmpty()) {
        labels.put(FIRST_MESSAGE, List.of(ImportLabels.value(first.nativeId())));
      }
      if (!last.nativeId().isEmpty() && count > 0) {
        labels.put(LAST_MESSAGE, List.of(ImportLabels.value(last.nativeId())));
      }
      labels.put(MESSAGES, List.of(Integer.toString(count)));
      if (!models.isEmpty()) {
        labels.put("model", List.copyOf(models));
      }
      return new SaveRequest(
          projectName,
          topic,
          session,
          List.copyOf(actors),
          conversation.format(),
          conversation.tags(),
          oneLine(conversation.summary()),
          labels,
          body.toString(),
          created);
    }
  }

  private static String firstNonBlank(String... values) {
    for (String value : values) {
      if (value != null && !value.isBlank()) {
        return value;
      }
    }
    return "default";
  }

  /** A name as a store takes it: one line without control characters, at most 200 characters. */
  static String name(String text) {
    String line = oneLine(text);
    if (line.length() > SaveRequest.MAX_NAME_LENGTH) {
      line = line.substring(0, SaveRequest.MAX_NAME_LENGTH).strip();
    }
    return line.isEmpty() ? "untitled" : line;
  }

  private static String oneLine(String text) {
    StringBuilder out = new StringBuilder();
    text.codePoints().forEach(c -> out.appendCodePoint(Character.isISOControl(c) ? ' ' : c));
    return out.toString().replaceAll(" {2,}", " ").strip();
  }
}
