package dev.chatlog.capture;

import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.source.ImportSource;
import dev.chatlog.capture.source.SourceEntry;
import dev.chatlog.error.InvalidInputException;
import java.io.Closeable;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.Spliterator;
import java.util.Spliterators;
import java.util.stream.Stream;
import java.util.stream.StreamSupport;

/**
 * An import opened by {@link Importers#open}: its format, its source and the entries it will read.
 * Close it when done; that releases the source (an open zip archive).
 */
public final class ImportReader implements Closeable {
  private final Importer importer;
  private final ImportSource source;
  private final List<SourceEntry> entries;
  private final ImportOptions options;

  ImportReader(
      Importer importer, ImportSource source, List<SourceEntry> entries, ImportOptions options) {
    this.importer = importer;
    this.source = source;
    this.entries = List.copyOf(entries);
    this.options = options;
  }

  /** The format read. */
  public Importer importer() {
    return importer;
  }

  /** The name of the format read, as {@code --from} takes it. */
  public String format() {
    return importer.name();
  }

  /** The source read. */
  public ImportSource source() {
    return source;
  }

  /** The entries that will be read, in order. */
  public List<SourceEntry> entries() {
    return entries;
  }

  /**
   * The conversations, streamed; call once. A source that yields none fails at the end of the
   * stream: an empty export is an error, not a success that imported nothing.
   *
   * @throws InvalidInputException (from the stream) when the source cannot be read as its format,
   *     or holds no conversation with messages
   */
  public Stream<ImportedConversation> conversations() {
    Stream<ImportedConversation> read = importer.read(source, entries, options);
    Iterator<ImportedConversation> inner = read.iterator();
    Iterator<ImportedConversation> checked =
        new Iterator<>() {
          private long count;

          @Override
          public boolean hasNext() {
            if (inner.hasNext()) {
              return true;
            }
            if (count == 0) {
              throw new InvalidInputException(
                  "Cannot import '"
                      + source.displayName()
                      + "': it holds no conversation with messages");
            }
            return false;
          }

          @Override
          public ImportedConversation next() {
            if (!hasNext()) {
              throw new NoSuchElementException();
            }
            count++;
            return inner.next();
          }
        };
    return StreamSupport.stream(
            Spliterators.spliteratorUnknownSize(checked, Spliterator.ORDERED | Spliterator.NONNULL),
            false)
        .onClose(read::close);
  }

  @Override
  public void close() {
    source.close();
  }
}
