package dev.chatlog.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.model.ChunkId;
import java.time.Instant;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class BlobLayoutTest {

  @ParameterizedTest
  @CsvSource({
    "2024-03-01T10:00:00Z, chunks/2024/03/01/",
    "2024-12-31T23:59:59.999Z, chunks/2024/12/31/",
    "1970-01-01T00:00:00Z, chunks/1970/01/01/",
    "2000-02-29T12:00:00Z, chunks/2000/02/29/",
    "9999-01-09T00:00:00Z, chunks/9999/01/09/"
  })
  void aChunkFileIsFiledUnderTheUtcDayOfItsId(Instant time, String folder) {
    ChunkId id = ChunkId.of(time.toEpochMilli(), 1, 2);

    assertThat(BlobLayout.chunkKey(id)).isEqualTo(folder + id + ".md");
  }
}
