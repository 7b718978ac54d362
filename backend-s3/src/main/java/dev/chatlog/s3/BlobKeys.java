package dev.chatlog.s3;

import java.util.regex.Pattern;

/** The key rules of the {@link dev.chatlog.spi.BlobStore} contract, checked before any request. */
final class BlobKeys {
  private static final Pattern ALPHABET = Pattern.compile("[A-Za-z0-9._/-]*");

  private BlobKeys() {}

  /**
   * Checks a key.
   *
   * @throws IllegalArgumentException naming the key when it breaks a rule
   */
  static String check(String key) {
    if (key == null || key.isEmpty()) {
      throw new IllegalArgumentException("Cannot use blob key '': it is empty");
    }
    if (!ALPHABET.matcher(key).matches()) {
      throw new IllegalArgumentException(
          "Cannot use blob key '" + key + "': only A-Z a-z 0-9 . _ / - are allowed");
    }
    for (String segment : key.split("/", -1)) {
      if (segment.isEmpty() || segment.equals(".") || segment.equals("..")) {
        throw new IllegalArgumentException(
            "Cannot use blob key '" + key + "': empty, '.' or '..' segment");
      }
    }
    return key;
  }

  /**
   * Checks a listing prefix or start-after value: the key alphabet, possibly empty or ending in
   * {@code /}.
   *
   * @throws IllegalArgumentException naming the value when it holds another character
   */
  static String checkPrefix(String prefix) {
    if (!ALPHABET.matcher(prefix).matches()) {
      throw new IllegalArgumentException(
          "Cannot list blobs under '" + prefix + "': only A-Z a-z 0-9 . _ / - are allowed");
    }
    return prefix;
  }
}
