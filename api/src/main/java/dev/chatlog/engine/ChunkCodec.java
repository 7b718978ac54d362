package dev.chatlog.engine;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import com.fasterxml.jackson.dataformat.yaml.YAMLGenerator;
import com.fasterxml.jackson.dataformat.yaml.YAMLMapper;
import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkMeta;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Reads and writes chunk files: Markdown with YAML front matter holding every field of {@link
 * ChunkMeta}, then the body byte for byte. A chunk file alone is enough to rebuild its index entry,
 * and a folder of them opens as a notes vault.
 */
public final class ChunkCodec {
  private static final String FENCE = "---\n";
  private static final YAMLMapper YAML =
      new YAMLMapper(
          YAMLFactory.builder()
              .disable(YAMLGenerator.Feature.WRITE_DOC_START_MARKER)
              .enable(YAMLGenerator.Feature.MINIMIZE_QUOTES)
              .enable(YAMLGenerator.Feature.ALWAYS_QUOTE_NUMBERS_AS_STRINGS)
              .disable(YAMLGenerator.Feature.SPLIT_LINES)
              .build());

  private ChunkCodec() {}

  /** The lower-case hex SHA-256 of the UTF-8 bytes of {@code body}. */
  public static String sha256(String body) {
    return sha256(body.getBytes(StandardCharsets.UTF_8));
  }

  /** The length in bytes of the UTF-8 encoding of {@code text}. */
  static long utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  static String sha256(byte[] bytes) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this JVM", e);
    }
  }

  /** The file of a chunk: front matter fenced by {@code ---} lines, then the body. */
  public static byte[] encode(Chunk chunk) {
    ObjectNode front = IndexCodec.toJson(chunk.meta());
    String yaml;
    try {
      yaml = YAML.writeValueAsString(front);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Cannot write front matter of " + chunk.id(), e);
    }
    if (!yaml.endsWith("\n")) {
      yaml = yaml + "\n";
    }
    return (FENCE + yaml + FENCE + chunk.body()).getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a chunk file and checks its body against the checksum and size of its front matter.
   *
   * @param key the key it was read from, named in errors
   * @throws CorruptDataException when the front matter cannot be read ({@link
   *     FrontMatterException}) or the body does not match it
   */
  public static Chunk decode(String key, byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    if (!text.startsWith(FENCE)) {
      throw new FrontMatterException("Cannot read chunk " + key + ": no front matter");
    }
    int end = text.indexOf("\n" + FENCE, FENCE.length() - 1);
    if (end < 0) {
      throw new FrontMatterException("Cannot read chunk " + key + ": front matter is not closed");
    }
    String yaml = text.substring(FENCE.length(), end + 1);
    String body = text.substring(end + 1 + FENCE.length());
    ChunkMeta meta;
    try {
      JsonNode node = YAML.readTree(yaml);
      if (!(node instanceof ObjectNode object)) {
        throw new FrontMatterException("Cannot read chunk " + key + ": front matter is not a map");
      }
      meta = IndexCodec.metaFromJson(object);
    } catch (JsonProcessingException | RuntimeException e) {
      if (e instanceof FrontMatterException fme) {
        throw fme;
      }
      throw new FrontMatterException(
          "Cannot read chunk " + key + ": bad front matter (" + oneLine(e) + ")", e);
    }
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    String actual = sha256(bodyBytes);
    if (!actual.equals(meta.sha256()) || bodyBytes.length != meta.size()) {
      throw new CorruptDataException(
          "Cannot read chunk "
              + key
              + ": body does not match its checksum (expected sha256 "
              + meta.sha256()
              + " and "
              + meta.size()
              + " bytes, found "
              + actual
              + " and "
              + bodyBytes.length
              + ")");
    }
    return new Chunk(meta, body);
  }

  static String oneLine(Throwable e) {
    String message = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
    int newline = message.indexOf('\n');
    return newline < 0 ? message : message.substring(0, newline);
  }

  /** A chunk file whose front matter cannot be read at all. */
  public static final class FrontMatterException extends CorruptDataException {
    private static final long serialVersionUID = 1L;

    FrontMatterException(String message) {
      super(message);
    }

    FrontMatterException(String message, Throwable cause) {
      super(message, cause);
    }
  }
}
