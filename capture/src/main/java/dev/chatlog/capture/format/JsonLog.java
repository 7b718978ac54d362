package dev.chatlog.capture.format;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.BadLinePolicy;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportProblem;
import dev.chatlog.capture.LogPosition;
import dev.chatlog.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;

/**
 * The loop of a JSONL log reader: hands each complete line that is a JSON object to a handler,
 * treats bad lines by the caller's {@link BadLinePolicy}, and leaves a half-written last line for a
 * later read.
 */
public final class JsonLog {
  /** Receives each line that is a JSON object. */
  @FunctionalInterface
  public interface Handler {
    /** One line's object, with the line it came from. */
    void line(JsonNode node, LineReader.Line line);
  }

  private JsonLog() {}

  /**
   * Reads lines from a stream positioned at {@code from}.
   *
   * @param endOfInput whether a last line without a line break that is complete JSON is read (true)
   *     or left for later (false); a last line that is not complete JSON is always left
   * @return where a later read resumes: after the last line read, or at the start of a last line
   *     left for later
   * @throws InvalidInputException for a bad line when the policy is {@link BadLinePolicy#FAIL}
   */
  public static LogPosition read(
      InputStream in,
      String origin,
      LogPosition from,
      boolean endOfInput,
      ImportOptions options,
      Handler handler)
      throws IOException {
    LineReader lines = new LineReader(in, from, LineReader.DEFAULT_MAX_LINE_BYTES);
    LineReader.Line line;
    while ((line = lines.next()) != null) {
      if (line.isBlank()) {
        continue;
      }
      if (line.tooLong()) {
        bad(origin, line, "longer than " + LineReader.DEFAULT_MAX_LINE_BYTES + " bytes", options);
        continue;
      }
      JsonNode node;
      String fault = null;
      try {
        node = Json.MAPPER.readTree(line.bytes());
      } catch (IOException e) {
        node = null;
        fault = Json.fault(e);
      } catch (NumberFormatException e) {
        node = null;
        fault = "malformed JSON";
      }
      if (!line.terminated() && (node == null || !endOfInput)) {
        if (node == null && endOfInput) {
          options
              .listener()
              .skipped(
                  new ImportProblem(
                      origin,
                      line.number(),
                      line.offset(),
                      "half-written last line, left for a later import"));
        }
        return line.start();
      }
      if (node == null || !node.isObject()) {
        bad(origin, line, fault == null ? "not a JSON object" : reason(fault), options);
        continue;
      }
      handler.line(node, line);
    }
    return lines.position();
  }

  private static String reason(String fault) {
    if (fault.startsWith("invalid UTF-8")) {
      return "invalid UTF-8";
    }
    return fault.startsWith("the JSON ends early") ? "incomplete JSON" : "not JSON";
  }

  private static void bad(
      String origin, LineReader.Line line, String reason, ImportOptions options) {
    ImportProblem problem = new ImportProblem(origin, line.number(), line.offset(), reason);
    if (options.badLines() == BadLinePolicy.FAIL) {
      throw new InvalidInputException(
          "Cannot read '"
              + origin
              + "': line "
              + line.number()
              + " (byte "
              + line.offset()
              + ") is "
              + (reason.equals("invalid UTF-8") ? "not valid UTF-8" : reason));
    }
    options.listener().skipped(problem);
  }
}
