package dev.chatlog.capture.render;

import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.model.Actor;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

/**
 * One message as a Markdown section: a level-3 heading naming the actor and the time, in the style
 * of the command's own headings ({@code ### user · 2026-02-23T20:34:25Z}), a blank line, then the
 * text. Every format renders alike, so a conversation reads the same whatever it came from.
 */
public final class MessageSections {
  /** What separates the parts of a heading, as in the command's Markdown output. */
  public static final String SEPARATOR = " · ";

  private MessageSections() {}

  /** The heading line, without a line break: the time in UTC to the second, when known. */
  public static String heading(Actor actor, Instant time) {
    String heading = "### " + actor.id();
    return time == null ? heading : heading + SEPARATOR + time.truncatedTo(ChronoUnit.SECONDS);
  }

  /**
   * The section: heading, blank line, the text stripped of trailing blank lines, one line break.
   */
  public static String render(ImportedMessage message) {
    return heading(message.actor(), message.time())
        + "\n\n"
        + message.text().stripTrailing()
        + "\n";
  }
}
