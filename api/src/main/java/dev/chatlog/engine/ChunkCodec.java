package dev.chatlog.engine;

import dev.chatlog.error.CorruptDataException;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Optional;

/**
 * Reads and writes chunk files: Markdown with YAML front matter holding every field of {@link
 * ChunkMeta}, then the body byte for byte. A chunk file alone is enough to rebuild its index entry,
 * and a folder of them opens as a notes vault.
 *
 * @since 0.1.0
 */
public final class ChunkCodec {
  private static final String FENCE = "---\n";

  private ChunkCodec() {}

  /** The lower-case hex SHA-256 of the UTF-8 bytes of {@code body}. */
  public static String sha256(String body) {
    return sha256(body.getBytes(StandardCharsets.UTF_8));
  }

  /** The length in bytes of the UTF-8 encoding of {@code text}. */
  static long utf8Length(String text) {
    return text.getBytes(StandardCharsets.UTF_8).length;
  }

  /**
   * Where a chunk's file lives in a blob store, and in an archive of chunks: {@code
   * chunks/YYYY/MM/DD/<id>.md}, the UTC day of the id's time.
   */
  public static String key(ChunkId id) {
    return BlobLayout.chunkKey(id);
  }

  /** Whether a name is the {@link #key} of a chunk file (of the id the name holds). */
  public static boolean isKey(String name) {
    return BlobLayout.isChunkKey(name);
  }

  /** Whether {@code body} has the SHA-256 and size that {@code meta} says. */
  static boolean bodyMatches(ChunkMeta meta, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return bytes.length == meta.size() && sha256(bytes).equals(meta.sha256());
  }

  /** The lower-case hex SHA-256 of {@code bytes}. */
  public static String sha256(byte[] bytes) {
    return HexFormat.of().formatHex(Sha256.DIGEST.get().digest(bytes));
  }

  /**
   * The file of a chunk: front matter ({@link FrontMatter}) fenced by {@code ---} lines, then the
   * body.
   */
  public static byte[] encode(Chunk chunk) {
    return (FENCE + FrontMatter.of(chunk.meta()) + FENCE + chunk.body())
        .getBytes(StandardCharsets.UTF_8);
  }

  /**
   * Reads a chunk file and checks its body against the checksum and size of its front matter.
   *
   * @param key the key it was read from, named in errors
   * @throws CorruptDataException when the front matter cannot be read ({@link
   *     FrontMatterException}) or the body does not match it
   */
  public static Chunk decode(String key, byte[] data) {
    return checked(key, decodeMeta(key, data), split(key, data)[1]);
  }

  /**
   * The metadata of a chunk file from its front matter; the body is not checked.
   *
   * @throws FrontMatterException when the front matter cannot be read
   */
  static ChunkMeta decodeMeta(String key, byte[] data) {
    String front = split(key, data)[0];
    Optional<ChunkMeta> meta;
    try {
      meta = FrontMatter.read(front);
    } catch (IOException | RuntimeException e) {
      // line 1 of the front matter is line 2 of the file, after the fence
      throw new FrontMatterException(
          "Cannot read chunk " + key + ": bad front matter (" + MetaFields.describe(e, 1) + ")");
    }
    return meta.orElseThrow(
        () -> new FrontMatterException("Cannot read chunk " + key + ": front matter is not a map"));
  }

  /**
   * Reads the body of a chunk file whose metadata the index already holds, and checks it against
   * that metadata's checksum and size. The front matter is only found, not parsed: the index entry
   * and the front matter are written from the same metadata, and {@code verify} compares them.
   *
   * @throws CorruptDataException when the file has no front matter or the body does not match
   */
  public static Chunk decodeBody(String key, byte[] data, ChunkMeta meta) {
    return checked(key, meta, split(key, data)[1]);
  }

  /**
   * Reads the body of a chunk file whose metadata the index holds, as {@link #decodeBody} does, but
   * keeps a body changed since the save: the chunk then comes back {@linkplain Chunk#modified()
   * modified}, with the metadata it was saved with.
   *
   * @throws FrontMatterException when the file has no front matter: it cannot be read at all
   */
  public static Chunk decodeBodyKeepingEdits(String key, byte[] data, ChunkMeta meta) {
    return withBody(meta, split(key, data)[1]);
  }

  /**
   * A chunk with the body a store holds now: {@linkplain Chunk#modified() modified} when that body
   * is not the one the checksum and size of {@code meta} describe.
   */
  public static Chunk withBody(ChunkMeta meta, String body) {
    byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
    return new Chunk(
        meta, body, bytes.length != meta.size() || !sha256(bytes).equals(meta.sha256()));
  }

  /**
   * Whether a file starts with front matter as a chunk file does ({@code ---} on its first line). A
   * Markdown file without it is not a chunk, whatever its name.
   */
  static boolean hasFrontMatter(byte[] data) {
    byte[] fence = FENCE.getBytes(StandardCharsets.UTF_8);
    return data.length >= fence.length
        && Arrays.equals(data, 0, fence.length, fence, 0, fence.length);
  }

  /** The front matter (without its fences) and the body of a chunk file. */
  private static String[] split(String key, byte[] data) {
    String text = new String(data, StandardCharsets.UTF_8);
    if (!text.startsWith(FENCE)) {
      throw new FrontMatterException("Cannot read chunk " + key + ": no front matter");
    }
    int end = text.indexOf("\n" + FENCE, FENCE.length() - 1);
    if (end < 0) {
      throw new FrontMatterException("Cannot read chunk " + key + ": front matter is not closed");
    }
    return new String[] {
      text.substring(FENCE.length(), end + 1), text.substring(end + 1 + FENCE.length())
    };
  }

  private static Chunk checked(String key, ChunkMeta meta, String body) {
    byte[] bodyBytes = body.getBytes(StandardCharsets.UTF_8);
    String actual = sha256(bodyBytes);
    if (!actual.equals(meta.sha256()) || bodyBytes.length != meta.size()) {
      throw new CorruptDataException(
          "Cannot read chunk "
              + key
              + ": body does not match its checksum (the body has sha256 "
              + actual
              + " and "
              + bodyBytes.length
              + " bytes; its front matter says "
              + meta.size()
              + " bytes and another checksum)");
    }
    return new Chunk(meta, body);
  }

  /** A chunk file whose front matter cannot be read at all. */
  public static final class FrontMatterException extends CorruptDataException {
    private static final long serialVersionUID = 1L;

    FrontMatterException(String message) {
      super(message);
    }
  }

  /**
   * One SHA-256 digest per thread, reused ({@code digest} resets it): each {@code getInstance}
   * looks the algorithm up among the security providers and makes it by reflection.
   */
  private static final class Sha256 {
    static final ThreadLocal<MessageDigest> DIGEST =
        new ThreadLocal<>() {
          @Override
          protected MessageDigest initialValue() {
            return newDigest();
          }
        };

    private static MessageDigest newDigest() {
      try {
        return MessageDigest.getInstance("SHA-256");
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException("SHA-256 is missing from this JVM", e);
      }
    }
  }
}
