package dev.chatlog.cli;

import dev.chatlog.cli.transfer.ConversationText;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.NotFoundException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/** {@code chatlog conversation}: one whole conversation, in its order, split parts rejoined. */
final class ConversationCommand extends ChatlogSubcommand {
  /** Chunks read at once while a conversation's newest end is measured against a budget. */
  private static final int PAGE = 64;

  private final PositionalParamSpec session =
      Specs.parameter(
          "SESSION",
          "The session of the conversation (see chatlog sessions), or the id of one of its chunks"
              + " (or the start of it).");
  private final OptionSpec project =
      Specs.value(
          String.class, "NAME", "Its project, where sessions share a name.", "--project", "-p");
  private final OptionSpec topic =
      Specs.value(String.class, "NAME", "Its topic, where sessions share a name.", "--topic", "-t");
  private final OptionSpec maxChars =
      Specs.value(
          Integer.class,
          "N",
          "Keep the newest end of the conversation within N characters of chunk bodies.",
          "--max-chars");
  private final FormatOptions formats = new FormatOptions();

  ConversationCommand(CliContext context) {
    super(
        context,
        "conversation",
        "Prints one conversation whole, in its order (seq, then time, then id), the parts of a"
            + " split message joined again.",
        "Formats: markdown (default), json, jsonl.");
    add(session, project, topic, maxChars);
    formats.addTo(this);
  }

  @Override
  public Integer call() {
    OutputFormat format =
        formats.resolve(
            OutputFormat.MARKDOWN,
            EnumSet.of(OutputFormat.MARKDOWN, OutputFormat.JSON, OutputFormat.JSONL));
    String name = session.getValue();
    ChunkFilter filter = ChunkFilter.all().withSession(name);
    if (project.getValue() != null) {
      filter = filter.withProject(project.getValue());
    }
    if (topic.getValue() != null) {
      filter = filter.withTopic(topic.getValue());
    }
    List<ChunkMeta> metas = new ArrayList<>(chatLog().list(filter, Integer.MAX_VALUE));
    if (metas.isEmpty()) {
      metas = ofChunk(name);
    }
    if (metas.isEmpty()) {
      throw new NotFoundException(
          "Cannot show conversation " + name + ": no such session in " + chatLog().location());
    }
    Set<String> places = new TreeSet<>();
    metas.forEach(meta -> places.add(meta.project() + "/" + meta.topic()));
    if (places.size() > 1) {
      throw usage(
          "Cannot show conversation "
              + name
              + ": sessions of this name are in "
              + String.join(", ", places)
              + "; choose one with --project and --topic");
    }
    metas.sort(ChunkMeta.CONVERSATION_ORDER);
    List<Chunk> chunks;
    if (maxChars.getValue() == null) {
      chunks = chatLog().retrieveAll(metas);
    } else {
      int budget = positive("--max-chars", (Integer) maxChars.getValue());
      NewestEnd end = newestWithin(metas, budget);
      chunks = end.kept();
      if (chunks.isEmpty() && end.leftOut() != null) {
        nothingFits(name, end.leftOut(), budget);
      }
    }
    context().warnModified(chunks);
    switch (format) {
      case JSON -> JsonOutput.writeAll(context().out(), chunks, false, JsonOutput::chunk);
      case JSONL -> JsonOutput.writeAll(context().out(), chunks, true, JsonOutput::chunk);
      default -> markdown(chunks);
    }
    return ExitCodes.OK;
  }

  /**
   * The chunks of the conversation of the chunk {@code name} names, when it is a chunk id or the
   * start of one at least as long as an id's time part (ten characters); empty otherwise.
   */
  private List<ChunkMeta> ofChunk(String name) {
    String prefix;
    try {
      prefix = ChunkId.normalize(name);
    } catch (InvalidInputException e) {
      return new ArrayList<>();
    }
    if (prefix.length() < 10) {
      return new ArrayList<>();
    }
    Optional<Chunk> chunk;
    try {
      chunk = chatLog().show(chatLog().resolve(prefix));
    } catch (NotFoundException e) {
      return new ArrayList<>();
    }
    if (chunk.isEmpty()) {
      return new ArrayList<>();
    }
    ChunkMeta meta = chunk.get().meta();
    ChunkFilter filter =
        ChunkFilter.all()
            .withProject(meta.project())
            .withTopic(meta.topic())
            .withSession(meta.session());
    return new ArrayList<>(chatLog().list(filter, Integer.MAX_VALUE));
  }

  /**
   * The newest end of a conversation within a budget: the chunks kept, in order, and the newest
   * chunk left out ({@code null} when none was).
   */
  private record NewestEnd(List<Chunk> kept, Chunk leftOut) {}

  /**
   * The newest chunks whose bodies fit together in {@code budget} characters (code points, as
   * {@code retrieve --max-chars} counts them): the conversation's newest end, read a page at a time
   * from it; nothing when even the newest chunk is longer.
   */
  private NewestEnd newestWithin(List<ChunkMeta> metas, int budget) {
    Deque<Chunk> kept = new ArrayDeque<>();
    long left = budget;
    for (int to = metas.size(); to > 0; to -= PAGE) {
      List<Chunk> page = chatLog().retrieveAll(metas.subList(Math.max(0, to - PAGE), to));
      for (int i = page.size() - 1; i >= 0; i--) {
        long length = CliContext.characters(page.get(i));
        if (length > left) {
          return new NewestEnd(List.copyOf(kept), page.get(i));
        }
        kept.addFirst(page.get(i));
        left -= length;
      }
    }
    return new NewestEnd(List.copyOf(kept), null);
  }

  /** Says why nothing is shown: the conversation's newest chunk is longer than the budget. */
  private void nothingFits(String name, Chunk newest, int budget) {
    context()
        .nothingFits(
            budget, "the newest chunk of conversation " + name, newest, "raise --max-chars");
  }

  private void markdown(List<Chunk> chunks) {
    if (chunks.isEmpty()) {
      return;
    }
    ConversationText text = new ConversationText(context().out(), formats.storedText());
    text.begin(chunks.get(0).meta());
    chunks.forEach(text::add);
    text.end();
  }
}
