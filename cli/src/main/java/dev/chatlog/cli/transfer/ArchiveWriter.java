package dev.chatlog.cli.transfer;

import dev.chatlog.engine.ChunkCodec;
import dev.chatlog.model.Chunk;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.apache.commons.compress.archivers.tar.TarArchiveEntry;
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream;

/**
 * Writes an archive: a gzip-compressed tar of chunk files, each as a blob store holds it ({@link
 * ChunkCodec#encode} under {@link ChunkCodec#key}, {@code chunks/YYYY/MM/DD/<id>.md}), then the
 * {@linkplain ArchiveManifest manifest}. Members are owner-only ({@code 0600}) and dated by their
 * chunk's creation time. The list of files waits in a temporary file until the manifest is written,
 * so memory does not grow with the archive.
 */
public final class ArchiveWriter implements ChunkSink, AutoCloseable {
  private static final int MEMBER_MODE = 0100600;

  private final OutputStream target;
  private final GZIPOutputStream gzip;
  private final TarArchiveOutputStream tar;
  private final String chatlogVersion;
  private final Map<String, Object> filter;
  private final String part;
  private final Path list;
  private final BufferedWriter listed;
  private long chunks;
  private long bytes;

  /**
   * An archive written to {@code out}, which it flushes but does not close.
   *
   * @param filter the export's filter ({@link ArchiveManifest#filterFields})
   * @param part the month or project of a split export; empty otherwise
   */
  public ArchiveWriter(
      OutputStream out, String chatlogVersion, Map<String, Object> filter, String part)
      throws IOException {
    this.target = out;
    this.chatlogVersion = chatlogVersion;
    this.filter = Map.copyOf(filter);
    this.part = part;
    this.list = Files.createTempFile("chatlog-archive", ".files");
    this.listed = Files.newBufferedWriter(list);
    this.gzip =
        new GZIPOutputStream(
            new OutputStream() {
              @Override
              public void write(int b) throws IOException {
                target.write(b);
              }

              @Override
              public void write(byte[] data, int offset, int length) throws IOException {
                target.write(data, offset, length);
              }

              @Override
              public void flush() throws IOException {
                target.flush();
              }
            },
            1 << 16);
    this.tar = new TarArchiveOutputStream(gzip);
    tar.setLongFileMode(TarArchiveOutputStream.LONGFILE_POSIX);
    tar.setBigNumberMode(TarArchiveOutputStream.BIGNUMBER_POSIX);
  }

  /** How many chunks were added so far. */
  public long chunks() {
    return chunks;
  }

  @Override
  public void add(Chunk chunk) throws IOException {
    byte[] data = ChunkCodec.encode(chunk);
    String name = ChunkCodec.key(chunk.id());
    member(name, data.length, chunk.meta().created());
    tar.write(data);
    tar.closeArchiveEntry();
    listed
        .append(name)
        .append('\t')
        .append(ChunkCodec.sha256(data))
        .append('\t')
        .append(Long.toString(data.length))
        .append('\n');
    chunks++;
    bytes += data.length;
  }

  private void member(String name, long size, Instant time) throws IOException {
    TarArchiveEntry entry = new TarArchiveEntry(name);
    entry.setSize(size);
    entry.setMode(MEMBER_MODE);
    entry.setModTime(time.toEpochMilli());
    tar.putArchiveEntry(entry);
  }

  /** Writes the manifest, then ends the tar and the gzip stream. */
  @Override
  public void finish() throws IOException {
    listed.close();
    Path manifest = Files.createTempFile("chatlog-archive", ".json");
    try {
      try (OutputStream out = Files.newOutputStream(manifest)) {
        ArchiveManifest.write(
            out,
            new ArchiveManifest.Header(
                ArchiveManifest.VERSION,
                chatlogVersion,
                Instant.now(),
                filter,
                part,
                chunks,
                bytes),
            list);
      }
      member(ArchiveManifest.NAME, Files.size(manifest), Instant.now());
      try (InputStream in = Files.newInputStream(manifest)) {
        in.transferTo(tar);
      }
      tar.closeArchiveEntry();
      tar.finish();
      gzip.finish();
      target.flush();
    } finally {
      Files.deleteIfExists(manifest);
    }
  }

  /** Removes the temporary list of files; the stream written to stays open. */
  @Override
  public void close() throws IOException {
    listed.close();
    Files.deleteIfExists(list);
  }
}
