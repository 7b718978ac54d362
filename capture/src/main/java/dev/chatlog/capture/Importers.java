package dev.chatlog.capture;

import static java.util.Objects.requireNonNull;

import dev.chatlog.capture.source.ImportSource;
import dev.chatlog.capture.source.SourceEntry;
import dev.chatlog.capture.source.Sources;
import dev.chatlog.error.InvalidInputException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.ServiceLoader;

/**
 * The importers found on the class path, one per name, and what opens an import: the format given
 * with {@code --from} is checked against the content, or the format is detected from it.
 */
public final class Importers {
  /** How many of a source's selected entries are sniffed to detect its format. */
  static final int SNIFFED_ENTRIES = 5;

  private final Map<String, Importer> byName;

  private Importers(Map<String, Importer> byName) {
    this.byName = Collections.unmodifiableMap(byName);
  }

  /** The importers {@link ServiceLoader} finds with this class's loader. */
  public static Importers discover() {
    List<Importer> found = new ArrayList<>();
    ServiceLoader.load(Importer.class, Importers.class.getClassLoader()).forEach(found::add);
    return of(found);
  }

  /**
   * A registry of the given importers, in the order detection tries them.
   *
   * @throws IllegalStateException when none is given or two share a name
   */
  public static Importers of(List<Importer> importers) {
    if (importers.isEmpty()) {
      throw new IllegalStateException(
          "Cannot import anything: no Importer found on the class path");
    }
    Map<String, Importer> byName = new LinkedHashMap<>();
    for (Importer importer : importers) {
      Importer previous = byName.putIfAbsent(importer.name(), importer);
      if (previous != null) {
        throw new IllegalStateException(
            "Cannot register importer '"
                + importer.name()
                + "': claimed by both "
                + previous.getClass().getName()
                + " and "
                + importer.getClass().getName());
      }
    }
    return new Importers(byName);
  }

  /** Every importer, in detection order. */
  public List<Importer> all() {
    return List.copyOf(byName.values());
  }

  /** The names of every importer, in detection order. */
  public List<String> names() {
    return List.copyOf(byName.keySet());
  }

  /**
   * The importer of a name, case-insensitively.
   *
   * @throws InvalidInputException naming the known formats when there is none of that name
   */
  public Importer get(String name) {
    Importer importer = byName.get(name.strip().toLowerCase(Locale.ROOT));
    if (importer == null) {
      throw new InvalidInputException(
          "Cannot import from '"
              + name
              + "': unknown format; known: "
              + String.join(", ", names()));
    }
    return importer;
  }

  /** The importers whose entries are in a source and look like their format, in detection order. */
  public List<Importer> detect(ImportSource source) {
    List<Importer> found = new ArrayList<>();
    for (Importer importer : byName.values()) {
      if (!sniffed(importer, importer.select(source)).isEmpty()) {
        found.add(importer);
      }
    }
    return found;
  }

  /**
   * Opens a path for import: a file, a folder or a zip archive. With a format, checks that the
   * content is of that format; without one, detects it. Nothing is read beyond the first bytes
   * until the returned reader's stream is consumed.
   *
   * @param from the format's name, or {@code null} to detect it
   * @throws InvalidInputException when the path cannot be opened, its content is not of the format
   *     given, or no format (or more than one) fits it
   */
  public ImportReader open(Path path, String from, ImportOptions options) {
    requireNonNull(options, "options is null");
    ImportSource source = Sources.open(path, options.zipLimits());
    try {
      Importer importer = from == null ? detectOne(source) : checked(get(from), source);
      List<SourceEntry> entries = readable(importer, source, options);
      return new ImportReader(importer, source, entries, options);
    } catch (RuntimeException e) {
      source.close();
      throw e;
    }
  }

  private Importer detectOne(ImportSource source) {
    List<Importer> found = detect(source);
    if (found.isEmpty() && isEmpty(source.entries())) {
      throw new InvalidInputException(
          "Cannot import '" + source.displayName() + "': it holds no conversation with messages");
    }
    if (found.isEmpty()) {
      throw new InvalidInputException(
          "Cannot import '"
              + source.displayName()
              + "': no known format found in it; name one with --from ("
              + String.join(", ", names())
              + ")");
    }
    if (found.size() > 1) {
      throw new InvalidInputException(
          "Cannot import '"
              + source.displayName()
              + "': it holds files of several formats ("
              + String.join(", ", found.stream().map(Importer::name).toList())
              + "); name one with --from");
    }
    return found.get(0);
  }

  private Importer checked(Importer importer, ImportSource source) {
    List<SourceEntry> selected = importer.select(source);
    if (selected.isEmpty()) {
      throw new InvalidInputException(
          "Cannot import '"
              + source.displayName()
              + "' as "
              + importer.name()
              + ": it holds no file of "
              + importer.description());
    }
    if (sniffed(importer, selected).isEmpty() && !isEmpty(selected)) {
      List<String> others =
          detect(source).stream()
              .map(Importer::name)
              .filter(n -> !n.equals(importer.name()))
              .toList();
      throw new InvalidInputException(
          "Cannot import '"
              + source.displayName()
              + "' as "
              + importer.name()
              + ": it is not "
              + importer.description()
              + (others.isEmpty() ? "" : " (it looks like " + String.join(", ", others) + ")"));
    }
    return importer;
  }

  /** Whether there is no entry, or the first ones are all empty. */
  private static boolean isEmpty(List<SourceEntry> entries) {
    for (SourceEntry entry : entries.subList(0, Math.min(SNIFFED_ENTRIES, entries.size()))) {
      if (!Sniff.of(entry).isEmpty()) {
        return false;
      }
    }
    return true;
  }

  private static List<SourceEntry> sniffed(Importer importer, List<SourceEntry> selected) {
    List<SourceEntry> matching = new ArrayList<>();
    for (SourceEntry entry : selected.subList(0, Math.min(SNIFFED_ENTRIES, selected.size()))) {
      if (importer.sniff(Sniff.of(entry))) {
        matching.add(entry);
      }
    }
    return matching;
  }

  /** The selected entries that look like the format; the others are reported as skipped. */
  private static List<SourceEntry> readable(
      Importer importer, ImportSource source, ImportOptions options) {
    List<SourceEntry> selected = importer.select(source);
    if (selected.size() == 1) {
      return selected;
    }
    List<SourceEntry> readable = new ArrayList<>();
    for (SourceEntry entry : selected) {
      Sniff sniff = Sniff.of(entry);
      if (importer.sniff(sniff)) {
        readable.add(entry);
      } else {
        String reason = sniff.isEmpty() ? "empty" : "not " + importer.description();
        options.listener().skipped(ImportProblem.of(entry.displayName(), reason));
      }
    }
    return readable;
  }

  /** Whether an entry's name ends with one of the suffixes, case-insensitively. */
  public static boolean endsWith(SourceEntry entry, String... suffixes) {
    String name = entry.fileName().toLowerCase(Locale.ROOT);
    for (String suffix : suffixes) {
      if (name.endsWith(suffix)) {
        return true;
      }
    }
    return false;
  }
}
