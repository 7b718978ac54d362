package dev.chatlog.text;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.InvalidInputException;
import java.io.Reader;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ChunkSplitterTest {

  private static int codePoints(String text) {
    return text.codePointCount(0, text.length());
  }

  @Test
  void contentThatFitsIsOnePart() {
    assertThat(ChunkSplitter.split("hello", 5)).containsExactly("hello");
    assertThat(ChunkSplitter.split("", 5)).containsExactly("");
  }

  @Test
  void prefersABlankLineOverALineBreakOverASpace() {
    String text = "aaaa bbbb\n\ncccc\ndddd eeee";
    // window of 20 holds all three kinds of boundary in its second half
    assertThat(ChunkSplitter.split(text, 20)).containsExactly("aaaa bbbb\n\n", "cccc\ndddd eeee");
    assertThat(ChunkSplitter.split("aaaa bbbb\ncccc dddd eeee", 16))
        .containsExactly("aaaa bbbb\n", "cccc dddd eeee");
    assertThat(ChunkSplitter.split("aaaa bbbb cccc", 12)).containsExactly("aaaa bbbb ", "cccc");
  }

  @Test
  void treatsCrLfBlankLinesAsParagraphs() {
    assertThat(ChunkSplitter.split("one two\r\n\r\nthree four", 15))
        .containsExactly("one two\r\n\r\n", "three four");
  }

  @Test
  void ignoresBoundariesInTheFirstHalfOfTheWindow() {
    // the only break is at position 2 of a window of 10: cutting there would make tiny parts
    assertThat(ChunkSplitter.split("a\nbbbbbbbbbbbbbbbbbb", 10))
        .containsExactly("a\nbbbbbbbb", "bbbbbbbbbb");
  }

  @Test
  void cutsHardWhenThereIsNoBoundary() {
    assertThat(ChunkSplitter.split("abcdefghij", 3)).containsExactly("abc", "def", "ghi", "j");
  }

  @Test
  void countsCodePointsAndNeverSplitsASurrogatePair() {
    String[] emoji = {
      "\uD83D\uDE00", "\uD83D\uDE01", "\uD83D\uDE02", "\uD83E\uDD23", "\uD83D\uDE03"
    };
    String text = String.join("", emoji); // five code points, ten chars
    assertThat(ChunkSplitter.split(text, 2))
        .containsExactly(emoji[0] + emoji[1], emoji[2] + emoji[3], emoji[4]);
    assertThat(ChunkSplitter.split(text, 5)).containsExactly(text);
  }

  @Test
  void partsOfOneContentAreAllDifferent() {
    // equal parts would be kept once by the store, losing characters
    assertThat(ChunkSplitter.split("x".repeat(100), 50))
        .containsExactly("x".repeat(50), "x".repeat(49), "x");
    assertThat(ChunkSplitter.split("ab\n".repeat(4), 6))
        .containsExactly("ab\nab\n", "ab\nab", "\n");
  }

  @Test
  void contentTooRepetitiveForDifferentPartsIsRejected() {
    assertThatThrownBy(() -> ChunkSplitter.split("xxx", 1))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot split the input into different chunks of at most 1 characters: it repeats"
                + " itself too often; raise CHM_CHUNK_MAX_CHARS");
  }

  @Test
  void rejectsALimitBelowOne() {
    assertThatThrownBy(() -> ChunkSplitter.split("x", 0))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("maxChars must be at least 1: 0");
  }

  @Test
  void partsJoinBackToTheInputForRandomContent() {
    String[] alphabet = {"a", "b", " ", "\n", "\n\n", "\r\n", "\t", "\uD83D\uDE00", "é", "\u4E2D"};
    Random random = new Random(20_26_11_01L);
    for (int round = 0; round < 500; round++) {
      StringBuilder text = new StringBuilder();
      int pieces = random.nextInt(200);
      for (int i = 0; i < pieces; i++) {
        text.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String input = text.toString();
      int max = 8 + random.nextInt(40);
      List<String> parts = ChunkSplitter.split(input, max);

      assertThat(String.join("", parts)).isEqualTo(input);
      boolean allFit = true;
      boolean noPairSplit = true;
      for (String part : parts) {
        allFit &= codePoints(part) <= max && (parts.size() == 1 || !part.isEmpty());
        noPairSplit &=
            part.isEmpty()
                || !Character.isLowSurrogate(part.charAt(0))
                    && !Character.isHighSurrogate(part.charAt(part.length() - 1));
      }
      assertThat(allFit).as("every part non-empty and within %d code points", max).isTrue();
      assertThat(noPairSplit).as("no surrogate pair split").isTrue();
      assertThat(parts).doesNotHaveDuplicates();
      if (codePoints(input) <= max) {
        assertThat(parts).containsExactly(input);
      }
    }
  }

  @Test
  void partsReadFromAStreamDoNotDependOnHowTheStreamIsRead() {
    String[] alphabet = {"a", "b", " ", "\n", "\n\n", "\r\n", "\uD83D\uDE00", "\u4E2D"};
    Random random = new Random(20_26_12_06L);
    for (int round = 0; round < 300; round++) {
      StringBuilder text = new StringBuilder();
      int pieces = random.nextInt(300);
      for (int i = 0; i < pieces; i++) {
        text.append(alphabet[random.nextInt(alphabet.length)]);
      }
      String input = text.toString();
      int max = 8 + random.nextInt(30);
      List<String> expected = ChunkSplitter.split(input, max);

      List<String> streamed = new ArrayList<>();
      ChunkSplitter.parts(new TrickleReader(input, random), max).forEachRemaining(streamed::add);

      assertThat(streamed).isEqualTo(expected);
    }
  }

  /** A reader that hands out one to three characters a call, as a slow pipe may. */
  private static final class TrickleReader extends Reader {
    private final String text;
    private final Random random;
    private int at;

    TrickleReader(String text, Random random) {
      this.text = text;
      this.random = random;
    }

    @Override
    public int read(char[] buffer, int offset, int length) {
      if (at == text.length()) {
        return -1;
      }
      int n = Math.min(Math.min(length, 1 + random.nextInt(3)), text.length() - at);
      text.getChars(at, at + n, buffer, offset);
      at += n;
      return n;
    }

    @Override
    public void close() {}
  }
}
