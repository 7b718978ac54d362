package dev.chatlog.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class ProgressLineTest {
  private final StringWriter err = new StringWriter();

  @Test
  void aLongBatchShowsItsProgressInPlaceAtEachPercentAndClearsIt() {
    try (ProgressLine line = new ProgressLine(new PrintWriter(err), "chm")) {
      for (int done = 0; done <= 1000; done++) {
        line.update(done, 1000);
      }
      line.update(500, 1000); // a report that comes late changes nothing
    }

    String shown = err.toString();
    assertThat(shown.chars().filter(c -> c == '\r').count()).isEqualTo(101 + 2);
    assertThat(shown)
        .startsWith("\rchm: saving 0 of 1000 chunks")
        .contains("\rchm: saving 10 of 1000 chunks")
        .contains("\rchm: saving 1000 of 1000 chunks")
        .endsWith("\r" + " ".repeat("chm: saving 1000 of 1000 chunks".length()) + "\r")
        .doesNotContain("\n");
  }

  @Test
  void aShortBatchShowsNothing() {
    try (ProgressLine line = new ProgressLine(new PrintWriter(err), "chatlog")) {
      line.update(0, ProgressLine.LONG_BATCH - 1);
      line.update(ProgressLine.LONG_BATCH - 1, ProgressLine.LONG_BATCH - 1);
    }

    assertThat(err.toString()).isEmpty();
  }
}
