package dev.chatlog.cli;

import dev.chatlog.model.ChunkMeta;
import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.UnaryOperator;
import picocli.CommandLine.Model.OptionSpec;

/** {@code chatlog sessions}: the conversations, most recently active first. */
final class SessionsCommand extends ChatlogSubcommand {
  private final FilterOptions filters = new FilterOptions();
  private final FormatOptions formats = new FormatOptions();
  private final OptionSpec limit =
      Specs.valueOrDefault(
          int.class,
          "N",
          "20",
          "How many conversations at most (default: ${DEFAULT-VALUE}).",
          "--limit",
          "-n");

  /** Chunk metadata read at a time. */
  private static final int PAGE = 5_000;

  SessionsCommand(CliContext context) {
    super(
        context,
        "sessions",
        "Lists conversations, most recently active first: project, title, session, source,"
            + " messages, chunks, first and last time.",
        "The filters of retrieve select the chunks the conversations are made of.",
        "Formats: table (default), json, jsonl.");
    filters.addTo(this);
    formats.addTo(this);
    add(limit);
  }

  @Override
  public Integer call() {
    OutputFormat format =
        formats.resolve(
            OutputFormat.TABLE,
            EnumSet.of(OutputFormat.TABLE, OutputFormat.JSON, OutputFormat.JSONL));
    int most = positive("--limit", limit.getValue());
    List<Conversation> conversations =
        Conversation.of(chatLog().listPages(filters.toFilter(Clock.systemUTC()), PAGE));
    conversations = conversations.subList(0, Math.min(most, conversations.size()));
    switch (format) {
      case JSON -> JsonOutput.writeAll(context().out(), conversations, false, Conversation::json);
      case JSONL -> JsonOutput.writeAll(context().out(), conversations, true, Conversation::json);
      default -> table(conversations);
    }
    if (conversations.isEmpty()) {
      context().note("no conversations in " + chatLog().location());
    }
    return ExitCodes.OK;
  }

  private void table(List<Conversation> conversations) {
    if (conversations.isEmpty()) {
      return;
    }
    Table table =
        new Table("LAST", "PROJECT", "TITLE", "SESSION", "SOURCE", "MESSAGES", "CHUNKS", "FIRST");
    UnaryOperator<String> shown = formats.storedText();
    for (Conversation conversation : conversations) {
      table.row(
          conversation.last().truncatedTo(ChronoUnit.SECONDS).toString(),
          shown.apply(conversation.project()),
          shown.apply(conversation.topic()),
          shown.apply(conversation.session()),
          shown.apply(conversation.source()),
          Long.toString(conversation.messages()),
          Integer.toString(conversation.chunks()),
          conversation.first().truncatedTo(ChronoUnit.SECONDS).toString());
    }
    table.print(context().out());
  }

  /**
   * One conversation: the chunks of one project, topic and session.
   *
   * @param messages how many messages its chunks hold (a chunk without that count, one)
   */
  record Conversation(
      String project,
      String topic,
      String session,
      String source,
      long messages,
      int chunks,
      Instant first,
      Instant last) {

    /**
     * The conversations of the chunks, most recently active first, read a page at a time: memory
     * holds a conversation each, not every chunk of the history.
     */
    static List<Conversation> of(Iterator<List<ChunkMeta>> pages) {
      Map<List<String>, Conversation> found = new LinkedHashMap<>();
      pages.forEachRemaining(
          page ->
              page.forEach(
                  meta ->
                      found.merge(
                          List.of(meta.project(), meta.topic(), meta.session()),
                          of(meta),
                          Conversation::plus)));
      List<Conversation> conversations = new ArrayList<>(found.values());
      conversations.sort(Comparator.comparing(Conversation::last).reversed());
      return conversations;
    }

    /** The conversation of one chunk. */
    private static Conversation of(ChunkMeta meta) {
      return new Conversation(
          meta.project(),
          meta.topic(),
          meta.session(),
          meta.source(),
          messagesOf(meta),
          1,
          meta.created(),
          meta.created());
    }

    /** This conversation with the chunks of {@code more}; the source stays this one's. */
    private Conversation plus(Conversation more) {
      return new Conversation(
          project,
          topic,
          session,
          source,
          messages + more.messages,
          chunks + more.chunks,
          first.isBefore(more.first) ? first : more.first,
          last.isAfter(more.last) ? last : more.last);
    }

    private static long messagesOf(ChunkMeta meta) {
      List<String> count = meta.labels().get("messages");
      try {
        return count == null || count.isEmpty() ? 1 : Long.parseLong(count.get(0));
      } catch (NumberFormatException e) {
        return 1;
      }
    }

    static void json(com.fasterxml.jackson.core.JsonGenerator json, Conversation conversation)
        throws java.io.IOException {
      json.writeStartObject();
      json.writeStringField("project", conversation.project());
      json.writeStringField("title", conversation.topic());
      json.writeStringField("session", conversation.session());
      json.writeStringField("source", conversation.source());
      json.writeNumberField("messages", conversation.messages());
      json.writeNumberField("chunks", conversation.chunks());
      json.writeStringField("first", conversation.first().toString());
      json.writeStringField("last", conversation.last().toString());
      json.writeEndObject();
    }
  }
}
