package dev.chatlog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.InvalidInputException;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class DurationsTest {

  @Test
  void parsesShortForms() {
    assertThat(Durations.parse("45s")).isEqualTo(Duration.ofSeconds(45));
    assertThat(Durations.parse("90m")).isEqualTo(Duration.ofMinutes(90));
    assertThat(Durations.parse("12h")).isEqualTo(Duration.ofHours(12));
    assertThat(Durations.parse("7d")).isEqualTo(Duration.ofDays(7));
    assertThat(Durations.parse("2w")).isEqualTo(Duration.ofDays(14));
    assertThat(Durations.parse(" 30D ")).isEqualTo(Duration.ofDays(30));
  }

  @Test
  void parsesIso8601() {
    assertThat(Durations.parse("PT1H")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("pt30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(Durations.parse("P3D")).isEqualTo(Duration.ofDays(3));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "7", "d", "7y", "-1d", "0h", "PT0S", "P-1D", "PTxH", "1.5h"})
  void rejectsWhatIsNoPositiveDuration(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot parse duration '"
                + text
                + "': expected a positive number with s, m, h, d or w (90m, 12h, 7d) or ISO-8601"
                + " (PT1H)");
  }

  @Test
  void formatsTheShortestWholeUnit() {
    assertThat(Durations.format(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(Durations.format(Duration.ofHours(36))).isEqualTo("36h");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Durations.format(Duration.ofSeconds(61))).isEqualTo("61s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("PT1.5S");
  }
}
