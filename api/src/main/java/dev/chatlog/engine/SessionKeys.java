package dev.chatlog.engine;

import java.util.AbstractSet;
import java.util.Iterator;
import java.util.List;
import java.util.Set;

/**
 * The session keys of one segment as the manifest holds them: a JSON array of strings, decoded into
 * a set only when iterated or counted. A read only asks whether a segment holds one or two
 * sessions, and finds the quoted key in the array's text; decoding every list of a large history's
 * manifest (20,000 keys at 1M chunks) was most of the time a fresh process spent on it. Immutable
 * and thread-safe.
 */
final class SessionKeys extends AbstractSet<String> {
  private final String json;
  private volatile Set<String> decoded;

  private SessionKeys(String json) {
    this.json = json;
  }

  /**
   * The keys of {@code json}, an array of JSON strings without escapes as the manifest writer
   * writes them (checked by the caller).
   */
  static SessionKeys of(String json) {
    return new SessionKeys(json);
  }

  /** The array as the manifest holds it. */
  String json() {
    return json;
  }

  @Override
  public boolean contains(Object o) {
    if (!(o instanceof String key)) {
      return false;
    }
    Set<String> all = decoded;
    if (all == null && IndexCodec.writtenAsIs(key)) {
      return json.contains('"' + key + '"');
    }
    return all().contains(key);
  }

  @Override
  public Iterator<String> iterator() {
    return all().iterator();
  }

  @Override
  public int size() {
    return all().size();
  }

  private Set<String> all() {
    Set<String> all = decoded;
    if (all == null) {
      List<String> keys = IndexCodec.stringArray(json);
      all = Set.copyOf(keys);
      decoded = all;
    }
    return all;
  }
}
