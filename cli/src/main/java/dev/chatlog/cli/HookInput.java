package dev.chatlog.cli;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.chatlog.error.InvalidInputException;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;

/**
 * The JSON a Claude Code hook (Stop, SessionEnd, ...) sends on stdin, of which {@code import
 * --hook} uses {@code transcript_path}: the session's log, imported like any other Claude Code log
 * (its {@code session_id} and {@code cwd} are in the log's lines too).
 */
final class HookInput {
  /** The format of the log a hook names. */
  static final String FORMAT = "claude-code";

  /** The most of stdin read: a hook's JSON is a few hundred bytes. */
  static final int MAX_BYTES = 1 << 20;

  private static final ObjectMapper JSON = new ObjectMapper();

  private HookInput() {}

  /**
   * The log a hook's JSON names.
   *
   * @throws InvalidInputException (exit code 2) when stdin is not a JSON object with a {@code
   *     transcript_path} naming an existing file
   */
  static Path read(InputStream in) {
    JsonNode root;
    try {
      byte[] bytes = in.readNBytes(MAX_BYTES + 1);
      if (bytes.length > MAX_BYTES) {
        throw bad("more than " + MAX_BYTES + " bytes");
      }
      root = JSON.readTree(bytes);
    } catch (JsonProcessingException e) {
      throw bad("not JSON");
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot read the hook's JSON on stdin: " + e.getMessage(), e);
    }
    if (root == null || !root.isObject()) {
      throw bad("expected a JSON object");
    }
    JsonNode transcript = root.path("transcript_path");
    if (!transcript.isTextual() || transcript.asText().isBlank()) {
      throw bad("no transcript_path");
    }
    Path path;
    try {
      path = Path.of(transcript.asText());
    } catch (InvalidPathException e) {
      throw bad("transcript_path is not a path");
    }
    if (!Files.isRegularFile(path)) {
      throw new InvalidInputException(
          "Cannot import the hook's transcript '" + path + "': no such file");
    }
    return path;
  }

  private static InvalidInputException bad(String detail) {
    return new InvalidInputException("Cannot read the hook's JSON on stdin: " + detail);
  }
}
