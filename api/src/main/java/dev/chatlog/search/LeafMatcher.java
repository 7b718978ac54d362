package dev.chatlog.search;

import java.util.ArrayList;
import java.util.List;

/** Finds the words and phrases of a query in a list of folded tokens. */
final class LeafMatcher {
  private LeafMatcher() {}

  /** Token index ranges {@code [from, to)} where a word, prefix or phrase matches. */
  static List<int[]> ranges(QueryNode leaf, List<String> tokens) {
    List<int[]> out = new ArrayList<>();
    if (leaf instanceof QueryNode.Term term) {
      for (int i = 0; i < tokens.size(); i++) {
        if (tokens.get(i).equals(term.token())) {
          out.add(new int[] {i, i + 1});
        }
      }
    } else if (leaf instanceof QueryNode.Prefix prefix) {
      for (int i = 0; i < tokens.size(); i++) {
        if (tokens.get(i).startsWith(prefix.token())) {
          out.add(new int[] {i, i + 1});
        }
      }
    } else if (leaf instanceof QueryNode.Phrase phrase) {
      List<String> words = phrase.tokens();
      for (int i = 0; i + words.size() <= tokens.size(); i++) {
        if (tokens.subList(i, i + words.size()).equals(words)) {
          out.add(new int[] {i, i + words.size()});
        }
      }
    } else {
      throw new IllegalArgumentException("not a word or phrase: " + leaf);
    }
    return out;
  }

  /** How often a word, prefix or phrase occurs. */
  static int count(QueryNode leaf, List<String> tokens) {
    return ranges(leaf, tokens).size();
  }

  /** Whether the whole query matches a document made of the given fields' tokens. */
  static boolean matches(QueryNode node, List<List<String>> fields) {
    if (node instanceof QueryNode.And and) {
      return and.children().stream().allMatch(child -> matches(child, fields));
    }
    if (node instanceof QueryNode.Or or) {
      return or.children().stream().anyMatch(child -> matches(child, fields));
    }
    if (node instanceof QueryNode.Not not) {
      return !matches(not.child(), fields);
    }
    return fields.stream().anyMatch(tokens -> count(node, tokens) > 0);
  }
}
