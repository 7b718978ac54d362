package dev.chatlog.cli;

import java.util.Locale;

/** The output formats of the reading commands; each command accepts a subset. */
enum OutputFormat {
  MARKDOWN,
  TABLE,
  JSON,
  JSONL;

  @Override
  public String toString() {
    return name().toLowerCase(Locale.ROOT);
  }
}
