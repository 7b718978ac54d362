package dev.chatlog.bench;

import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportReader;
import dev.chatlog.capture.Importers;
import dev.chatlog.capture.format.chatgpt.SyntheticExport;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.capture.redact.Redactor;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Warmup;

/**
 * The default redaction over every message of an import, as {@code chatlog import} redacts them:
 * the messages of a generated ChatGPT export of 20 MB ({@code export}, the texts of the 1 GB import
 * benchmark) or of the real exports and logs of the test data ({@code samples}, read from {@code
 * capture/src/test/resources/samples}: run from the project's folder). One operation redacts them
 * all; the setup prints how many characters that is, so that a time per character can be worked
 * out.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.MILLISECONDS)
@Warmup(iterations = 3, time = 2)
@Measurement(iterations = 5, time = 2)
@Fork(1)
@State(Scope.Benchmark)
public class RedactBenchmarks {
  private static final Redactor REDACTOR = Redactor.defaults();

  /** Which messages are redacted. */
  @Param({"export", "samples"})
  public String texts;

  private List<String> messages;

  /** Reads the messages, once. */
  @Setup
  public void read() throws IOException {
    messages = new ArrayList<>();
    if (texts.equals("export")) {
      Path export = Files.createTempFile("redact-bench", ".json");
      try {
        SyntheticExport.write(export, 20_000_000, ImportBenchmark.TURNS, 1);
        addMessages(export);
      } finally {
        Files.delete(export);
      }
    } else {
      try (Stream<Path> files = Files.walk(Path.of("capture/src/test/resources/samples"))) {
        files.filter(Files::isRegularFile).forEach(this::addMessagesIfAnExport);
      }
    }
    long characters = messages.stream().mapToLong(String::length).sum();
    System.out.printf(
        Locale.ROOT, "%n%s: %d messages, %d characters%n", texts, messages.size(), characters);
  }

  private void addMessagesIfAnExport(Path file) {
    try {
      addMessages(file);
    } catch (RuntimeException e) {
      // not a file of any format (notes, attributions)
    }
  }

  private void addMessages(Path file) {
    try (ImportReader reader = Importers.discover().open(file, null, ImportOptions.defaults());
        Stream<ImportedConversation> conversations = reader.conversations()) {
      conversations.forEach(
          conversation ->
              conversation.messages().stream().map(ImportedMessage::text).forEach(messages::add));
    } catch (UncheckedIOException e) {
      throw new IllegalStateException("Cannot read " + file, e);
    }
  }

  /** Redacts every message; returns how many characters came out, so nothing is optimised away. */
  @Benchmark
  public long redactAll() {
    long out = 0;
    for (String message : messages) {
      out += REDACTOR.redact(message).text().length();
    }
    return out;
  }
}
