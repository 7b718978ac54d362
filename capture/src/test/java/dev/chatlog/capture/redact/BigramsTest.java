package dev.chatlog.capture.redact;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;
import net.jqwik.api.Tuple.Tuple2;
import org.junit.jupiter.api.Test;

class BigramsTest {

  /**
   * Texts of a few letters (so that words recur), keyword characters, and characters above ASCII.
   */
  @Provide
  Arbitrary<String> texts() {
    Arbitrary<Character> common = Arbitraries.chars().with("abkxoy_-:/. ");
    Arbitrary<Character> any = Arbitraries.chars().range('\u0000', '\u007f');
    Arbitrary<Character> wide = Arbitraries.of('é', 'İ', 'K', 'ß', '中', '\u0301');
    return Arbitraries.frequencyOf(Tuple.of(6, common), Tuple.of(2, any), Tuple.of(2, wide))
        .list()
        .ofMaxSize(60)
        .map(chars -> chars.stream().map(String::valueOf).reduce("", String::concat));
  }

  /** A text and a word: a piece of the text half of the time, else a text of its own. */
  @Provide
  Arbitrary<Tuple2<String, String>> textsAndWords() {
    return texts()
        .flatMap(
            text -> {
              Arbitrary<String> piece =
                  Combinators.combine(
                          Arbitraries.integers().between(0, text.length()),
                          Arbitraries.integers().between(0, text.length()))
                      .as(
                          (a, b) ->
                              text.substring(Math.min(a, b), Math.max(a, b))
                                  .toLowerCase(Locale.ROOT));
              return Arbitraries.oneOf(piece, texts()).map(word -> Tuple.of(text, word));
            });
  }

  @Property(tries = 3000)
  void aWordInTheTextIsNeverRuledOut(@ForAll("textsAndWords") Tuple2<String, String> pair) {
    String lower = pair.get1().toLowerCase(Locale.ROOT);
    String word = pair.get2();
    if (lower.contains(word)) {
      assertThat(Bigrams.of(lower).mayHold(Bigrams.ofWord(word))).isTrue();
    }
  }

  @Test
  void aWordWithAPairTheTextLacksIsRuledOut() {
    Bigrams pairs = Bigrams.of("the token was xoxp-free");
    assertThat(pairs.mayHold(Bigrams.ofWord("token"))).isTrue();
    assertThat(pairs.mayHold(Bigrams.ofWord("xoxp-"))).isTrue();
    assertThat(pairs.mayHold(Bigrams.ofWord("xoxb"))).isFalse();
    assertThat(pairs.mayHold(Bigrams.ofWord("ghp_"))).isFalse();
    // the pairs are not enough on their own: "ken to" holds "to", "ok", "ke" and "en" too
    assertThat(pairs.mayHold(Bigrams.ofWord("toke"))).isTrue();
  }

  @Test
  void wordsOfOneCharacterOrBeyondAsciiAreAlwaysLookedFor() {
    Bigrams pairs = Bigrams.of("plain text");
    assertThat(Bigrams.ofWord("x")).isNull();
    assertThat(Bigrams.ofWord("clé")).isNull();
    assertThat(pairs.mayHold(Bigrams.ofWord("x"))).isTrue();
    assertThat(pairs.mayHold(Bigrams.ofWord("clé"))).isTrue();
  }
}
