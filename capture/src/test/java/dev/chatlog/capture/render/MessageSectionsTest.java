package dev.chatlog.capture.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.model.Actor;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MessageSectionsTest {
  @Test
  void aSectionIsHeadedByItsActorAndTimeToTheSecond() {
    ImportedMessage message =
        ImportedMessage.of("m", Actor.USER, Instant.parse("2026-02-23T20:34:25.573Z"), "Why?\n\n");

    assertThat(MessageSections.render(message))
        .isEqualTo("### user · 2026-02-23T20:34:25Z\n\nWhy?\n");
  }

  @Test
  void aMessageWithoutTimeHasOnlyItsActor() {
    assertThat(MessageSections.render(ImportedMessage.of("m", Actor.TOOL, null, "← ls")))
        .isEqualTo("### tool\n\n← ls\n");
    assertThat(MessageSections.heading(Actor.ASSISTANT, Instant.EPOCH))
        .isEqualTo("### assistant · 1970-01-01T00:00:00Z");
  }
}
