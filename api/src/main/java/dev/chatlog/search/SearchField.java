package dev.chatlog.search;

import dev.chatlog.model.ChunkDraft;
import dev.chatlog.model.ChunkMeta;
import java.util.List;

/**
 * The parts of a chunk that search looks at, in the order of the SQLite index's columns, each with
 * its BM25 weight: a match in the summary, tags or topic counts more than one in the body.
 *
 * @since 0.1.0
 */
public enum SearchField {
  SUMMARY(4.0),
  TAGS(3.0),
  TOPIC(3.0),
  BODY(1.0);

  private final double weight;

  SearchField(double weight) {
    this.weight = weight;
  }

  /** How much a match in this field counts relative to one in the body. */
  public double weight() {
    return weight;
  }

  /** The column name in the SQLite index: the lower-case field name. */
  public String column() {
    return name().toLowerCase(java.util.Locale.ROOT);
  }

  /** The raw text of this field of a chunk (tags joined by spaces). */
  public String text(ChunkMeta meta, String body) {
    return text(meta.summary(), meta.tags(), meta.topic(), body);
  }

  /** The raw text of this field of a draft, as of the chunk it is saved as. */
  public String text(ChunkDraft draft) {
    return text(draft.summary(), draft.tags(), draft.topic(), draft.body());
  }

  private String text(String summary, List<String> tags, String topic, String body) {
    return switch (this) {
      case SUMMARY -> summary;
      case TAGS -> String.join(" ", tags);
      case TOPIC -> topic;
      case BODY -> body;
    };
  }
}
