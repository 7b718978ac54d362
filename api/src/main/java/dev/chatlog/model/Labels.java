package dev.chatlog.model;

import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Immutable, key-sorted copies of label maps, so that equal labels compare and print alike.
 *
 * @since 0.1.0
 */
public final class Labels {
  private Labels() {}

  /** An unmodifiable copy sorted by key, with unmodifiable value lists; {@code null} is empty. */
  public static Map<String, List<String>> copyOf(Map<String, List<String>> labels) {
    if (labels == null || labels.isEmpty()) {
      return Map.of();
    }
    TreeMap<String, List<String>> copy = new TreeMap<>();
    labels.forEach((key, values) -> copy.put(key, List.copyOf(values)));
    return Collections.unmodifiableMap(copy);
  }
}
