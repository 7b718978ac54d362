package dev.chatlog.capture.render;

import static org.assertj.core.api.Assertions.assertThat;

import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.model.Actor;
import java.util.List;
import org.junit.jupiter.api.Test;

class TranscriptTest {
  @Test
  void userAndAssistantMarkersGiveMessagesWithTheirActors() {
    List<ImportedMessage> messages =
        Transcript.parse(
                "User: how do I retry?\nAssistant: use a budget\nwith jitter.\nUser: thanks")
            .orElseThrow();

    assertThat(messages)
        .extracting(ImportedMessage::actor)
        .containsExactly(Actor.USER, Actor.ASSISTANT, Actor.USER);
    assertThat(messages.get(1).text()).isEqualTo("use a budget\nwith jitter.");
  }

  @Test
  void humanMarkersAndMarkdownHeadingsAreTurnsToo() {
    assertThat(Transcript.parse("Human: hi\n\nAssistant: hello").orElseThrow()).hasSize(2);
    assertThat(
            Transcript.parse("## User\n\nfix the bug\n\n## Assistant\n\ndone, see the diff\n")
                .orElseThrow())
        .extracting(ImportedMessage::actor)
        .containsExactly(Actor.USER, Actor.ASSISTANT);
  }

  @Test
  void textWithoutTwoSpeakersIsNoTranscript() {
    assertThat(Transcript.parse("just a note about user: names")).isEmpty();
    assertThat(Transcript.parse("User: one\nUser: two")).isEmpty();
    assertThat(Transcript.parse("plain text\nwith lines")).isEmpty();
  }

  @Test
  void textBeforeTheFirstMarkerBelongsToTheFirstMessage() {
    List<ImportedMessage> messages =
        Transcript.parse("Context first.\nUser: question\nAssistant: answer").orElseThrow();

    assertThat(messages.get(0).text()).isEqualTo("Context first.\nquestion");
  }
}
