package dev.chatlog.retention;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.config.ChatLogConfig;
import dev.chatlog.error.InvalidInputException;
import java.net.URI;
import java.time.Duration;
import java.util.Optional;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RetentionPolicyTest {

  @Test
  void needsAtLeastOneLimit() {
    assertThatThrownBy(() -> new RetentionPolicy(OptionalLong.empty(), Optional.empty()))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot prune: give --max-chunks, --max-age or both");
    assertThatThrownBy(() -> RetentionPolicy.parse(null, null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot prune: give --max-chunks, --max-age or both");
  }

  @Test
  void rejectsAChunkLimitBelowOne() {
    assertThatThrownBy(() -> RetentionPolicy.ofMaxChunks(0))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot prune: --max-chunks must be at least 1, got 0");
    assertThatThrownBy(() -> RetentionPolicy.parse(-3L, "30d"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot prune: --max-chunks must be at least 1, got -3");
  }

  @Test
  void rejectsAnAgeThatIsNotPositive() {
    assertThatThrownBy(() -> RetentionPolicy.ofMaxAge(Duration.ZERO))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot prune: --max-age must be positive, got PT0S");
    assertThatThrownBy(() -> RetentionPolicy.ofMaxAge(Duration.ofHours(-1)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageStartingWith("Cannot prune: --max-age must be positive");
    assertThatThrownBy(() -> RetentionPolicy.parse(null, "soon"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("soon");
  }

  @Test
  void parsesWhatAUserTypes() {
    RetentionPolicy policy = RetentionPolicy.parse(100L, "30d");
    assertThat(policy.maxChunks()).hasValue(100);
    assertThat(policy.maxAge()).contains(Duration.ofDays(30));
    assertThat(policy).hasToString("--max-chunks 100 --max-age 30d");
    assertThat(RetentionPolicy.parse(null, "2w").maxChunks()).isEmpty();
    assertThat(RetentionPolicy.parse(null, "2w")).hasToString("--max-age 14d");
    assertThat(RetentionPolicy.parse(5L, null)).hasToString("--max-chunks 5");
    assertThat(RetentionPolicy.ofMaxAge(Duration.ofMinutes(90))).hasToString("--max-age PT1H30M");
  }

  @Test
  void comesFromTheConfigurationWhenItSetsALimit() {
    ChatLogConfig config = ChatLogConfig.forStore(URI.create("mem://x"));
    assertThat(RetentionPolicy.fromConfig(config)).isEmpty();
    assertThat(
            RetentionPolicy.fromConfig(
                config.withRetention(OptionalLong.of(7), Optional.of(Duration.ofDays(3)))))
        .contains(RetentionPolicy.parse(7L, "3d"));
    assertThat(
            RetentionPolicy.fromConfig(
                config.withRetention(OptionalLong.empty(), Optional.of(Duration.ofDays(3)))))
        .contains(RetentionPolicy.ofMaxAge(Duration.ofDays(3)));
    assertThatThrownBy(
            () ->
                RetentionPolicy.fromConfig(
                    config.withRetention(OptionalLong.of(0), Optional.empty())))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot prune: --max-chunks must be at least 1, got 0");
  }
}
