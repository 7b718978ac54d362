package dev.chatlog.bench;

import com.sun.management.GarbageCollectionNotificationInfo;
import dev.chatlog.ChatLog;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportReader;
import dev.chatlog.capture.Importers;
import dev.chatlog.capture.format.chatgpt.SyntheticExport;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.store.ConversationWriter;
import dev.chatlog.capture.store.ImportRecords;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.lang.management.GarbageCollectorMXBean;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.lang.management.MemoryUsage;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import javax.management.NotificationEmitter;
import javax.management.openmbean.CompositeData;

/**
 * Imports a ChatGPT export into a file store or SQLite as {@code chatlog import} does ({@link
 * Importers} streaming the conversations, {@link ConversationWriter} saving each, {@link
 * ImportRecords} answering an unchanged file from its record), in this JVM, and prints what it
 * took: time, throughput, conversations, messages, chunks written and already present, the heap
 * limit, the largest heap in use right after a collection (what the import keeps live) and the peak
 * resident set of the process. {@code bench/import-bench.sh} runs it on a generated export with a
 * bounded heap, once into an empty store and again into the same store.
 *
 * <p>Usage:
 *
 * <pre>
 * ImportBenchmark generate FILE MEGABYTES        a ChatGPT export of about that size (10^6 bytes)
 * ImportBenchmark import &lt;fs|sqlite&gt; FOLDER FILE  imports FILE into the store in FOLDER
 * </pre>
 */
public final class ImportBenchmark {
  /** Question-and-answer turns per generated conversation. */
  static final int TURNS = 30;

  private ImportBenchmark() {}

  /** What one import did and took. */
  record Figures(
      long bytes,
      double seconds,
      long conversations,
      long messages,
      long newMessages,
      long chunksWritten,
      long chunksPresent,
      long storedChunks) {
    /** Megabytes (10^6 bytes) of export read per second. */
    double megabytesPerSecond() {
      return bytes / 1e6 / seconds;
    }
  }

  /**
   * Imports {@code export} into the store at {@code uri} as {@code chatlog import} does, answering
   * from the file's import record in {@code records} when the file and the store are as its last
   * import left them, and timing what a user waits for: opening the store, the import, writing the
   * record and closing the store.
   */
  static Figures run(URI uri, Path export, Path records) throws IOException {
    long bytes = Files.size(export);
    List<ConversationWriter.Outcome> outcomes = new ArrayList<>();
    long started = System.nanoTime();
    try (ChatLog chatLog = HistoryGenerator.open(uri);
        ImportReader reader =
            Importers.discover().open(export, "chatgpt", ImportOptions.defaults())) {
      ImportRecords.Record record =
          new ImportRecords(records, uri.toString()).of(export, reader.format());
      Optional<List<ConversationWriter.Outcome>> unchanged = record.unchanged(chatLog);
      if (unchanged.isPresent()) {
        outcomes.addAll(unchanged.get());
      } else {
        ConversationWriter.Batch batch =
            new ConversationWriter(chatLog, null, false).batch(outcomes::add);
        try (Stream<ImportedConversation> all = reader.conversations();
            batch) {
          all.forEach(batch::add);
        }
        record.save(outcomes, batch.storeMark(reader.format()).orElseThrow());
      }
    }
    double seconds = (System.nanoTime() - started) / 1e9;
    long storedChunks;
    try (ChatLog chatLog = HistoryGenerator.open(uri)) {
      storedChunks = chatLog.stats().chunks(); // what the summary reports, not what import does
    }
    return new Figures(
        bytes,
        seconds,
        outcomes.size(),
        outcomes.stream().mapToLong(ConversationWriter.Outcome::messages).sum(),
        outcomes.stream().mapToLong(ConversationWriter.Outcome::newMessages).sum(),
        outcomes.stream().mapToLong(ConversationWriter.Outcome::chunksWritten).sum(),
        outcomes.stream().mapToLong(ConversationWriter.Outcome::chunksPresent).sum(),
        storedChunks);
  }

