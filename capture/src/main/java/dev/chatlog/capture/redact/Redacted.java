package dev.chatlog.capture.redact;

import static java.util.Objects.requireNonNull;

import java.util.Collections;
import java.util.Map;
import java.util.TreeMap;

/**
 * A text with its secrets replaced, and how many each rule replaced.
 *
 * @param text the text, each secret replaced by {@code [REDACTED:rule]}
 * @param counts rule name to how many secrets it replaced, by name; empty when none
 */
public record Redacted(String text, Map<String, Integer> counts) {
  public Redacted {
    requireNonNull(text, "text is null");
    counts = Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  /** A text nothing was replaced in. */
  static Redacted unchanged(String text) {
    return new Redacted(text, Map.of());
  }

  /** How many secrets were replaced in all. */
  public int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }
}
