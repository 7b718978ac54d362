package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class TerminalTest {

  @ParameterizedTest
  @CsvSource({
    "/dev/pts/3, true",
    "/dev/tty1, true",
    "/dev/ttyS0, true",
    "'pipe:[123456]', false",
    "'socket:[98765]', false",
    "/dev/null, false",
    "/home/me/out.txt, false"
  })
  void aTerminalIsAPseudoOrRealTerminalDevice(String target, boolean terminal) {
    assertThat(Terminal.isTerminalDevice(target)).isEqualTo(terminal);
  }

  @Test
  void standardOutputOfTheTestsIsNotATerminal() {
    // surefire pipes the test JVM's output: whichever way the platform answers, it is no terminal
    assertThat(Terminal.isInteractive()).isFalse();
  }
}
