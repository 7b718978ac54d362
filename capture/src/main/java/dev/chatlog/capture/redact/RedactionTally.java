package dev.chatlog.capture.redact;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/** Counts secrets replaced per rule over many texts; safe to use from several threads. */
public final class RedactionTally {
  private final Map<String, Integer> counts = new TreeMap<>();

  /** Adds the counts of one text (or of many, already summed). */
  public synchronized void add(Map<String, Integer> more) {
    more.forEach((rule, count) -> counts.merge(rule, count, Integer::sum));
  }

  /** Rule name to how many secrets it replaced so far, by name. */
  public synchronized Map<String, Integer> counts() {
    return Collections.unmodifiableMap(new TreeMap<>(counts));
  }

  /** How many secrets were replaced in all. */
  public synchronized int total() {
    return counts.values().stream().mapToInt(Integer::intValue).sum();
  }

  /**
   * A summary of counts for the user: {@code 3 secrets redacted (aws-access-token 1, github-pat
   * 2)}, or {@code ""} when there are none.
   */
  public static String describe(Map<String, Integer> counts) {
    int total = counts.values().stream().mapToInt(Integer::intValue).sum();
    if (total == 0) {
      return "";
    }
    List<String> each = new ArrayList<>();
    new TreeMap<>(counts).forEach((rule, count) -> each.add(rule + " " + count));
    return total
        + (total == 1 ? " secret" : " secrets")
        + " redacted ("
        + String.join(", ", each)
        + ")";
  }

  /** {@link #describe} of what was counted so far. */
  public String describe() {
    return describe(counts());
  }
}
