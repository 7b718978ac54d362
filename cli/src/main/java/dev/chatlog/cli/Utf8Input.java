package dev.chatlog.cli;

import static java.nio.charset.StandardCharsets.UTF_8;

import dev.chatlog.error.InvalidInputException;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;

/** Decodes input as strict UTF-8: a malformed byte is an error naming its offset. */
final class Utf8Input {
  private Utf8Input() {}

  /**
   * Decodes the bytes; a leading byte-order mark is dropped.
   *
   * @param what names the input in the error, e.g. {@code "the input"} or {@code "file 'a.md'"}
   * @throws InvalidInputException when the bytes are not valid UTF-8
   */
  static String decode(byte[] bytes, String what) {
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
          "Cannot save: " + what + " is not valid UTF-8 (byte offset " + in.position() + ")");
    }
    out.flip();
    String text = out.toString();
    return text.startsWith("\uFEFF") ? text.substring(1) : text;
  }
}
