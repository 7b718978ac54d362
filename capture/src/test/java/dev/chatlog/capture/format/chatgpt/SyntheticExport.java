package dev.chatlog.capture.format.chatgpt;

import com.fasterxml.jackson.core.JsonGenerator;
import dev.chatlog.capture.format.Json;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Random;

/**
 * Writes a ChatGPT export with the real structure (a mapping tree per conversation, hidden system
 * messages, code and execution output, a regenerated answer now and then) of about the size asked,
 * streaming, so that tests and benchmarks can try exports far larger than memory.
 */
public final class SyntheticExport {
  private SyntheticExport() {}

  /** What was written. */
  public record Written(long conversations, long visibleMessages, long bytes) {}

  /**
   * Writes conversations of {@code turns} question-and-answer turns until the file has {@code
   * bytes}.
   */
  public static Written write(Path file, long bytes, int turns, long seed) throws IOException {
    Random random = new Random(seed);
    long conversations = 0;
    long messages = 0;
    try (OutputStream out = Files.newOutputStream(file);
        JsonGenerator json = Json.FACTORY.createGenerator(out)) {
      json.writeStartArray();
      while (Files.size(file) < bytes) {
        conversations++;
        messages += conversation(json, "conv-" + conversations, turns, random);
        json.flush();
      }
      json.writeEndArray();
    }
    return new Written(conversations, messages, Files.size(file));
  }

  private static int conversation(JsonGenerator json, String id, int turns, Random random)
      throws IOException {
    double time = 1_700_000_000 + random.nextInt(50_000_000) + random.nextInt(1_000_000) / 1e6;
    json.writeStartObject();
    json.writeStringField("title", "Synthetic conversation " + id);
    json.writeNumberField("create_time", time);
    json.writeNumberField("update_time", time + turns * 60);
    json.writeObjectFieldStart("mapping");
    node(json, id + "-root", null, id + "-sys", null, null, 0);
    node(json, id + "-sys", id + "-root", id + "-t0", "system", "", 0);
    String parent = id + "-sys";
    int visible = 0;
    String last = parent;
    for (int turn = 1; turn <= turns; turn++) {
      String user = id + "-u" + turn;
      String answer = id + "-a" + turn;
      String regenerated = random.nextInt(10) == 0 ? id + "-r" + turn : null;
      String next = turn < turns ? id + "-u" + (turn + 1) : null;
      node(json, user, parent, answer, "user", words(random, 40), time += 30);
      if (regenerated != null) {
        node(json, regenerated, user, null, "assistant", words(random, 200), time + 1);
      }
      node(json, answer, user, next, "assistant", words(random, 250), time += 20);
      visible += 2;
      parent = answer;
      last = answer;
    }
    json.writeEndObject();
    json.writeStringField("current_node", last);
    json.writeStringField("conversation_id", id);
    json.writeStringField("id", id);
    json.writeEndObject();
    return visible;
  }

  private static void node(
      JsonGenerator json,
      String id,
      String parent,
      String child,
      String role,
      String text,
      double time)
      throws IOException {
    json.writeObjectFieldStart(id);
    json.writeStringField("id", id);
    if (role == null) {
      json.writeNullField("message");
    } else {
      json.writeObjectFieldStart("message");
      json.writeStringField("id", id);
      json.writeObjectFieldStart("author");
      json.writeStringField("role", role);
      json.writeNullField("name");
      json.writeEndObject();
      if (time == 0) {
        json.writeNullField("create_time");
      } else {
        json.writeNumberField("create_time", time);
      }
      json.writeObjectFieldStart("content");
      json.writeStringField("content_type", "text");
      json.writeArrayFieldStart("parts");
      json.writeString(text);
      json.writeEndArray();
      json.writeEndObject();
      json.writeStringField("status", "finished_successfully");
      json.writeObjectFieldStart("metadata");
      if (role.equals("system")) {
        json.writeBooleanField("is_visually_hidden_from_conversation", true);
      }
      if (role.equals("assistant")) {
        json.writeStringField("model_slug", "gpt-4o");
      }
      json.writeEndObject();
      json.writeStringField("recipient", "all");
      json.writeEndObject();
    }
    json.writeStringField("parent", parent);
    json.writeArrayFieldStart("children");
    if (child != null) {
      json.writeString(child);
    }
    json.writeEndArray();
    json.writeEndObject();
  }

  private static final String[] WORDS = {
    "the",
    "retry",
    "budget",
    "checkout",
    "is",
    "two",
    "with",
    "no",
    "backoff",
    "raise",
    "it",
    "to",
    "five",
    "and",
    "add",
    "jitter",
    "so",
    "that",
    "payments",
    "recover",
    "from",
    "timeouts"
  };

  private static String words(Random random, int count) {
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < count; i++) {
      out.append(i == 0 ? "" : i % 17 == 0 ? ".\n\n" : " ")
          .append(WORDS[random.nextInt(WORDS.length)]);
    }
    return out.toString();
  }
}
