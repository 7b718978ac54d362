package dev.chatlog.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.model.ChunkId;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ChunkIdsTest {
  private final TestClock clock = new TestClock(Instant.parse("2024-03-01T10:00:00Z"));
  private final ChunkIds ids = new ChunkIds(clock, new Random(42));

  @Test
  void idsKeepIncreasingWhenTheClockGoesBackwards() {
    List<ChunkId> made = new ArrayList<>();
    made.add(ids.next());
    made.add(ids.next());
    clock.set(Instant.parse("2024-03-01T09:00:00Z"));
    made.add(ids.next());
    made.add(ids.next());
    clock.set(Instant.parse("2024-03-01T11:00:00Z"));
    made.add(ids.next());

    assertThat(made).isSorted().doesNotHaveDuplicates();
    assertThat(made.get(3).instant()).isEqualTo(Instant.parse("2024-03-01T10:00:00Z"));
    assertThat(made.get(4).instant()).isEqualTo(Instant.parse("2024-03-01T11:00:00Z"));
  }

  @Test
  void idsForAGivenTimeCarryThatTime() {
    Instant then = Instant.parse("2019-07-08T09:10:11.012Z");
    ChunkId first = ids.forTime(then);
    ChunkId second = ids.forTime(then);

    assertThat(first.instant()).isEqualTo(then);
    assertThat(second.instant()).isEqualTo(then);
    assertThat(first).isNotEqualTo(second);
  }

  @Test
  void anIdForTheLastMillisecondContinuesTheSequence() {
    ChunkId now = ids.next();
    ChunkId same = ids.forTime(clock.instant());
    ChunkId after = ids.next();

    assertThat(List.of(now, same, after)).isSorted().doesNotHaveDuplicates();
  }

  @Test
  void generatorsStartedInTheSameMillisecondMakeDifferentIds() {
    Clock frozen = Clock.fixed(Instant.parse("2024-03-01T10:00:00Z"), ZoneOffset.UTC);
    Set<ChunkId> made = new HashSet<>();
    for (int n = 0; n < 1_000; n++) {
      made.add(new ChunkIds(frozen, new ChunkIds.FirstUseSecureRandom()).next());
    }

    assertThat(made).hasSize(1_000);
  }

  @Test
  void systemIdsAreValid() {
    ChunkIds system = ChunkIds.system();
    assertThat(ChunkId.isValid(system.next().toString())).isTrue();
    assertThat(system.clock()).isNotNull();
  }

  /** A clock tests move by hand. */
  static final class TestClock extends Clock {
    private volatile Instant now;

    TestClock(Instant now) {
      this.now = now;
    }

    void set(Instant instant) {
      now = instant;
    }

    @Override
    public java.time.ZoneId getZone() {
      return ZoneOffset.UTC;
    }

    @Override
    public Clock withZone(java.time.ZoneId zone) {
      return this;
    }

    @Override
    public Instant instant() {
      return now;
    }
  }
}
