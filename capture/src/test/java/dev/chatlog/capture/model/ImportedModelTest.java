package dev.chatlog.capture.model;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.chatlog.model.Actor;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ImportedModelTest {
  private static final ImportedMessage HELLO = ImportedMessage.of("m1", Actor.USER, null, "hello");

  @Test
  void aMessageNeedsAnIdAnActorAndText() {
    assertThatThrownBy(() -> ImportedMessage.of(" ", Actor.USER, null, "x"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("nativeId is blank");
    assertThatThrownBy(() -> ImportedMessage.of("m", null, null, "x"))
        .isInstanceOf(NullPointerException.class)
        .hasMessage("actor is null");
    assertThatThrownBy(() -> ImportedMessage.of("m", Actor.USER, null, " \n"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text of message m is blank");
    assertThatThrownBy(() -> ImportedMessage.of("m", Actor.USER, null, "a\0b"))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("text of message m contains NUL");
  }

  @Test
  void labelsAreCheckedCleanedAndSorted() {
    ImportedMessage message =
        new ImportedMessage(
            "m",
            Actor.ASSISTANT,
            Instant.EPOCH,
            "x",
            Map.of(
                "status",
                List.of(" a\nb ", "a b", ""),
                "model",
                List.of("gpt"),
                "empty",
                List.of(" ")));

    assertThat(message.labels())
        .containsExactly(Map.entry("model", List.of("gpt")), Map.entry("status", List.of("a b")));
    assertThat(message.label("model")).isEqualTo("gpt");
    assertThat(message.label("missing")).isEmpty();
    assertThatThrownBy(
            () -> new ImportedMessage("m", Actor.USER, null, "x", Map.of("Bad Key", List.of("v"))))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("invalid label key: Bad Key");
    assertThat(ImportLabels.value("x".repeat(300))).hasSize(ImportLabels.MAX_VALUE_LENGTH);
    assertThat(ImportLabels.value(null)).isEmpty();
  }

  @Test
  void aConversationNeedsMessagesAndDefaultsItsTexts() {
    assertThatThrownBy(
            () ->
                new ImportedConversation(
                    "f", "c", null, null, null, "o", null, null, null, List.of()))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessage("conversation c has no messages");

    ImportedConversation conversation =
        new ImportedConversation(
            "f",
            "c",
            null,
            null,
            null,
            "o",
            null,
            Map.of("branch", List.of("b")),
            List.of("m1", "m2", "m1"),
            List.of(HELLO));

    assertThat(conversation.title()).isEmpty();
    assertThat(conversation.projectHint()).isEmpty();
    assertThat(conversation.summary()).isEmpty();
    assertThat(conversation.tags()).isEmpty();
    assertThat(conversation.models()).containsExactly("m1", "m2");
    assertThat(conversation.label("branch")).isEqualTo("b");
    assertThat(conversation.label("none")).isEmpty();
  }
}
