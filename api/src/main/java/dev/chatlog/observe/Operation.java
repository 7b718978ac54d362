package dev.chatlog.observe;

import java.util.Locale;

/** A kind of work chatlog reports to a {@link ChatLogObserver}. */
public enum Operation {
  SAVE("saves"),
  RETRIEVE("retrievals"),
  SEARCH("searches"),
  LIST("lists"),
  SHOW("shows"),
  DELETE("deletes"),
  PRUNE("prunes"),
  /** Retention applied by a save that wrote a chunk. */
  RETENTION("retentions"),
  COMPACT("compactions"),
  VERIFY("verifies"),
  REINDEX("reindexes"),
  STATS("stats"),
  IMPORT("imports"),
  EXPORT("exports");

  private final String plural;

  Operation(String plural) {
    this.plural = plural;
  }

  /** The name in lower case, as metrics tag it: {@code save}, {@code retrieve}. */
  public String tag() {
    return name().toLowerCase(Locale.ROOT);
  }

  /** The plural that names the counter of this operation: {@code saves}, {@code retrievals}. */
  public String plural() {
    return plural;
  }
}
