package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import dev.chatlog.engine.ChunkCodec;
import dev.chatlog.engine.ChunkJson;
import dev.chatlog.model.Actor;
import dev.chatlog.model.Chunk;
import dev.chatlog.model.ChunkId;
import dev.chatlog.model.ChunkMeta;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Chunks of the tests of export, import and copy: made with every field set (several months,
 * projects, sessions, tags, labels, summaries, continued messages), written as the JSON Lines of an
 * export; and archives read or rewritten member by member.
 */
final class Backups {
  private Backups() {}

  /**
   * {@code count} chunks over three months, two projects and a few sessions, each with its own
   * time, sequence number, tags, labels and a body with unusual characters.
   */
  static List<Chunk> chunks(int count) {
    List<Chunk> chunks = new ArrayList<>();
    Instant start = Instant.parse("2026-09-14T08:00:00.123Z");
    for (int i = 0; i < count; i++) {
      Instant created = start.plusSeconds(i * 86_400L * 90 / count + i);
      String project = i % 3 == 0 ? "shop" : "blog/site";
      String session = "s-" + (i % 4);
      String body =
          "### user · " + created + "\n\nMessage " + i + ": café 数据库 \"quoted\" \\ tab\t end\n";
      chunks.add(
          new Chunk(
              new ChunkMeta(
                  ChunkId.of(created.toEpochMilli(), i, 0x5EEDL * (i + 1)),
                  project,
                  i % 2 == 0 ? "checkout flow" : "release: notes/v2?",
                  session,
                  i / 4,
                  created,
                  List.of(Actor.of("user"), Actor.of("assistant")),
                  "claude-code",
                  i % 5 == 0 ? List.of("decision", "pinned-not") : List.of(),
                  i % 2 == 0 ? "summary " + i : "",
                  i % 3 == 1 ? Map.of("adr", List.of("0024"), "messages", List.of("1")) : Map.of(),
                  ChunkCodec.sha256(body),
                  body.getBytes(UTF_8).length),
              body));
    }
    return chunks;
  }

  /** The chunks as the JSON Lines an export writes. */
  static Path jsonl(Path file, List<Chunk> chunks) {
    try (OutputStream out = Files.newOutputStream(file);
        JsonGenerator json = new JsonFactory().createGenerator(out)) {
      json.setRootValueSeparator(null);
      for (Chunk chunk : chunks) {
        ChunkJson.write(json, chunk);
        json.writeRaw('\n');
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** Every member of an archive, by name, in order. */
  static Map<String, byte[]> members(Path archive) {
    Map<String, byte[]> members = new LinkedHashMap<>();
    try (InputStream in = Files.newInputStream(archive);
        TarArchiveInputStream tar = new TarArchiveInputStream(new GZIPInputStream(in))) {
      for (TarArchiveEntry entry = tar.getNextEntry(); entry != null; entry = tar.getNextEntry()) {
        members.put(entry.getName(), tar.readAllBytes());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return members;
  }

  /** Writes an archive of these members, in order. */
  static Path archive(Path file, Map<String, byte[]> members) {
    try (OutputStream out = Files.newOutputStream(file);
        TarArchiveOutputStream tar = new TarArchiveOutputStream(new GZIPOutputStream(out))) {
      tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
      for (Map.Entry<String, byte[]> member : members.entrySet()) {
        TarArchiveEntry entry = new TarArchiveEntry(member.getKey(), true);
        entry.setSize(member.getValue().length);
        tar.putArchiveEntry(entry);
        tar.write(member.getValue());
        tar.closeArchiveEntry();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return file;
  }

  /** The first {@code length} bytes of a file, in a new file. */
  static Path truncated(Path file, Path to, int length) throws IOException {
    byte[] data = Files.readAllBytes(file);
    Files.write(to, java.util.Arrays.copyOf(data, length));
    return to;
  }

  /** The bytes of a string, for member contents. */
  static byte[] bytes(String text) {
    return text.getBytes(UTF_8);
  }

  /** The text of bytes. */
  static String text(byte[] data) {
    return new String(data, UTF_8);
  }
}
