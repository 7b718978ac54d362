package dev.chatlog.capture.model;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Pattern;

/**
 * Label keys and values as chunks accept them: keys match {@code [a-z0-9][a-z0-9._-]*}, values are
 * one line of at most {@value #MAX_VALUE_LENGTH} characters.
 */
public final class ImportLabels {
  /** Longest label value; a chunk's names have the same limit. */
  public static final int MAX_VALUE_LENGTH = 200;

  private static final Pattern KEY = Pattern.compile("[a-z0-9][a-z0-9._-]*");

  private ImportLabels() {}

  /** Returns the key, or throws {@link IllegalArgumentException} when it is not a valid key. */
  public static String checkKey(String key) {
    if (key == null || !KEY.matcher(key).matches()) {
      throw new IllegalArgumentException("invalid label key: " + key);
    }
    return key;
  }

  /**
   * A value made fit for a label: control characters become spaces, the result is stripped and cut
   * to {@value #MAX_VALUE_LENGTH} characters; {@code ""} when nothing is left.
   */
  public static String value(String raw) {
    if (raw == null) {
      return "";
    }
    StringBuilder out = new StringBuilder(Math.min(raw.length(), MAX_VALUE_LENGTH + 1));
    for (int i = 0; i < raw.length() && out.length() <= MAX_VALUE_LENGTH * 2; i++) {
      char c = raw.charAt(i);
      out.append(Character.isISOControl(c) ? ' ' : c);
    }
    String clean = out.toString().strip();
    if (clean.length() > MAX_VALUE_LENGTH) {
      int end = MAX_VALUE_LENGTH;
      if (Character.isHighSurrogate(clean.charAt(end - 1))) {
        end--;
      }
      clean = clean.substring(0, end).strip();
    }
    return clean;
  }

  /**
   * An unmodifiable, key-sorted copy: keys checked, values made fit by {@link #value(String)},
   * empty and repeated values dropped, keys left without values dropped.
   */
  public static Map<String, List<String>> copyOf(Map<String, List<String>> labels) {
    if (labels == null || labels.isEmpty()) {
      return Map.of();
    }
    TreeMap<String, List<String>> copy = new TreeMap<>();
    labels.forEach(
        (key, values) -> {
          checkKey(key);
          List<String> clean = new ArrayList<>();
          for (String raw : values) {
            String value = value(raw);
            if (!value.isEmpty() && !clean.contains(value)) {
              clean.add(value);
            }
          }
          if (!clean.isEmpty()) {
            copy.put(key, List.copyOf(clean));
          }
        });
    return Collections.unmodifiableMap(copy);
  }
}
