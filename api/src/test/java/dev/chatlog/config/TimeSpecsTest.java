package dev.chatlog.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.InvalidInputException;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class TimeSpecsTest {
  private static final Instant NOW = Instant.parse("2026-11-20T12:00:00Z");
  private static final Clock UTC = Clock.fixed(NOW, ZoneOffset.UTC);

  @Test
  void aDateIsTheStartOfThatDayInTheClocksZone() {
    assertThat(TimeSpecs.parse("2026-11-01", UTC)).isEqualTo(Instant.parse("2026-11-01T00:00:00Z"));
    Clock berlin = Clock.fixed(NOW, ZoneId.of("Europe/Berlin"));
    assertThat(TimeSpecs.parse("2026-11-01", berlin))
        .isEqualTo(Instant.parse("2026-10-31T23:00:00Z"));
  }

  @Test
  void aTimeWithOffsetIsThatInstant() {
    assertThat(TimeSpecs.parse("2026-11-01T10:00:00Z", UTC))
        .isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
    assertThat(TimeSpecs.parse("2026-11-01T12:00:00+02:00", UTC))
        .isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
    assertThat(TimeSpecs.parse("2026-11-01T10:00:00-05:00", UTC))
        .isEqualTo(Instant.parse("2026-11-01T15:00:00Z"));
  }

  @Test
  void aLocalTimeIsInTheClocksZone() {
    assertThat(TimeSpecs.parse("2026-11-01T10:00", UTC))
        .isEqualTo(Instant.parse("2026-11-01T10:00:00Z"));
  }

  @Test
  void anAgeCountsBackFromNow() {
    assertThat(TimeSpecs.parse("7d", UTC)).isEqualTo(Instant.parse("2026-11-13T12:00:00Z"));
    assertThat(TimeSpecs.parse("90m", UTC)).isEqualTo(Instant.parse("2026-11-20T10:30:00Z"));
    assertThat(TimeSpecs.parse("PT1H", UTC)).isEqualTo(Instant.parse("2026-11-20T11:00:00Z"));
  }

  @ParameterizedTest
  @ValueSource(strings = {"yesterday", "2026-13-01", "2026-11-01T25:00:00Z", "", "11/01/2026"})
  void rejectsAnythingElseNamingTheValue(String text) {
    assertThatThrownBy(() -> TimeSpecs.parse(text, UTC))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot parse time '"
                + text
                + "': expected a date (2026-11-01), a time (2026-11-01T10:00:00Z) or an age (7d,"
                + " 12h)");
  }
}
