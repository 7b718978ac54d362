package dev.chatlog.capture;

import static java.util.Objects.requireNonNull;

import dev.chatlog.capture.source.ZipLimits;
import java.time.ZoneId;

/**
 * How an import reads. Start from {@link #defaults()} and change what differs with the {@code
 * with...} methods.
 *
 * @param allBranches ChatGPT: every branch of a conversation as a conversation of its own, not only
 *     the one the user saw
 * @param badLines what to do with a JSONL line that cannot be read
 * @param listener hears what is skipped
 * @param localZone the zone of times written without one (the legacy tool's)
 * @param toolOutputMaxChars the most characters of one tool call's arguments or one tool result
 *     kept in a message; the rest is cut with a note saying how much was cut
 * @param zipLimits what a zip archive may expand to
 */
public record ImportOptions(
    boolean allBranches,
    BadLinePolicy badLines,
    ImportListener listener,
    ZoneId localZone,
    int toolOutputMaxChars,
    ZipLimits zipLimits) {

  /** Tool results longer than this are cut by default. */
  public static final int DEFAULT_TOOL_OUTPUT_MAX_CHARS = 2_000;

  public ImportOptions {
    requireNonNull(badLines, "badLines is null");
    requireNonNull(listener, "listener is null");
    requireNonNull(localZone, "localZone is null");
    requireNonNull(zipLimits, "zipLimits is null");
    if (toolOutputMaxChars < 1) {
      throw new IllegalArgumentException("toolOutputMaxChars must be positive");
    }
  }

  /**
   * The active branch only, bad lines skipped and reported to no one, the system's zone, {@value
   * #DEFAULT_TOOL_OUTPUT_MAX_CHARS} characters of tool output, {@link ZipLimits#DEFAULT}.
   */
  public static ImportOptions defaults() {
    return new ImportOptions(
        false,
        BadLinePolicy.SKIP,
        ImportListener.NONE,
        ZoneId.systemDefault(),
        DEFAULT_TOOL_OUTPUT_MAX_CHARS,
        ZipLimits.DEFAULT);
  }

  public ImportOptions withAllBranches(boolean value) {
    return new ImportOptions(value, badLines, listener, localZone, toolOutputMaxChars, zipLimits);
  }

  public ImportOptions withBadLines(BadLinePolicy value) {
    return new ImportOptions(
        allBranches, value, listener, localZone, toolOutputMaxChars, zipLimits);
  }

  public ImportOptions withListener(ImportListener value) {
    return new ImportOptions(
        allBranches, badLines, value, localZone, toolOutputMaxChars, zipLimits);
  }

  public ImportOptions withLocalZone(ZoneId value) {
    return new ImportOptions(allBranches, badLines, listener, value, toolOutputMaxChars, zipLimits);
  }

  public ImportOptions withToolOutputMaxChars(int value) {
    return new ImportOptions(allBranches, badLines, listener, localZone, value, zipLimits);
  }

  public ImportOptions withZipLimits(ZipLimits value) {
    return new ImportOptions(allBranches, badLines, listener, localZone, toolOutputMaxChars, value);
  }
}
