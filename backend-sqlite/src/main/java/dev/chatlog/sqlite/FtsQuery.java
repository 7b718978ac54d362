package dev.chatlog.sqlite;

import dev.chatlog.search.QueryNode;
import java.util.ArrayList;
import java.util.List;

/**
 * Translates a parsed query into an FTS5 {@code MATCH} expression. Every token is written as a
 * quoted FTS5 string, so no user text ever reaches FTS5's own query parser unquoted.
 */
final class FtsQuery {
  private FtsQuery() {}

  /** The MATCH expression of a query that has at least one positive part. */
  static String of(QueryNode node) {
    if (node instanceof QueryNode.And and) {
      List<String> positive = new ArrayList<>();
      List<String> negative = new ArrayList<>();
      for (QueryNode child : and.children()) {
        if (child instanceof QueryNode.Not not) {
          negative.add(of(not.child()));
        } else {
          positive.add(of(child));
        }
      }
      String expression = "(" + String.join(" AND ", positive) + ")";
      return negative.isEmpty()
          ? expression
          : expression + " NOT (" + String.join(" OR ", negative) + ")";
    }
    if (node instanceof QueryNode.Or or) {
      List<String> parts = new ArrayList<>();
      or.children().forEach(child -> parts.add(of(child)));
      return "(" + String.join(" OR ", parts) + ")";
    }
    if (node instanceof QueryNode.Term term) {
      return quote(term.token());
    }
    if (node instanceof QueryNode.Prefix prefix) {
      return quote(prefix.token()) + "*";
    }
    if (node instanceof QueryNode.Phrase phrase) {
      return quote(String.join(" ", phrase.tokens()));
    }
    throw new IllegalArgumentException("an exclusion needs something to exclude from: " + node);
  }

  private static String quote(String text) {
    return "\"" + text.replace("\"", "\"\"") + "\"";
  }
}
