package dev.chatlog.capture.watch;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;

/** Lines of a Claude Code session log as Claude Code writes them, for tests that append to one. */
public final class ClaudeLines {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final String session;
  private final String cwd;
  private int counter;

  public ClaudeLines(String session, String cwd) {
    this.session = session;
    this.cwd = cwd;
  }

  private ObjectNode line(String type) {
    counter++;
    ObjectNode node = JSON.createObjectNode();
    node.put("type", type);
    node.put("sessionId", session);
    node.put("uuid", session + "-line-" + counter);
    node.put("cwd", cwd);
    node.put("isSidechain", false);
    node.put("timestamp", Instant.parse("2026-03-01T10:00:00Z").plusSeconds(counter).toString());
    return node;
  }

  /** A prompt of the user, one line with its line break. */
  public String user(String text) {
    ObjectNode node = line("user");
    ObjectNode message = node.putObject("message");
    message.put("role", "user");
    message.put("content", text);
    return node + "\n";
  }

  /** One part (a text block) of an answer with this API message id. */
  public String assistant(String messageId, String text) {
    ObjectNode node = line("assistant");
    ObjectNode message = node.putObject("message");
    message.put("id", messageId);
    message.put("model", "claude-test");
    message.put("role", "assistant");
    message.putArray("content").addObject().put("type", "text").put("text", text);
    return node + "\n";
  }

  /** Appends text to a file, creating it and its folders. */
  public static void append(Path file, String text) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(
          file, text, StandardCharsets.UTF_8, StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
