package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.model.ChunkFilter;
import dev.chatlog.model.ChunkMeta;
import dev.chatlog.search.SearchQuery;
import dev.chatlog.testing.StartSignal;
import java.io.File;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Two JVMs appending to one database file at the same time lose nothing. */
class TwoProcessesTest {
  private static final int PER_WRITER = 200;

  private final TempDatabase database = new TempDatabase();

  @AfterEach
  void cleanUp() {
    database.cleanUp();
  }

  @Test
  void twoProcessesWritingAtOnceLoseNothing() throws Exception {
    Path file = database.file();
    SqliteChunkStore.open(file, SqliteOptions.defaults()).close(); // schema in place first
    List<Process> writers = new ArrayList<>();
    List<File> logs = new ArrayList<>();
    for (String name : List.of("left", "right")) {
      File log = File.createTempFile("chatlog-writer-" + name, ".log");
      logs.add(log);
      writers.add(
          new ProcessBuilder(
                  Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                  "-cp",
                  System.getProperty("java.class.path"),
                  ConcurrentWriter.class.getName(),
                  file.toString(),
                  name,
                  Integer.toString(PER_WRITER))
              .redirectErrorStream(true)
              .redirectOutput(log)
              .start());
    }
    try {
      StartSignal.await(Path.of(file + ".ready-left"));
      StartSignal.await(Path.of(file + ".ready-right"));
      StartSignal.give(Path.of(file + ".go"));
      for (int i = 0; i < writers.size(); i++) {
        Process writer = writers.get(i);
        assertThat(writer.waitFor(120, TimeUnit.SECONDS)).as("writer finished in time").isTrue();
        assertThat(writer.exitValue())
            .as("writer output: %s", java.nio.file.Files.readString(logs.get(i).toPath()))
            .isZero();
      }
    } finally {
      writers.forEach(Process::destroyForcibly);
      logs.forEach(File::delete);
    }

    try (SqliteChunkStore store = SqliteChunkStore.open(file, SqliteOptions.defaults())) {
      List<ChunkMeta> all = store.list(ChunkFilter.all(), 1000);
      assertThat(all).hasSize(2 * PER_WRITER);
      for (String name : List.of("left", "right")) {
        List<Integer> seqs =
            store.list(ChunkFilter.all().withSession(name), 1000).stream()
                .map(ChunkMeta::seq)
                .sorted()
                .toList();
        assertThat(seqs).hasSize(PER_WRITER);
        assertThat(seqs.get(0)).isZero();
        assertThat(seqs.get(PER_WRITER - 1)).isEqualTo(PER_WRITER - 1);
      }
      assertThat(store.search(SearchQuery.of("chunk 199 left").withLimit(5)))
          .extracting(hit -> hit.meta().session())
          .first()
          .isEqualTo("left");
      assertThat(store.verify(false).clean()).isTrue();
    }
  }
}
