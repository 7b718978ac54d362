package dev.chatlog;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.error.InvalidInputException;
import dev.chatlog.model.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class SaveRequestTest {

  @Test
  void fillsDefaults() {
    SaveRequest request = SaveRequest.of("hello");
    assertThat(request.project()).isEqualTo("default");
    assertThat(request.topic()).isEqualTo("default");
    assertThat(request.session()).isEqualTo(java.time.LocalDate.now().toString());
    assertThat(request.actors()).containsExactly(Actor.USER);
    assertThat(request.source()).isEqualTo("cli");
    assertThat(request.tags()).isEmpty();
    assertThat(request.summary()).isEmpty();
    assertThat(request.labels()).isEmpty();
    assertThat(request.created()).isNull();
    assertThat(request.content()).isEqualTo("hello");
  }

  @Test
  void buildsWithEveryField() {
    Instant when = Instant.parse("2026-11-01T10:00:00Z");
    SaveRequest request =
        SaveRequest.of("x")
            .withProject("  chatlog ")
            .withTopic("storage/s3")
            .withSession("s-1")
            .withActors(List.of(Actor.USER, Actor.ASSISTANT, Actor.USER))
            .withSource("importer")
            .withTags(List.of("b", " a", "b"))
            .withSummary(" The S3 plan ")
            .withLabels(Map.of("adr", List.of("0001", "0001"), "epic", List.of(" e1 ")))
            .withContent("  body kept as is \n")
            .withCreated(when);
    assertThat(request.project()).isEqualTo("chatlog");
    assertThat(request.topic())
        .as("names never become paths, so / is fine")
        .isEqualTo("storage/s3");
    assertThat(request.session()).isEqualTo("s-1");
    assertThat(request.actors()).containsExactly(Actor.USER, Actor.ASSISTANT);
    assertThat(request.source()).isEqualTo("importer");
    assertThat(request.tags()).containsExactly("b", "a");
    assertThat(request.summary()).isEqualTo("The S3 plan");
    assertThat(request.labels())
        .containsExactlyInAnyOrderEntriesOf(Map.of("adr", List.of("0001"), "epic", List.of("e1")));
    assertThat(request.content()).isEqualTo("  body kept as is \n");
    assertThat(request.created()).isEqualTo(when);
  }

  @ParameterizedTest
  @ValueSource(strings = {"", "   ", "\n\t \r\n"})
  void aSaveRefusesBlankContent(String content) {
    assertThatThrownBy(() -> SaveRequest.of(content).requireContent())
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot save: the input is empty");
  }

  @Test
  void rejectsNulCharacters() {
    assertThatThrownBy(() -> SaveRequest.of("ab\0c"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot save: the input contains a NUL character at position 2");
  }

  @Test
  void rejectsBadNames() {
    SaveRequest ok = SaveRequest.of("x");
    assertThatThrownBy(() -> ok.withProject("  "))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot save: the project name is empty");
    assertThatThrownBy(() -> ok.withTopic("a\u0007b"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot save: the topic name 'a\\u0007b' has a control character");
    assertThatThrownBy(() -> ok.withSession("x".repeat(201)))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage(
            "Cannot save: the session name is 201 characters long; at most 200 are allowed");
    assertThat(ok.withSession("x".repeat(200)).session()).hasSize(200);
    assertThatThrownBy(() -> ok.withTags(List.of("ok", "new\nline")))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot save: the tag name 'new\\u000aline' has a control character");
    assertThatThrownBy(() -> ok.withSource(""))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot save: the source name is empty");
  }

  @Test
  void rejectsBadLabels() {
    SaveRequest ok = SaveRequest.of("x");
    assertThat(ok.withLabels(Map.of("a.b_c-9", List.of("v"))).labels()).containsKey("a.b_c-9");
    for (String key : List.of("Adr", "-adr", "", "a b", "a/b")) {
      assertThatThrownBy(() -> ok.withLabels(Map.of(key, List.of("v"))))
          .isInstanceOf(InvalidInputException.class)
          .hasMessage("Cannot save: label key '" + key + "' must match [a-z0-9][a-z0-9._-]*");
    }
    assertThatThrownBy(() -> ok.withLabels(Map.of("adr", List.of(" "))))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot save: the label adr name is empty");
  }

  @Test
  void rejectsAMultiLineSummary() {
    assertThatThrownBy(() -> SaveRequest.of("x").withSummary("one\ntwo"))
        .isInstanceOf(InvalidInputException.class)
        .hasMessage("Cannot save: the summary must be one line without control characters");
  }

  @Test
  void aSaveWithoutASessionJoinsTheConversationOfTheDayItWasWrittenOn() {
    java.time.Instant written = java.time.Instant.parse("2026-03-01T12:00:00Z");
    String day =
        java.time.LocalDate.ofInstant(written, java.time.ZoneId.systemDefault()).toString();

    assertThat(
            new SaveRequest(null, null, null, null, null, null, null, null, "a", written).session())
        .isEqualTo(day);
    assertThat(SaveRequest.of("a").withSession("mine").withCreated(written).session())
        .isEqualTo("mine");
  }
}
