package dev.chatlog.cli;

/** A count and its noun, in the singular for one: {@code 1 chunk}, {@code 2 chunks}. */
final class Plural {
  private Plural() {}

  static String of(long count, String noun) {
    return count + " " + (count == 1 ? noun : noun + "s");
  }
}