  /**
   * The largest heap in use right after a full collection, in bytes, since this call: the heap's
   * pools only (not the metaspace or the code cache); 0 when none ran. A young collection leaves
   * the old generation's garbage, whose size says when the next full collection comes, not what the
   * import keeps live.
   */
  static AtomicLong watchLiveHeap() {
    AtomicLong largest = new AtomicLong();
    Set<String> heapPools =
        ManagementFactory.getMemoryPoolMXBeans().stream()
            .filter(pool -> pool.getType() == MemoryType.HEAP)
            .map(MemoryPoolMXBean::getName)
            .collect(Collectors.toSet());
    for (GarbageCollectorMXBean gc : ManagementFactory.getGarbageCollectorMXBeans()) {
      if (gc instanceof NotificationEmitter emitter) {
        emitter.addNotificationListener(
            (notification, handback) -> {
              if (!notification
                  .getType()
                  .equals(GarbageCollectionNotificationInfo.GARBAGE_COLLECTION_NOTIFICATION)) {
                return;
              }
              GarbageCollectionNotificationInfo info =
                  GarbageCollectionNotificationInfo.from(
                      (CompositeData) notification.getUserData());
              if (!info.getGcAction().equals("end of major GC")) {
                return;
              }
              long used = 0;
              for (Map.Entry<String, MemoryUsage> pool :
                  info.getGcInfo().getMemoryUsageAfterGc().entrySet()) {
                if (heapPools.contains(pool.getKey())) {
                  used += pool.getValue().getUsed();
                }
              }
              largest.accumulateAndGet(used, Math::max);
            },
            null,
            null);
      }
    }
    return largest;
  }

  /** The peak resident set of this process ({@code VmHWM}), in bytes; -1 where unknown. */
  static long peakResidentBytes() {
    try {
      for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (line.startsWith("VmHWM:")) {
          return Long.parseLong(line.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
    return -1;
  }

  private static String mib(long bytes) {
    return bytes < 0 ? "unknown" : String.format(Locale.ROOT, "%.0f MiB", bytes / 1048576.0);
  }

  /** {@code generate FILE MEGABYTES} or {@code import <fs|sqlite> FOLDER FILE}. */
  public static void main(String[] args) throws IOException {
    if (args.length == 3 && args[0].equals("generate")) {
      Path file = Path.of(args[1]);
      long started = System.nanoTime();
      SyntheticExport.Written written =
          SyntheticExport.write(file, Long.parseLong(args[2]) * 1_000_000, TURNS, 1);
      System.out.printf(
          Locale.ROOT,
          "generated %s: %d bytes, %d conversations, %d visible messages in %.1f s%n",
          file,
          written.bytes(),
          written.conversations(),
          written.visibleMessages(),
          (System.nanoTime() - started) / 1e9);
      return;
    }
    if (args.length != 4 || !args[0].equals("import")) {
      System.err.println(
          "usage: ImportBenchmark generate FILE MEGABYTES\n"
              + "       ImportBenchmark import <fs|sqlite> FOLDER FILE");
      System.exit(2);
    }
    Path folder = Path.of(args[2]);
    try {
      Files.createDirectories(folder);
    } catch (IOException e) {
      throw new UncheckedIOException("Cannot create " + folder, e);
    }
    AtomicLong live = watchLiveHeap();
    Figures figures =
        run(
            HistoryGenerator.storeUri(folder, args[1]),
            Path.of(args[3]),
            folder.resolveSibling(folder.getFileName() + "-import-records"));
    System.out.printf(
        Locale.ROOT,
        "%s: %.1f MB in %.1f s, %.1f MB/s; %d conversations, %d messages (%d new), %d chunks"
            + " written, %d already present, %d in the store; heap: max %s, live after a full"
            + " collection at most %s; peak RSS %s%n",
        args[1],
        figures.bytes() / 1e6,
        figures.seconds(),
        figures.megabytesPerSecond(),
        figures.conversations(),
        figures.messages(),
        figures.newMessages(),
        figures.chunksWritten(),
        figures.chunksPresent(),
        figures.storedChunks(),
        mib(Runtime.getRuntime().maxMemory()),
        live.get() == 0 ? "(none ran)" : mib(live.get()),
        mib(peakResidentBytes()));
  }
}
