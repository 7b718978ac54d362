package dev.chatlog.capture;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/** Writes zip archives for tests. */
public final class Zips {
  private Zips() {}

  /** A zip of the named texts, in the map's order. */
  public static Path write(Path zip, Map<String, String> entries) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      for (Map.Entry<String, String> entry : entries.entrySet()) {
        out.putNextEntry(new ZipEntry(entry.getKey()));
        out.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
        out.closeEntry();
      }
    }
    return zip;
  }

  /**
   * A zip of one entry: the prefix, then the letter {@code a} up to {@code size} bytes, which
   * deflate shrinks about a thousandfold.
   */
  public static Path bomb(Path zip, String name, String prefix, long size) throws IOException {
    try (ZipOutputStream out = new ZipOutputStream(Files.newOutputStream(zip))) {
      out.putNextEntry(new ZipEntry(name));
      byte[] start = prefix.getBytes(StandardCharsets.UTF_8);
      out.write(start);
      byte[] block = new byte[64 * 1024];
      Arrays.fill(block, (byte) 'a');
      for (long written = start.length; written < size; written += block.length) {
        out.write(block, 0, (int) Math.min(block.length, size - written));
      }
      out.closeEntry();
    }
    return zip;
  }
}
