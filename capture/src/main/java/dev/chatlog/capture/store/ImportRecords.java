package dev.chatlog.capture.store;

import static java.nio.charset.StandardCharsets.UTF_8;
import static java.util.Objects.requireNonNull;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.chatlog.ChatLog;
import dev.chatlog.config.OwnerOnly;
import dev.chatlog.engine.ChunkCodec;
import dev.chatlog.error.StorageException;
import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkId;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/**
 * What the last import of each export file into a store gave, kept in the user's state folder
 * (never in the store), so that importing the same file again is answered without reading its
 * conversations: a record holds the file's SHA-256, a mark of the store's chunks of the format
 * ({@link #storeMark}) and the outcome of every conversation. A record is used only while both
 * still match; a store that lost or gained a chunk of the format since, a file that changed,
 * another version of chatlog or other import options mean a full import, which is idempotent. One
 * record per file, store and options, written whole or not at all.
 */
public final class ImportRecords {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int VERSION = 2;

  /**
   * Bytes of the file read at a time while it is hashed: a 1 GB export is hashed in 0.73 s with
   * reads of 1 MiB, in 0.96 s with the 8 KiB of {@code InputStream.transferTo}.
   */
  private static final int DIGEST_BUFFER = 1 << 20;

  private final Path folder;
  private final String scope;

  /**
   * @param folder where the records are kept
   * @param scope what else a record holds for: the store's location, the import's options and
   *     chatlog's version, for example; a record of another scope is never used
   */
  public ImportRecords(Path folder, String scope) {
    this.folder = requireNonNull(folder, "folder is null");
    this.scope = requireNonNull(scope, "scope is null");
  }

  /**
   * The record of one export file, taken before the file is read: its size and time of change are
   * noted, and its SHA-256 is computed on a thread of its own meanwhile.
   *
   * @throws StorageException when the file cannot be read
   */
  public Record of(Path file, String format) {
    return new Record(file.toAbsolutePath().normalize(), requireNonNull(format, "format is null"));
  }

  /** The record of one export file in a format, read and written by its own file. */
  public final class Record {
    private final Path file;
    private final String format;
    private final Path recordFile;
    private final Stamp stamp;
    private final CompletableFuture<String> digest;

    private Record(Path file, String format) {
      this.file = file;
      this.format = format;
      this.recordFile =
          folder.resolve(
              ChunkCodec.sha256((scope + "\n" + format + "\n" + file).getBytes(UTF_8))
                      .substring(0, 32)
                  + ".json");
      this.stamp = Stamp.of(file);
      this.digest = CompletableFuture.supplyAsync(this::sha256OfFile);
    }

    /** The format of the file. */
    public String format() {
      return format;
    }

    /**
     * What importing this file again gives, when it and the store's chunks of the format are as
     * they were after its last import: every conversation of that import, with no new message. The
     * store's chunks of the format are listed while the file's digest is computed.
     */
    public Optional<List<ConversationWriter.Outcome>> unchanged(ChatLog chatLog) {
      JsonNode root = read();
      if (root == null
          || root.path("size").asLong(-1) != stamp.size()
          || !root.path("store").asText().equals(storeMark(chatLog, format))
          || !root.path("sha256").asText().equals(digest())) {
        return Optional.empty();
      }
      List<ConversationWriter.Outcome> outcomes = new ArrayList<>();
      for (JsonNode node : root.path("conversations")) {
        outcomes.add(
            new ConversationWriter.Outcome(
                node.path("project").asText(),
                node.path("title").asText(),
                node.path("session").asText(),
                node.path("messages").asInt(),
                0,
                0,
                0,
                Map.of()));
      }
      return Optional.of(outcomes);
    }

