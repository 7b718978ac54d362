package dev.chatlog.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/**
 * The search index's text splits back into the words of the text it was made from, for texts that
 * mix ASCII with accents, combining marks, compatibility forms, CJK, emoji and punctuation above
 * ASCII. The split is FTS5's {@code unicode61} as it treats this text: ASCII letters and digits are
 * token characters, folded to lower case; every other ASCII character separates; the folded tokens
 * above ASCII hold letters and digits only. (The SQLite module checks the same with FTS5 itself.)
 */
class TextFoldPropertyTest {

  @Provide
  Arbitrary<String> texts() {
    Arbitrary<Integer> ascii = Arbitraries.integers().between(0, 0x7f);
    Arbitrary<Integer> special =
        Arbitraries.of(
            0xe9, 0xc9, 0x301, 0xb2, 0xfb01, 0xff26, 0x2014, 0x201c, 0x2019, 0x6570, 0x30ab, 0xac00,
            0x1f600, 0x3b1, 0x416, 0xa0, 0x2028, 0x660);
    return Arbitraries.frequencyOf(Tuple.of(8, ascii), Tuple.of(2, special))
        .list()
        .ofMaxSize(40)
        .map(
            points -> {
              StringBuilder text = new StringBuilder();
              points.forEach(text::appendCodePoint);
              return text.toString();
            });
  }

  @Property(tries = 2000)
  void theIndexTextHoldsTheWordsOfTheText(@ForAll("texts") String text) {
    assertThat(unicode61(TextFold.indexText(text))).isEqualTo(TextFold.words(text));
  }

  private static List<String> unicode61(String indexText) {
    List<String> tokens = new ArrayList<>();
    StringBuilder token = new StringBuilder();
    for (int i = 0; i <= indexText.length(); i++) {
      char c = i < indexText.length() ? indexText.charAt(i) : ' ';
      if (c < 0x80 && !Character.isLetterOrDigit(c)) {
        if (!token.isEmpty()) {
          tokens.add(token.toString().toLowerCase(Locale.ROOT));
          token.setLength(0);
        }
      } else {
        token.append(c);
      }
    }
    return tokens;
  }
}
