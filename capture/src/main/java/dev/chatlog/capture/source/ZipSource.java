package dev.chatlog.capture.source;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.StorageException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Enumeration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipFile;

/**
 * The entries of a zip archive, read in place. Opening refuses an archive with an entry whose name
 * would escape its folder or with too many entries; reading refuses one that expands beyond its
 * {@link ZipLimits}.
 */
final class ZipSource implements ImportSource {
  private final Path path;
  private final ZipFile zip;
  private final ZipLimits limits;
  private final List<SourceEntry> entries;
  private final AtomicLong totalRead = new AtomicLong();

  private ZipSource(Path path, ZipFile zip, ZipLimits limits) {
    this.path = path;
    this.zip = zip;
    this.limits = limits;
    this.entries = readEntries();
  }

  static ZipSource open(Path path, ZipLimits limits) {
    ZipFile zip;
    try {
      zip = new ZipFile(path.toFile());
    } catch (ZipException e) {
      throw new InvalidInputException("Cannot read zip '" + path + "': not a valid zip archive");
    } catch (IOException e) {
      throw new StorageException("Cannot read zip '" + path + "': " + e.getMessage(), false, e);
    }
    try {
      return new ZipSource(path, zip, limits);
    } catch (RuntimeException e) {
      closeQuietly(zip);
      throw e;
    }
  }

  private List<SourceEntry> readEntries() {
    List<SourceEntry> found = new ArrayList<>();
    Enumeration<? extends ZipEntry> all = zip.entries();
    int index = 0;
    while (all.hasMoreElements()) {
      ZipEntry entry = all.nextElement();
      index++;
      if (index > limits.maxEntries()) {
        throw refused("it has more than " + limits.maxEntries() + " entries");
      }
      String name = entry.getName();
      Optional<String> safe = Sources.safeRelative(name);
      if (safe.isEmpty()) {
        if (isFolderItself(name)) {
          continue;
        }
        throw refused("entry " + index + " has a name that escapes the archive's folder");
      }
      if (entry.isDirectory()) {
        continue;
      }
      if (entry.getSize() > limits.maxTotalBytes()) {
        throw refused("entry " + index + " expands beyond " + limits.maxTotalBytes() + " bytes");
      }
      found.add(toEntry(entry, safe.get(), index));
    }
    found.sort(Comparator.comparing(SourceEntry::path));
    return List.copyOf(found);
  }

  private static boolean isFolderItself(String name) {
    String unified = name.replace('\\', '/');
    return !unified.isEmpty()
        && unified.chars().allMatch(c -> c == '/' || c == '.')
        && !unified.contains("..");
  }

  private SourceEntry toEntry(ZipEntry entry, String safePath, int index) {
    return new SourceEntry(
        safePath,
        path + "!" + safePath,
        entry.getSize(),
        Optional.empty(),
        () -> new Limited(zip.getInputStream(entry), index, entry.getCompressedSize()));
  }

  private InvalidInputException refused(String detail) {
    return new InvalidInputException("Cannot read zip '" + path + "': " + detail);
  }

  @Override
  public String displayName() {
    return path.toString();
  }

  @Override
  public List<SourceEntry> entries() {
    return entries;
  }

  @Override
  public Optional<SourceEntry> find(String relativePath) {
    return Sources.safeRelative(relativePath)
        .flatMap(p -> entries.stream().filter(e -> e.path().equals(p)).findFirst());
  }

  @Override
  public void close() {
    closeQuietly(zip);
  }

  private static void closeQuietly(ZipFile zip) {
    try {
      zip.close();
    } catch (IOException e) {
      // nothing was written through it; closing a reader cannot lose data
    }
  }

  /** Counts what an entry gives, against the archive's total and the entry's ratio. */
  private final class Limited extends FilterInputStream {
    private final int index;
    private final long compressed;
    private long read;

    Limited(InputStream in, int index, long compressed) {
      super(in);
      this.index = index;
      this.compressed = Math.max(compressed, 1);
    }

    @Override
    public int read() throws IOException {
      int b = super.read();
      if (b >= 0) {
        count(1);
      }
      return b;
    }

    @Override
    public int read(byte[] buffer, int offset, int length) throws IOException {
      int n = super.read(buffer, offset, length);
      if (n > 0) {
        count(n);
      }
      return n;
    }

    @Override
    public long skip(long n) throws IOException {
      long skipped = super.skip(n);
      if (skipped > 0) {
        count(skipped);
      }
      return skipped;
    }

    private void count(long n) {
      read += n;
      if (totalRead.addAndGet(n) > limits.maxTotalBytes()) {
        throw refused(
            "its entries expand beyond " + limits.maxTotalBytes() + " bytes (a zip bomb?)");
      }
      if (read > limits.ratioThresholdBytes() && read / compressed > limits.maxRatio()) {
        throw refused(
            "entry "
                + index
                + " expands more than "
                + limits.maxRatio()
                + " times its compressed size (a zip bomb?)");
      }
    }
  }
}
