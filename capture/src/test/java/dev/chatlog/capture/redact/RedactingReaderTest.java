package dev.chatlog.capture.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class RedactingReaderTest {
  private static final Redactor REDACTOR = Redactor.defaults();

  private static String read(Reader reader) throws IOException {
    StringWriter out = new StringWriter();
    char[] buffer = new char[3000];
    int n;
    while ((n = reader.read(buffer, 0, buffer.length)) >= 0) {
      out.write(buffer, 0, n);
    }
    assertThat(reader.read(buffer, 0, 0)).isZero();
    reader.close();
    return out.toString();
  }

  @Test
  void aLargeInputIsRedactedAsItIsReadWhereverItsSecretsFall() throws IOException {
    String key = "AKIA" + "Z7XQ2MLK4PQRSTUV";
    StringBuilder text = new StringBuilder();
    int line = 0;
    while (text.length() < 3 * RedactingReader.WINDOW) {
      text.append("line ").append(line++).append(" of a long paste about the retry budget\n");
      if (line % 9_000 == 0) {
        text.append("our key was ").append(key).append('\n');
      }
    }
    // a secret across the first window's cut, and one at the very end
    int cut = RedactingReader.WINDOW - RedactingReader.OVERLAP;
    text.insert(cut - 100, "\n" + RedactorTest.PRIVATE_KEY.replace("\n", " ") + "\n");
    text.append(key);
    RedactionTally tally = new RedactionTally();
    String out = read(REDACTOR.reader(new StringReader(text.toString()), tally));
    Redacted whole = REDACTOR.redact(text.toString());
    assertThat(out).isEqualTo(whole.text()).doesNotContain(key).doesNotContain("PRIVATE KEY");
    assertThat(tally.counts()).isEqualTo(whole.counts());
    assertThat(tally.counts()).containsEntry("private-key", 1);
  }

  @Test
  void aLongLineWithoutBreaksIsCutAtALimit() throws IOException {
    String text = "x".repeat(RedactingReader.WINDOW * 2 + 17);
    assertThat(read(REDACTOR.reader(new StringReader(text), new RedactionTally()))).isEqualTo(text);
  }

  @Test
  void withoutRulesTheReaderIsTheInput() {
    Reader in = new StringReader("a");
    assertThat(Redactor.none().reader(in, new RedactionTally())).isSameAs(in);
  }
}
