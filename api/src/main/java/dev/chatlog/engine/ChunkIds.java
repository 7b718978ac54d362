package dev.chatlog.engine;

import static java.util.Objects.requireNonNull;

import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkId;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.random.RandomGenerator;

/**
 * Makes chunk ids in the ULID layout. Ids made for "now" increase strictly within a process, even
 * when the clock goes backwards: the last millisecond is reused and its entropy incremented.
 * Thread-safe.
 *
 * @since 0.1.0
 */
public final class ChunkIds {
  private static final long HIGH_MASK = 0xFFFFL;

  private final Clock clock;
  private final RandomGenerator random;
  private long lastMillis = -1;
  private long lastHigh;
  private long lastLow;

  /**
   * @param clock the source of "now"
   * @param random the source of entropy
   */
  public ChunkIds(Clock clock, RandomGenerator random) {
    this.clock = requireNonNull(clock, "clock is null");
    this.random = requireNonNull(random, "random is null");
  }

  /** Ids from the system UTC clock and a {@link SecureRandom} made when the first id is. */
  public static ChunkIds system() {
    return new ChunkIds(Clock.systemUTC(), new FirstUseSecureRandom());
  }

  /** The clock ids are made from. */
  public Clock clock() {
    return clock;
  }

  /** A new id for now, greater than every id this generator made for now before. */
  public synchronized ChunkId next() {
    long millis = Math.max(clock.millis(), 0);
    if (millis <= lastMillis) {
      increment();
    } else {
      lastMillis = millis;
      lastHigh = random.nextLong() & HIGH_MASK & 0x7FFF; // leave room to increment
      lastLow = random.nextLong();
    }
    return ChunkId.of(lastMillis, lastHigh, lastLow);
  }

  /**
   * A new id for the given time (an import's original time). Within the millisecond of the last id
   * made for now it continues that sequence, so ids stay unique in this process.
   */
  public synchronized ChunkId forTime(Instant time) {
    long millis = time.toEpochMilli();
    if (millis == lastMillis) {
      increment();
      return ChunkId.of(lastMillis, lastHigh, lastLow);
    }
    return ChunkId.of(millis, random.nextLong() & HIGH_MASK, random.nextLong());
  }

  /** The id for a draft: {@link #forTime} its created time, or {@link #next()} when it has none. */
  public ChunkId forDraft(ChunkDraft draft) {
    return draft.created() == null ? next() : forTime(draft.created());
  }

  private void increment() {
    lastLow++;
    if (lastLow == 0) {
      lastHigh = (lastHigh + 1) & HIGH_MASK;
    }
  }

  /**
   * A {@link SecureRandom} made on first use: its making starts the JDK's security providers
   * (milliseconds in a fresh process), which a command that makes no id (a retrieve, a search) does
   * not need.
   */
  static final class FirstUseSecureRandom implements RandomGenerator {
    private RandomGenerator random;

    @Override
    public synchronized long nextLong() {
      if (random == null) {
        random = new SecureRandom();
      }
      return random.nextLong();
    }
  }
}