    /**
     * Records what an import of this file gave, with the store's mark after it ({@link
     * #storeMark}). A file that changed since this record was taken (a log still being written)
     * gets no record: what was read of it is not known to be what it holds, so the next import
     * reads it.
     *
     * @throws StorageException when the record cannot be written
     */
    public void save(List<ConversationWriter.Outcome> outcomes, String storeMark) {
      String sha256 = digest();
      if (!Stamp.of(file).equals(stamp)) {
        return;
      }
      ObjectNode root = JSON.createObjectNode();
      root.put("version", VERSION);
      root.put("file", file.toString());
      root.put("format", format);
      root.put("size", stamp.size());
      root.put("sha256", sha256);
      root.put("store", storeMark);
      ArrayNode conversations = root.putArray("conversations");
      for (ConversationWriter.Outcome outcome : outcomes) {
        conversations
            .addObject()
            .put("project", outcome.project())
            .put("title", outcome.topic())
            .put("session", outcome.session())
            .put("messages", outcome.messages());
      }
      try {
        OwnerOnly.createFolders(folder);
        OwnerOnly.writeAtomically(recordFile, JSON.writeValueAsBytes(root));
      } catch (IOException e) {
        throw new StorageException(
            "Cannot write the import record '" + recordFile + "': " + e.getMessage(), true, e);
      }
    }

    /** The record as written, or null when there is none or it cannot be read. */
    private JsonNode read() {
      try {
        JsonNode root = JSON.readTree(Files.readAllBytes(recordFile));
        return root != null
                && root.path("version").asInt() == VERSION
                && root.path("file").asText().equals(file.toString())
                && root.path("format").asText().equals(format)
            ? root
            : null;
      } catch (IOException e) {
        return null; // none, or unreadable: the import reads the file, and writes a new record
      }
    }

    /** The SHA-256 of the file's bytes, from the thread that reads it. */
    private String digest() {
      try {
        return digest.join();
      } catch (CompletionException e) {
        throw e.getCause() instanceof RuntimeException runtime ? runtime : e;
      }
    }

    private String sha256OfFile() {
      try (InputStream in = Files.newInputStream(file)) {
        MessageDigest sha256 = newSha256();
        byte[] buffer = new byte[DIGEST_BUFFER];
        for (int read = in.read(buffer); read >= 0; read = in.read(buffer)) {
          sha256.update(buffer, 0, read);
        }
        return HexFormat.of().formatHex(sha256.digest());
      } catch (IOException e) {
        throw new StorageException("Cannot read '" + file + "': " + e.getMessage(), false, e);
      }
    }
  }

  /** A file's size and time of last change: what tells that it changed meanwhile. */
  private record Stamp(long size, FileTime modified) {
    static Stamp of(Path file) {
      try {
        BasicFileAttributes attributes = Files.readAttributes(file, BasicFileAttributes.class);
        return new Stamp(attributes.size(), attributes.lastModifiedTime());
      } catch (IOException e) {
        throw new StorageException("Cannot read '" + file + "': " + e.getMessage(), false, e);
      }
    }
  }

  /**
   * A mark of the chunks the store holds of a format, which changes when one is saved or deleted:
   * their number and the sum of the SHA-256 of their ids ({@link Mark}).
   */
  public static String storeMark(ChatLog chatLog, String format) {
    Mark mark = new Mark();
    chatLog.forEachId(ChunkFilter.all().withSource(format), mark::add);
    return mark.value();
  }

  /**
   * A {@link #storeMark} being computed: how many ids were added, and the sum modulo 2^256 of the
   * SHA-256 of each. The ids may come in any order and need not be kept, so a set of chunks gets
   * the same mark whether a listing gives it or an import learns it piece by piece. Each id is
   * added once.
   */
  static final class Mark {
    private static final BigInteger MODULUS = BigInteger.ONE.shiftLeft(256);

    private final MessageDigest sha256 = newSha256();
    private BigInteger sum = BigInteger.ZERO;
    private long count;

    void add(ChunkId id) {
      BigInteger digest = new BigInteger(1, sha256.digest(id.toString().getBytes(UTF_8)));
      sum = sum.add(digest).mod(MODULUS);
      count++;
    }

    String value() {
      return count + ":" + String.format("%064x", sum);
    }
  }

  private static MessageDigest newSha256() {
    try {
      return MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException("SHA-256 is missing from this Java", e);
    }
  }
}
