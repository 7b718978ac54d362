package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.chatlog.config.OwnerOnly;
import dev.chatlog.config.Settings;
import dev.chatlog.error.InvalidInputException;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.io.PushbackReader;
import java.io.Reader;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * One input of a save, stdin or a file, checked whole before anything is saved: at most the input
 * limit ({@link Settings#INPUT_MAX_MB}), strict UTF-8 (a leading byte-order mark dropped), no NUL
 * character, not blank. A regular file is read twice, to check it and then as it is split; any
 * other input (stdin, a pipe, a device) is kept as it is read, in memory up to {@link #IN_MEMORY}
 * bytes and beyond that in an owner-only temporary file, deleted on close. Memory stays bounded
 * whatever the size of the input.
 */
final class SaveInput implements AutoCloseable {
  /** The most bytes kept in memory; also the size up to which an input is saved as one string. */
  static final int IN_MEMORY = 4 << 20;

  private final String what;
  private final byte[] bytes;
  private final Path file;
  private final boolean spooled;
  private final long size;

  private SaveInput(String what, byte[] bytes, Path file, boolean spooled, long size) {
    this.what = what;
    this.bytes = bytes;
    this.file = file;
    this.spooled = spooled;
    this.size = size;
  }

  /** Reads and checks standard input. */
  static SaveInput stdin(InputStream in, long maxBytes) {
    return spool(in, "the input", maxBytes);
  }

  /** Checks a file; a regular one is read again when it is saved, anything else is kept. */
  static SaveInput file(Path path, long maxBytes) {
    String what = "file '" + path + "'";
    try {
      if (!Files.isRegularFile(path)) {
        try (InputStream in = Files.newInputStream(path)) {
          return spool(in, what, maxBytes);
        }
      }
      if (Files.size(path) > maxBytes) {
        throw tooLarge(what, maxBytes);
      }
      try (InputStream in = Files.newInputStream(path)) {
        long size = new Check(what, maxBytes).all(in, OutputStream.nullOutputStream());
        return new SaveInput(what, null, path, false, size);
      }
    } catch (NoSuchFileException e) {
      throw new InvalidInputException("Cannot save " + what + ": no such file", e);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save " + what + ": " + e.getMessage(), e);
    }
  }

  private static SaveInput spool(InputStream in, String what, long maxBytes) {
    Check check = new Check(what, maxBytes);
    Path temp = null;
    try {
      ByteArrayOutputStream memory = new ByteArrayOutputStream();
      byte[] buffer = new byte[64 * 1024];
      int n;
      while (memory.size() <= IN_MEMORY && (n = in.read(buffer)) >= 0) {
        check.bytes(buffer, n);
        memory.write(buffer, 0, n);
      }
      if (memory.size() <= IN_MEMORY) {
        long size = check.end();
        return new SaveInput(what, memory.toByteArray(), null, false, size);
      }
      temp = Files.createTempFile("chatlog-save-", ".txt", OwnerOnly.fileAttributes(Path.of(".")));
      try (OutputStream out = Files.newOutputStream(temp)) {
        memory.writeTo(out);
        memory = null;
        long size = check.all(in, out);
        return new SaveInput(what, null, temp, true, size);
      }
    } catch (IOException e) {
      deleteQuietly(temp);
      throw new UncheckedIOException("Cannot save " + what + ": " + e.getMessage(), e);
    } catch (RuntimeException e) {
      deleteQuietly(temp);
      throw e;
    }
  }

  /** Its size in bytes. */
  long size() {
    return size;
  }

  /** Its whole text, for an input of at most {@link #IN_MEMORY} bytes. */
  String text() {
    try {
      return read(reader());
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save " + what + ": " + e.getMessage(), e);
    }
  }

  private static String read(Reader reader) throws IOException {
    try (reader) {
      StringBuilder text = new StringBuilder();
      char[] buffer = new char[8192];
      int n;
      while ((n = reader.read(buffer)) >= 0) {
        text.append(buffer, 0, n);
      }
      return text.toString();
    }
  }

  /** A new reader of its text, from the start, without a byte-order mark. */
  Reader reader() {
    try {
      InputStream in = bytes != null ? new ByteArrayInputStream(bytes) : Files.newInputStream(file);
      PushbackReader reader = new PushbackReader(new InputStreamReader(in, strictDecoder()));
      int first = reader.read();
      if (first >= 0 && first != '\uFEFF') {
        reader.unread(first);
      }
      return reader;
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot save " + what + ": " + e.getMessage(), e);
    }
  }

  @Override
  public void close() {
    if (spooled) {
      deleteQuietly(file);
    }
  }

  private static void deleteQuietly(Path temp) {
    if (temp != null) {
      try {
        Files.deleteIfExists(temp);
      } catch (IOException e) {
        temp.toFile().deleteOnExit();
      }
    }
  }

  private static CharsetDecoder strictDecoder() {
    return UTF_8
        .newDecoder()
        .onMalformedInput(CodingErrorAction.REPORT)
        .onUnmappableCharacter(CodingErrorAction.REPORT);
  }

  private static InvalidInputException tooLarge(String what, long maxBytes) {
    return new InvalidInputException(
        "Cannot save: "
            + what
            + " is larger than "
            + maxBytes / (1024 * 1024)
            + " MiB, the input limit; raise "
            + Settings.INPUT_MAX_MB
            + " to save it");
  }

  /**
   * The checks of an input as its bytes go by: the limit, strict UTF-8 (an error names the byte
   * offset), no NUL character (named by its position in the text) and some text that is not white
   * space.
   */
  private static final class Check {
    private final String what;
    private final long maxBytes;
    private final CharsetDecoder decoder = strictDecoder();
    private final CharBuffer chars = CharBuffer.allocate(64 * 1024);
    private ByteBuffer pending = ByteBuffer.allocate(0);
    private long bytesSeen;
    private long decodedBytes;
    private long position;
    private boolean started;
    private boolean text;

    Check(String what, long maxBytes) {
      this.what = what;
      this.maxBytes = maxBytes;
    }

    /** Checks all of {@code in}, copying it to {@code out}; returns the input's size. */
    long all(InputStream in, OutputStream out) throws IOException {
      byte[] buffer = new byte[64 * 1024];
      int n;
      while ((n = in.read(buffer)) >= 0) {
        bytes(buffer, n);
        out.write(buffer, 0, n);
      }
      return end();
    }

    void bytes(byte[] buffer, int n) {
      bytesSeen += n;
      if (bytesSeen > maxBytes) {
        throw tooLarge(what, maxBytes);
      }
      ByteBuffer in = ByteBuffer.allocate(pending.remaining() + n);
      in.put(pending).put(buffer, 0, n).flip();
      decode(in, false);
      pending = in;
    }

    long end() {
      decode(pending, true);
      CoderResult result = decoder.flush(chars);
      if (result.isError()) {
        throw notUtf8();
      }
      scan();
      if (!text) {
        throw new InvalidInputException("Cannot save: the input is empty");
      }
      return bytesSeen;
    }

    private void decode(ByteBuffer in, boolean last) {
      while (true) {
        int before = in.position();
        CoderResult result = decoder.decode(in, chars, last);
        decodedBytes += in.position() - before;
        if (result.isError()) {
          throw notUtf8();
        }
        scan();
        if (!result.isOverflow()) {
          return;
        }
      }
    }

    /** Looks at the characters decoded so far, then empties the buffer. */
    private void scan() {
      chars.flip();
      while (chars.hasRemaining()) {
        char c = chars.get();
        boolean first = !started;
        started = true;
        if (first && c == '\uFEFF') {
          continue; // a byte-order mark: not part of the text
        }
        if (c == '\0') {
          throw new InvalidInputException(
              "Cannot save: the input contains a NUL character at position " + position);
        }
        text |= !Character.isWhitespace(c);
        position++;
      }
      chars.clear();
    }

    private InvalidInputException notUtf8() {
      return new InvalidInputException(
          "Cannot save: " + what + " is not valid UTF-8 (byte offset " + decodedBytes + ")");
    }
  }
}
