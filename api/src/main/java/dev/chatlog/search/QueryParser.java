package dev.chatlog.search;

import static java.util.Objects.requireNonNull;

import dev.chatlog.error.InvalidInputException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Parses chatlog's query syntax into a {@link QueryNode}:
 *
 * <ul>
 *   <li>{@code word word}: every word must match (whole tokens, case and accents ignored);
 *   <li>{@code "exact phrase"}: the words next to each other, in order;
 *   <li>{@code prefix*}: any word starting with {@code prefix};
 *   <li>{@code -word}, {@code -"phrase"}: must not match;
 *   <li>{@code a OR b}: either; {@code OR} (upper case) binds tighter than the implicit AND, so
 *       {@code cat dog OR mouse} means {@code cat AND (dog OR mouse)}.
 * </ul>
 *
 * <p>A word made of several tokens ({@code foo-bar}, a CJK word) is searched as a phrase; a word
 * without any letter or digit is ignored. Errors are {@link InvalidInputException}s reading "Cannot
 * search: ..." with a 1-based character position where one helps.
 *
 * @since 0.1.0
 */
public final class QueryParser {
  private QueryParser() {}

  /** Parses a query; a malformed one is an {@link InvalidInputException}. */
  public static QueryNode parse(String text) {
    requireNonNull(text, "text is null");
    List<Item> items = lex(text);
    List<QueryNode> parts = new ArrayList<>();
    int i = 0;
    while (i < items.size()) {
      Item item = items.get(i);
      if (item.isOr()) {
        throw orError(item);
      }
      List<QueryNode> alternatives = new ArrayList<>();
      alternatives.add(item.node());
      while (i + 1 < items.size() && items.get(i + 1).isOr()) {
        Item or = items.get(i + 1);
        if (i + 2 >= items.size() || items.get(i + 2).isOr()) {
          throw orError(or);
        }
        Item right = items.get(i + 2);
        if (item.node() instanceof QueryNode.Not || right.node() instanceof QueryNode.Not) {
          throw new InvalidInputException(
              "Cannot search: 'OR' at position "
                  + or.position()
                  + " cannot join an excluded term; put the exclusion outside the OR");
        }
        alternatives.add(right.node());
        i += 2;
      }
      parts.add(alternatives.size() == 1 ? alternatives.get(0) : new QueryNode.Or(alternatives));
      i++;
    }
    if (parts.isEmpty()) {
      throw new InvalidInputException("Cannot search: the query has no words to look for");
    }
    if (parts.stream().allMatch(QueryNode.Not.class::isInstance)) {
      throw new InvalidInputException(
          "Cannot search: the query only excludes words; add at least one word to look for");
    }
    return parts.size() == 1 ? parts.get(0) : new QueryNode.And(parts);
  }

  private static InvalidInputException orError(Item or) {
    return new InvalidInputException(
        "Cannot search: 'OR' needs a term on both sides (position " + or.position() + ")");
  }

  /** A lexed piece: a node, or the OR operator when {@code node} is absent. */
  private record Item(QueryNode node, int position) {
    boolean isOr() {
      return node == null;
    }
  }

  private static List<Item> lex(String text) {
    List<Item> items = new ArrayList<>();
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (Character.isWhitespace(c)) {
        i++;
        continue;
      }
      int position = i + 1;
      boolean negated = false;
      if (c == '-') {
        if (i + 1 >= n || Character.isWhitespace(text.charAt(i + 1))) {
          throw new InvalidInputException(
              "Cannot search: '-' at position " + position + " needs a term right after it");
        }
        negated = true;
        i++;
        c = text.charAt(i);
      }
      QueryNode node;
      if (c == '"') {
        int close = text.indexOf('"', i + 1);
        if (close < 0) {
          throw new InvalidInputException("Cannot search: unbalanced quote at position " + (i + 1));
        }
        List<String> words = TextFold.words(text.substring(i + 1, close));
        if (words.isEmpty()) {
          throw new InvalidInputException(
              "Cannot search: the phrase at position " + (i + 1) + " has no words");
        }
        node = words.size() == 1 ? new QueryNode.Term(words.get(0)) : new QueryNode.Phrase(words);
        i = close + 1;
      } else {
        int end = i;
        while (end < n && !Character.isWhitespace(text.charAt(end)) && text.charAt(end) != '"') {
          end++;
        }
        String word = text.substring(i, end);
        i = end;
        if (!negated && word.equals("OR")) {
          items.add(new Item(null, position));
          continue;
        }
        Optional<QueryNode> parsed = wordNode(word, position);
        if (parsed.isEmpty()) {
          continue;
        }
        node = parsed.get();
      }
      items.add(new Item(negated ? new QueryNode.Not(node) : node, position));
    }
    return items;
  }

  /** The node of one bare word; empty when it has no letter or digit. */
  private static Optional<QueryNode> wordNode(String word, int position) {
    boolean prefix = word.endsWith("*");
    String stem = prefix ? word.replaceAll("\\*+$", "") : word;
    List<String> words = TextFold.words(stem);
    if (prefix) {
      if (words.size() != 1) {
        throw new InvalidInputException(
            "Cannot search: '"
                + word
                + "' at position "
                + position
                + ": a prefix search needs exactly one word before '*'");
      }
      return Optional.of(new QueryNode.Prefix(words.get(0)));
    }
    if (words.isEmpty()) {
      return Optional.empty();
    }
    return Optional.of(
        words.size() == 1 ? new QueryNode.Term(words.get(0)) : new QueryNode.Phrase(words));
  }
}
