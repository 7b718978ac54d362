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
    assertThat(Durations.parse("500ms")).isEqualTo(Duration.ofMillis(500));
    assertThat(Durations.parse("30S")).isEqualTo(Duration.ofSeconds(30));
  }

  @Test
  void parsesIso8601() {
    assertThat(Durations.parse("PT1H")).isEqualTo(Duration.ofHours(1));
    assertThat(Durations.parse("pt30m")).isEqualTo(Duration.ofMinutes(30));
    assertThat(Durations.parse("P3D")).isEqualTo(Duration.ofDays(3));
    assertThat(Durations.parse("P2W")).isEqualTo(Duration.ofDays(14));
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "d", "7y", "-1d", "PTxH", "1.5h", "P1Y"})
  void rejectsWhatIsNoDuration(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot parse duration '"
                + text
                + "': expected a duration such as 500ms, 30s, 2m, 12h, 7d or PT30S");
  }

  @Test
  void aBareNumberAsksForAUnit() {
    assertThatThrownBy(() -> Durations.parse(" 7 "))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot parse duration ' 7 ': a duration needs a unit, such as 7s or 7ms");
  }

  @ParameterizedTest
  @ValueSource(strings = {"0h", "PT0S", "P-1D", "-P2W"})
  void rejectsWhatIsNotPositive(String text) {
    assertThatThrownBy(() -> Durations.parse(text))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot parse duration '" + text + "': expected a positive duration");
  }

  @Test
  void formatsTheShortestWholeUnit() {
    assertThat(Durations.format(Duration.ofDays(30))).isEqualTo("30d");
    assertThat(Durations.format(Duration.ofHours(36))).isEqualTo("36h");
    assertThat(Durations.format(Duration.ofMinutes(90))).isEqualTo("90m");
    assertThat(Durations.format(Duration.ofSeconds(61))).isEqualTo("61s");
    assertThat(Durations.format(Duration.ofMillis(1500))).isEqualTo("1500ms");
    assertThat(Durations.format(Duration.ZERO)).isEqualTo("0s");
    assertThat(Durations.format(Duration.ofNanos(1500))).isEqualTo("PT0.0000015S");
  }
}
