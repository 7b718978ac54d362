package dev.chatlog.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.model.ChunkId;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIf;
import org.junit.jupiter.api.io.TempDir;

class SystemEntropyTest {
  @TempDir Path folder;

  @Test
  @EnabledIf("deviceExists")
  void idsFromTheDeviceAreUniqueAndTimeOrdered() {
    assertUniqueAndOrdered(new ChunkIds(Clock.systemUTC(), new SystemEntropy()));
  }

  @Test
  @EnabledIf("deviceExists")
  void generatorsStartedInTheSameMillisecondMakeDifferentIds() {
    Clock frozen = Clock.fixed(Instant.parse("2024-03-01T10:00:00Z"), ZoneOffset.UTC);
    Set<ChunkId> ids = new HashSet<>();
    for (int n = 0; n < 1_000; n++) {
      ids.add(new ChunkIds(frozen, new SystemEntropy()).next());
    }

    assertThat(ids).hasSize(1_000);
  }

  @Test
  void aMissingDeviceFallsBackToSecureRandom() {
    SystemEntropy entropy = new SystemEntropy(folder.resolve("no-such-device"));

    assertUniqueAndOrdered(new ChunkIds(Clock.systemUTC(), entropy));
    assertThat(entropy.nextLong()).isNotEqualTo(entropy.nextLong());
  }

  @Test
  void eachBlockIsReadFromTheDeviceOpenedAnew() throws IOException {
    ByteBuffer bytes = ByteBuffer.allocate(256);
    for (long n = 0; n < 32; n++) {
      bytes.putLong(n * 31 + 7);
    }
    Path device = Files.write(folder.resolve("device"), bytes.array());
    SystemEntropy entropy = new SystemEntropy(device);

    for (int round = 0; round < 2; round++) {
      for (long n = 0; n < 32; n++) {
        assertThat(entropy.nextLong()).isEqualTo(n * 31 + 7);
      }
    }
  }

  @Test
  void aDeviceThatGivesLessThanABlockFallsBackToSecureRandom() throws IOException {
    Path device = Files.write(folder.resolve("short"), new byte[100]);
    SystemEntropy entropy = new SystemEntropy(device);

    List<Long> values = new ArrayList<>();
    for (int n = 0; n < 8; n++) {
      values.add(entropy.nextLong());
    }

    assertThat(values).doesNotHaveDuplicates();
  }

  private static void assertUniqueAndOrdered(ChunkIds ids) {
    List<ChunkId> made = new ArrayList<>();
    for (int n = 0; n < 10_000; n++) {
      made.add(ids.next());
    }
    assertThat(made).isSorted().doesNotHaveDuplicates();
    assertThat(made).allMatch(id -> ChunkId.isValid(id.toString()));
  }

  static boolean deviceExists() {
    return Files.isReadable(SystemEntropy.DEVICE);
  }
}
