package dev.chatlog.cli.transfer;

import dev.chatlog.ChatLog;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.UnaryOperator;

/**
 * Writes conversations as a folder of Markdown files that opens as a notes vault: a folder per
 * project, a file per conversation named after its title ({@link SafeNames}; the session is added
 * where one project has several conversations of one title), with front matter on top, then the
 * conversation in its order ({@link ChunkMeta#CONVERSATION_ORDER}) as {@link ConversationText}
 * renders it. A first pass reads the chunks' metadata a page at a time to find the conversations;
 * then each conversation is read and written in turn, its bodies a page at a time.
 */
public final class MarkdownFolder {
  /** How many chunks are read at once. */
  static final int PAGE = 256;

  private final ChatLog log;

  public MarkdownFolder(ChatLog log) {
    this.log = log;
  }

  /** What was written. */
  public record Written(int conversations, long chunks) {}

  private record Key(String project, String topic, String session) {}

  private static final class Seen {
    long chunks;
    Instant first;
    Instant last;
    final Set<String> tags = new TreeSet<>();
    String source;
  }

  /**
   * Writes every conversation of the chunks {@code filter} selects into {@code folder}; only the
   * selected chunks of each conversation are written.
   *
   * @param progress told how many chunks are written so far
   */
  public Written write(ChunkFilter filter, Path folder, java.util.function.LongConsumer progress) {
    Map<Key, Seen> conversations = new LinkedHashMap<>();
    Iterator<List<ChunkMeta>> pages = log.listPages(filter, 4 * PAGE);
    while (pages.hasNext()) {
      for (ChunkMeta meta : pages.next()) {
        Seen seen =
            conversations.computeIfAbsent(
                new Key(meta.project(), meta.topic(), meta.session()), key -> new Seen());
        seen.chunks++;
        seen.first =
            seen.first == null || meta.created().isBefore(seen.first) ? meta.created() : seen.first;
        seen.last =
            seen.last == null || meta.created().isAfter(seen.last) ? meta.created() : seen.last;
        seen.tags.addAll(meta.tags());
        seen.source = seen.source == null ? meta.source() : seen.source;
      }
    }
    Map<Key, Path> files = fileNames(folder, conversations.keySet());
    long written = 0;
    for (Map.Entry<Key, Seen> conversation : conversations.entrySet()) {
      written +=
          write(
              filter,
              conversation.getKey(),
              conversation.getValue(),
              files.get(conversation.getKey()));
      progress.accept(written);
    }
    return new Written(conversations.size(), written);
  }

  private long write(ChunkFilter filter, Key key, Seen seen, Path file) {
    List<ChunkMeta> metas =
        new ArrayList<>(
            log.list(
                filter.withProject(key.project()).withTopic(key.topic()).withSession(key.session()),
                Integer.MAX_VALUE));
    metas.sort(ChunkMeta.CONVERSATION_ORDER);
    long written = 0;
    try {
      Files.createDirectories(file.getParent());
      try (BufferedWriter writer =
              Files.newBufferedWriter(file, StandardCharsets.UTF_8, StandardOpenOption.CREATE_NEW);
          PrintWriter out = new PrintWriter(writer)) {
        out.print(frontMatter(key, seen, metas));
        ConversationText text = new ConversationText(out, UnaryOperator.identity());
        text.begin(metas.get(0));
        for (int from = 0; from < metas.size(); from += PAGE) {
          for (Chunk chunk :
              log.retrieveAll(metas.subList(from, Math.min(metas.size(), from + PAGE)))) {
            text.add(chunk);
            written++;
          }
        }
        text.end();
        if (out.checkError()) {
          throw new IOException("the write failed");
        }
      }
    } catch (IOException | UncheckedIOException e) {
      throw new StorageException("Cannot write " + file + ": " + e.getMessage(), false, e);
    }
    return written;
  }

  /**
   * The front matter: the conversation's names and times in JSON-style YAML (strings double-quoted,
   * lists inline), which every YAML reader and notes vault reads as written.
   */
  private static String frontMatter(Key key, Seen seen, List<ChunkMeta> metas) {
    StringWriter text = new StringWriter();
    PrintWriter out = new PrintWriter(text);
    out.println("---");
    out.println("title: " + quoted(key.topic()));
    out.println("project: " + quoted(key.project()));
    out.println("topic: " + quoted(key.topic()));
    out.println("session: " + quoted(key.session()));
    out.println("source: " + quoted(seen.source));
    out.println("created: " + quoted(seen.first.toString()));
    out.println("updated: " + quoted(seen.last.toString()));
    out.println("chunks: " + metas.size());
    List<String> tags = new ArrayList<>();
    seen.tags.forEach(tag -> tags.add(quoted(tag)));
    out.println("tags: [" + String.join(", ", tags) + "]");
    out.println("first-id: " + quoted(metas.get(0).id().toString()));
    out.println("last-id: " + quoted(metas.get(metas.size() - 1).id().toString()));
    out.println("---");
    out.flush();
    return text.toString();
  }

  /** A string as a double-quoted YAML scalar, with JSON's escapes. */
  static String quoted(String value) {
    StringBuilder out = new StringBuilder("\"");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      switch (c) {
        case '"' -> out.append("\\\"");
        case '\\' -> out.append("\\\\");
        case '\n' -> out.append("\\n");
        case '\r' -> out.append("\\r");
        case '\t' -> out.append("\\t");
        default -> {
          if (c < 0x20 || (c >= 0x7f && c <= 0x9f) || c == '\u2028' || c == '\u2029') {
            out.append(String.format("\\u%04x", (int) c));
          } else {
            out.append(c);
          }
        }
      }
    }
    return out.append('"').toString();
  }

  /**
   * A file per conversation: {@code <project>/<title>.md}, and {@code <title> (<session>).md} where
   * the project has several conversations of one title; a number is added to names still taken (two
   * names that differ only in case, or that were made the same).
   */
  static Map<Key, Path> fileNames(Path folder, Set<Key> keys) {
    Map<List<String>, Integer> titles = new HashMap<>();
    for (Key key : keys) {
      titles.merge(List.of(key.project(), key.topic()), 1, Integer::sum);
    }
    Map<Key, Path> files = new LinkedHashMap<>();
    Set<String> taken = new HashSet<>();
    for (Key key : keys) {
      String project = SafeNames.of(key.project());
      String title =
          titles.get(List.of(key.project(), key.topic())) > 1
              ? key.topic() + " (" + key.session() + ")"
              : key.topic();
      String stem = SafeNames.of(title);
      String name = stem;
      for (int n = 2; !taken.add((project + "/" + name).toLowerCase(java.util.Locale.ROOT)); n++) {
        name = stem + " " + n;
      }
      Path file = folder.resolve(project).resolve(name + ".md").normalize();
      if (!file.startsWith(folder.normalize())) {
        throw new IllegalStateException("a safe name left the folder");
      }
      files.put(key, file);
    }
    return files;
  }
}
