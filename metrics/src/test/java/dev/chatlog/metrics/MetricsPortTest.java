package dev.chatlog.metrics;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.InvalidInputException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class MetricsPortTest {
  @Test
  void aPortFromOneTo65535IsTaken() {
    assertThat(MetricsPort.parse("--metrics-port", "9464")).isEqualTo(9464);
    assertThat(MetricsPort.parse("--metrics-port", " 1 ")).isEqualTo(1);
    assertThat(MetricsPort.parse("--metrics-port", "65535")).isEqualTo(65_535);
  }

  @ParameterizedTest
  @ValueSource(strings = {"0", "-1", "65536", "http", "", "80.5", "99999999999"})
  void anythingElseIsAUsageErrorNamingTheOptionAndTheValue(String value) {
    assertThatThrownBy(() -> MetricsPort.parse("--metrics-port", value))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot use --metrics-port '" + value + "': expected a port from 1 to 65535");
  }

  @Test
  void noValueIsAUsageErrorToo() {
    assertThatThrownBy(() -> MetricsPort.parse("--metrics-port", null))
        .isInstanceOf(InvalidInputException.class)
        .hasMessageContaining("'null'");
  }
}
