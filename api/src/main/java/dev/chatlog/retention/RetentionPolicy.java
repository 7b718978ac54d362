package dev.chatlog.retention;

import static java.util.Objects.requireNonNull;

import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.config.Durations;
import dev.chatlog.error.InvalidInputException;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;

/**
 * How much history to keep: at most {@code maxChunks} chunks, none older than {@code maxAge}, or
 * both. At least one limit is set. Chunks tagged {@code pinned} are kept whatever the policy says.
 *
 * @param maxChunks most chunks kept in a scope, newest first in store order; at least 1 when set
 * @param maxAge oldest {@code created} age kept; positive when set
 * @since 0.1.0
 */
public record RetentionPolicy(OptionalLong maxChunks, Optional<Duration> maxAge) {

  public RetentionPolicy {
    requireNonNull(maxChunks, "maxChunks is null");
    requireNonNull(maxAge, "maxAge is null");
    if (maxChunks.isEmpty() && maxAge.isEmpty()) {
      throw new InvalidInputException("Cannot prune: give --max-chunks, --max-age or both");
    }
    if (maxChunks.isPresent() && maxChunks.getAsLong() < 1) {
      throw new InvalidInputException(
          "Cannot prune: --max-chunks must be at least 1, got " + maxChunks.getAsLong());
    }
    if (maxAge.isPresent() && (maxAge.get().isNegative() || maxAge.get().isZero())) {
      throw new InvalidInputException(
          "Cannot prune: --max-age must be positive, got " + maxAge.get());
    }
  }

  /** A policy that keeps at most {@code maxChunks} chunks. */
  public static RetentionPolicy ofMaxChunks(long maxChunks) {
    return new RetentionPolicy(OptionalLong.of(maxChunks), Optional.empty());
  }

  /** A policy that keeps no chunk older than {@code maxAge}. */
  public static RetentionPolicy ofMaxAge(Duration maxAge) {
    return new RetentionPolicy(OptionalLong.empty(), Optional.of(requireNonNull(maxAge, "maxAge")));
  }

  /**
   * A policy from what a user typed: a chunk count and an age such as {@code 30d} or {@code P2W},
   * either of which may be {@code null}.
   *
   * @throws InvalidInputException when both are {@code null} or either is not valid
   */
  public static RetentionPolicy parse(Long maxChunks, String maxAge) {
    return new RetentionPolicy(
        maxChunks == null ? OptionalLong.empty() : OptionalLong.of(maxChunks),
        maxAge == null ? Optional.empty() : Optional.of(Durations.parse(maxAge)));
  }

  /**
   * The retention a configuration asks for after each save ({@code CHM_RETENTION_MAX_CHUNKS},
   * {@code CHM_RETENTION_MAX_AGE_DAYS}); empty when it sets neither.
   *
   * @throws InvalidInputException when a configured limit is out of range
   */
  public static Optional<RetentionPolicy> fromConfig(ChatLogConfig config) {
    requireNonNull(config, "config is null");
    if (config.retentionMaxChunks().isEmpty() && config.retentionMaxAge().isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(new RetentionPolicy(config.retentionMaxChunks(), config.retentionMaxAge()));
  }

  /** The policy the way a user types it, e.g. {@code --max-chunks 100 --max-age 30d}. */
  @Override
  public String toString() {
    StringBuilder text = new StringBuilder();
    maxChunks.ifPresent(n -> text.append("--max-chunks ").append(n));
    maxAge.ifPresent(
        age -> {
          String shown =
              age.toSeconds() % 86_400 == 0 && age.getNano() == 0
                  ? age.toDays() + "d"
                  : age.toString();
          text.append(text.isEmpty() ? "" : " ").append("--max-age ").append(shown);
        });
    return text.toString();
  }
}
