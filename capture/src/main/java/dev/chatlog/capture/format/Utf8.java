package dev.chatlog.capture.format;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.chatlog.capture.source.SourceEntry;
import dev.chatlog.error.InvalidInputException;
import dev.chatlog.error.StorageException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/** Whole text files read as strict UTF-8: a malformed byte is an error naming its offset. */
public final class Utf8 {
  private Utf8() {}

  /**
   * The entry's text, a leading byte-order mark dropped.
   *
   * @throws InvalidInputException when it is not valid UTF-8
   */
  public static String read(SourceEntry entry) {
    byte[] bytes;
    try (InputStream in = entry.open()) {
      bytes = in.readAllBytes();
    } catch (IOException e) {
      throw new StorageException("Cannot read '" + entry + "': " + e.getMessage(), false, e);
    }
    CharsetDecoder decoder =
        UTF_8
            .newDecoder()
            .onMalformedInput(CodingErrorAction.REPORT)
            .onUnmappableCharacter(CodingErrorAction.REPORT);
    ByteBuffer in = ByteBuffer.wrap(bytes);
    CharBuffer out = CharBuffer.allocate(bytes.length);
    CoderResult result = decoder.decode(in, out, true);
    if (!result.isError()) {
      result = decoder.flush(out);
    }
    if (result.isError()) {
      throw new InvalidInputException(
          "Cannot read '" + entry + "': invalid UTF-8 at byte " + in.position());
    }
    out.flip();
    String text = out.toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
