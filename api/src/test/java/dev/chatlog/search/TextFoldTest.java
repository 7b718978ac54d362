package dev.chatlog.search;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class TextFoldTest {

  @Test
  void foldsCaseAndAccentsAndKeepsOffsetsOfTheOriginal() {
    String text = "Crème BRÛLÉE, naïve-café!";
    List<TextFold.Token> tokens = TextFold.tokens(text);
    assertThat(tokens)
        .extracting(TextFold.Token::text)
        .containsExactly("creme", "brulee", "naive", "cafe");
    TextFold.Token brulee = tokens.get(1);
    assertThat(text.substring(brulee.start(), brulee.end())).isEqualTo("BRÛLÉE");
  }

  @Test
  void combiningMarksStayInTheirWord() {
    String decomposed = "cafe\u0301 ok";
    List<TextFold.Token> tokens = TextFold.tokens(decomposed);
    assertThat(tokens).extracting(TextFold.Token::text).containsExactly("cafe", "ok");
    assertThat(tokens.get(0).end()).isEqualTo(5);
  }

  @Test
  void cjkCharactersAreTokensOfTheirOwn() {
    assertThat(TextFold.words("我喜欢数据库 and カタカナ"))
        .containsExactly("我", "喜", "欢", "数", "据", "库", "and", "カ", "タ", "カ", "ナ");
  }

  @Test
  void compatibilityFormsFold() {
    assertThat(TextFold.words("ﬁle Ｆｕｌｌ x²")).containsExactly("file", "full", "x2");
  }

  @Test
  void indexTextKeepsAsciiAsItIsAndFoldsOnlyWordsAboveIt() {
    String ascii = "Retry the CHECKOUT, twice.";
    assertThat(TextFold.indexText(ascii)).isSameAs(ascii);
    assertThat(TextFold.indexText("Hello, Wörld! 数据")).isEqualTo("Hello,  world !  数 据 ");
  }

  @Test
  void everyAsciiCharacterOtherThanLettersAndDigitsSeparatesWords() {
    StringBuilder ascii = new StringBuilder();
    for (char c = 0; c < 0x80; c++) {
      ascii.append(c);
    }

    assertThat(TextFold.tokens(ascii.toString()))
        .containsExactly(
            new TextFold.Token("0123456789", '0', '9' + 1),
            new TextFold.Token("abcdefghijklmnopqrstuvwxyz", 'A', 'Z' + 1),
            new TextFold.Token("abcdefghijklmnopqrstuvwxyz", 'a', 'z' + 1));
    assertThat(TextFold.words("Ab9_x-Y.Zé")).containsExactly("ab9", "x", "y", "ze");
  }

  @Test
  void everyCodePointOfAChineseJapaneseOrKoreanScriptIsToldApart() {
    Set<Character.UnicodeScript> cjk =
        EnumSet.of(
            Character.UnicodeScript.HAN,
            Character.UnicodeScript.HIRAGANA,
            Character.UnicodeScript.KATAKANA,
            Character.UnicodeScript.HANGUL,
            Character.UnicodeScript.BOPOMOFO);
    for (int cp = 0; cp <= Character.MAX_CODE_POINT; cp++) {
      boolean expected = cjk.contains(Character.UnicodeScript.of(cp));
      if (TextFold.isCjk(cp) != expected) {
        throw new AssertionError(String.format("U+%04X: expected CJK %s", cp, expected));
      }
    }
  }
}
