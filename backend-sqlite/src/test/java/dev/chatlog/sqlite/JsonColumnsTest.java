package dev.chatlog.sqlite;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class JsonColumnsTest {

  @Test
  void listsAndLabelsRoundTripWithEveryCharacter() {
    List<String> tags = List.of("plain", "quote \" and \\ backslash", "ünï 日本 🚀", "", "a\nb\tc");
    Map<String, List<String>> labels = new LinkedHashMap<>();
    labels.put("adr", List.of("0001", "0012"));
    labels.put("empty", List.of());
    labels.put("ключ \"x\"", List.of("значение"));

    assertThat(JsonColumns.readList(JsonColumns.list(tags))).isEqualTo(tags);
    assertThat(JsonColumns.readLabels(JsonColumns.labels(labels))).containsExactlyEntriesOf(labels);
    assertThat(JsonColumns.list(List.of("a", "b"))).isEqualTo("[\"a\",\"b\"]");
    assertThat(JsonColumns.labels(labels)).startsWith("{\"adr\":[\"0001\",\"0012\"],\"empty\":[]");
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[1]", "[\"a\"", "[\"a\"] x", "{\"k\":\"v\"}", "[null]"})
  void anythingButAListOfStringsIsRefused(String text) {
    assertThatThrownBy(() -> JsonColumns.readList(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "{", "[]", "{\"k\":\"v\"}", "{\"k\":[1]}", "{\"k\":[\"v\"]} x"})
  void anythingButAMapOfListsOfStringsIsRefusedAsLabels(String text) {
    assertThatThrownBy(() -> JsonColumns.readLabels(text))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void labelsMustBeListsOfStrings() {
    assertThatThrownBy(() -> JsonColumns.readLabels("{\"k\":\"v\"}"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unexpected VALUE_STRING in {\"k\":\"v\"}");
    assertThatThrownBy(() -> JsonColumns.readLabels("[]"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("unexpected START_ARRAY in []");
  }
}
