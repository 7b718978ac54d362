package dev.chatlog.capture;

import dev.chatlog.capture.model.ImportedConversation;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/** Test helpers: imports a path the way the command will, collecting what is skipped. */
public final class TestImports {
  public static final Importers IMPORTERS = Importers.discover();

  private TestImports() {}

  /** What one import gave. */
  public record Result(
      String format, List<ImportedConversation> conversations, List<ImportProblem> skipped) {
    public ImportedConversation only() {
      if (conversations.size() != 1) {
        throw new AssertionError("expected one conversation, got " + conversations.size());
      }
      return conversations.get(0);
    }

    public ImportedConversation byId(String id) {
      return conversations.stream()
          .filter(c -> c.nativeId().equals(id))
          .findFirst()
          .orElseThrow(() -> new AssertionError("no conversation " + id));
    }
  }

  public static Result read(Path path, String from) {
    return read(path, from, ImportOptions.defaults());
  }

  public static Result read(Path path, String from, ImportOptions options) {
    List<ImportProblem> skipped = new ArrayList<>();
    ImportOptions listening = options.withListener(skipped::add);
    try (ImportReader reader = IMPORTERS.open(path, from, listening)) {
      List<ImportedConversation> conversations = reader.conversations().toList();
      return new Result(reader.format(), conversations, skipped);
    }
  }

  /** A real export under {@code src/test/resources/samples} (see SOURCES.md there). */
  public static Path sample(String relative) {
    try {
      return Path.of(TestImports.class.getResource("/samples/" + relative).toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  public static Path write(Path folder, String name, String content) {
    try {
      Path file = folder.resolve(name);
      Files.createDirectories(file.getParent());
      return Files.writeString(file, content);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
