package dev.chatlog.model;

import dev.chatlog.error.InvalidInputException;
import java.util.Locale;

/**
 * Who wrote a message of a conversation.
 *
 * @since 0.1.0
 */
public enum Actor {
  USER,
  ASSISTANT,
  SYSTEM,
  TOOL;

  /** The lower-case name used in files, flags and JSON. */
  public String id() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** Parses a name case-insensitively; an unknown name is an {@link InvalidInputException}. */
  public static Actor of(String name) {
    for (Actor actor : values()) {
      if (actor.id().equalsIgnoreCase(name.strip())) {
        return actor;
      }
    }
    throw new InvalidInputException(
        "Cannot use actor '" + name + "': expected one of user, assistant, system, tool");
  }

  @Override
  public String toString() {
    return id();
  }
}
