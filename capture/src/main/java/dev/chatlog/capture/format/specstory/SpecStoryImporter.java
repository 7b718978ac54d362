package dev.chatlog.capture.format.specstory;

import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportProblem;
import dev.chatlog.capture.Sniff;
import dev.chatlog.capture.format.FormatImporter;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.source.ImportSource;
import dev.chatlog.capture.source.SourceEntry;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

/**
 * Reads SpecStory's Markdown sessions. Files naming the same session are one conversation: the file
 * with the most messages is read (a renamed session's newer file holds the older one's messages and
 * more), the others are reported as skipped.
 */
public final class SpecStoryImporter extends FormatImporter {
  /** This format's name. */
  public static final String NAME = "specstory";

  public SpecStoryImporter() {
    super(NAME, "a SpecStory history (.specstory/history/*.md)");
  }

  @Override
  public List<SourceEntry> select(ImportSource source) {
    return byName(source, ".md", "");
  }

  @Override
  public boolean sniff(Sniff sniff) {
    return SpecStoryFile.isSpecStory(sniff.text());
  }

  @Override
  public Stream<ImportedConversation> read(
      ImportSource source, List<SourceEntry> entries, ImportOptions options) {
    Map<String, List<SourceEntry>> bySession = new LinkedHashMap<>();
    for (SourceEntry entry : entries) {
      String session = SpecStoryFile.sessionId(Sniff.of(entry).text(), entry.fileName());
      bySession.computeIfAbsent(session, s -> new ArrayList<>()).add(entry);
    }
    return bySession.values().stream().flatMap(files -> conversation(files, options).stream());
  }

  private static Optional<ImportedConversation> conversation(
      List<SourceEntry> files, ImportOptions options) {
    SpecStoryFile best = null;
    for (SourceEntry entry : files) {
      SpecStoryFile file = SpecStoryFile.read(entry, options);
      if (best == null || file.messages().size() >= best.messages().size()) {
        best = file;
      }
    }
    for (SourceEntry entry : files) {
      if (!entry.displayName().equals(best.origin())) {
        options
            .listener()
            .skipped(
                ImportProblem.of(
                    entry.displayName(),
                    "same session as "
                        + best.origin()
                        + ", which holds at least as many messages"));
      }
    }
    return best.conversation(options);
  }
}
