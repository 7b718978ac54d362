package dev.chatlog.capture;

import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.source.ImportSource;
import dev.chatlog.capture.source.SourceEntry;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads one product's format. Found by {@link java.util.ServiceLoader}; an implementation has a
 * public no-argument constructor that does nothing, and holds no state between calls.
 */
public interface Importer {
  /** The format's name, as {@code --from} takes it: lower case, such as {@code claude-code}. */
  String name();

  /** What the format is, for help and errors: e.g. {@code "a ChatGPT data export"}. */
  String description();

  /**
   * The entries of a source that this format reads, in reading order, chosen by their paths only
   * (e.g. {@code conversations.json}, {@code rollout-*.jsonl}); empty when there are none.
   */
  List<SourceEntry> select(ImportSource source);

  /** Whether an entry's first bytes look like this format. */
  boolean sniff(Sniff sniff);

  /**
   * Streams the conversations of the entries, lazily: memory holds one conversation (or one log
   * file's conversations) at a time, whatever the size of the source. The caller closes the stream.
   *
   * @param source the source the entries belong to (some formats read files beside them)
   * @param entries entries {@link #select(ImportSource) selected} and {@link #sniff(Sniff) sniffed}
   *     from the source
   * @throws dev.chatlog.error.InvalidInputException (from the stream) when an entry cannot be read
   *     as this format: truncated, invalid UTF-8, not JSON; it names the entry and the place
   */
  Stream<ImportedConversation> read(
      ImportSource source, List<SourceEntry> entries, ImportOptions options);
}
