package dev.chatlog.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.search.QueryNode.And;
import dev.chatlog.search.QueryNode.Not;
import dev.chatlog.search.QueryNode.Or;
import dev.chatlog.search.QueryNode.Phrase;
import dev.chatlog.search.QueryNode.Prefix;
import dev.chatlog.search.QueryNode.Term;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class QueryParserTest {

  @Test
  void wordsAreFoldedAndAllRequired() {
    assertThat(QueryParser.parse("Café  Crème"))
        .isEqualTo(new And(List.of(new Term("cafe"), new Term("creme"))));
    assertThat(QueryParser.parse("single")).isEqualTo(new Term("single"));
  }

  @Test
  void phrasesPrefixesAndExclusions() {
    assertThat(QueryParser.parse("\"Exact  Phrase\" pre* -gone -\"old thing\""))
        .isEqualTo(
            new And(
                List.of(
                    new Phrase(List.of("exact", "phrase")),
                    new Prefix("pre"),
                    new Not(new Term("gone")),
                    new Not(new Phrase(List.of("old", "thing"))))));
  }

  @Test
  void orBindsTighterThanTheImplicitAnd() {
    assertThat(QueryParser.parse("cat dog OR mouse OR \"white rat\""))
        .isEqualTo(
            new And(
                List.of(
                    new Term("cat"),
                    new Or(
                        List.of(
                            new Term("dog"),
                            new Term("mouse"),
                            new Phrase(List.of("white", "rat")))))));
    assertThat(QueryParser.parse("dog or cat"))
        .as("lower-case or is a word")
        .isEqualTo(new And(List.of(new Term("dog"), new Term("or"), new Term("cat"))));
  }

  @Test
  void wordsOfSeveralTokensArePhrasesAndPunctuationIsIgnored() {
    assertThat(QueryParser.parse("foo-bar ? 数据库"))
        .isEqualTo(
            new And(
                List.of(new Phrase(List.of("foo", "bar")), new Phrase(List.of("数", "据", "库")))));
    assertThat(QueryParser.parse("\"one\"")).isEqualTo(new Term("one"));
  }

  @ParameterizedTest
  @CsvSource(
      delimiter = '|',
      value = {
        "'\"open phrase'|Cannot search: unbalanced quote at position 1",
        "'a \"b\" \"c'|Cannot search: unbalanced quote at position 7",
        "'OR cat'|Cannot search: 'OR' needs a term on both sides (position 1)",
        "'cat OR'|Cannot search: 'OR' needs a term on both sides (position 5)",
        "'cat OR OR dog'|Cannot search: 'OR' needs a term on both sides (position 5)",
        "'cat OR ?'|Cannot search: 'OR' needs a term on both sides (position 5)",
        "'-gone -\"old news\"'|Cannot search: the query only excludes words; add at least one word"
            + " to look for",
        "''|Cannot search: the query has no words to look for",
        "'?? !!'|Cannot search: the query has no words to look for",
        "'cat - dog'|Cannot search: '-' at position 5 needs a term right after it",
        "'cat -'|Cannot search: '-' at position 5 needs a term right after it",
        "'cat \"  \"'|Cannot search: the phrase at position 5 has no words",
        "'*'|Cannot search: '*' at position 1: a prefix search needs exactly one word before '*'",
        "'foo-ba*'|Cannot search: 'foo-ba*' at position 1: a prefix search needs exactly one word"
            + " before '*'",
        "'cat OR -dog'|Cannot search: 'OR' at position 5 cannot join an excluded term; put the"
            + " exclusion outside the OR",
      })
  void malformedQueriesAreUsageErrors(String query, String message) {
    assertThatThrownBy(() -> QueryParser.parse(query))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(message);
  }

  @Test
  void positiveLeavesLeaveOutExclusions() {
    QueryNode node = QueryParser.parse("a b OR c* -d");
    assertThat(node.positiveLeaves())
        .containsExactly(new Term("a"), new Term("b"), new Prefix("c"));
  }

  @Test
  void nodesRejectShapesTheParserNeverBuilds() {
    assertThatThrownBy(() -> new Phrase(List.of("one")))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Term("")).isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Not(new Not(new Term("a"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new And(List.of(new Term("a"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Or(List.of(new Term("a"))))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Or(List.of(new Term("a"), new Not(new Term("b")))))
        .isInstanceOf(IllegalArgumentException.class);
  }
}
