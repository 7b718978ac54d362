package dev.chatlog.search;

import static java.util.Objects.requireNonNull;

import java.util.ArrayList;
import java.util.List;

/**
 * A parsed search query: the tree {@link QueryParser} builds from chatlog's query syntax. Every
 * word in it is already folded by {@link TextFold} (lower case, accents removed, CJK split into
 * characters), so matching compares tokens for equality.
 *
 * @since 0.1.0
 */
public sealed interface QueryNode
    permits QueryNode.Term,
        QueryNode.Prefix,
        QueryNode.Phrase,
        QueryNode.Not,
        QueryNode.And,
        QueryNode.Or {

  /** The words and phrases that must or may match, leaving out everything under a {@link Not}. */
  default List<QueryNode> positiveLeaves() {
    List<QueryNode> out = new ArrayList<>();
    collectPositive(this, out);
    return List.copyOf(out);
  }

  private static void collectPositive(QueryNode node, List<QueryNode> out) {
    if (node instanceof And and) {
      and.children().forEach(child -> collectPositive(child, out));
    } else if (node instanceof Or or) {
      or.children().forEach(child -> collectPositive(child, out));
    } else if (!(node instanceof Not)) {
      out.add(node);
    }
  }

  /** One word that must appear as a whole token. */
  record Term(String token) implements QueryNode {
    public Term {
      requireToken(token);
    }
  }

  /** Any token that starts with {@code token} ({@code prefix*}). */
  record Prefix(String token) implements QueryNode {
    public Prefix {
      requireToken(token);
    }
  }

  /** Tokens that must appear next to each other, in this order, within one field. */
  record Phrase(List<String> tokens) implements QueryNode {
    public Phrase {
      tokens = List.copyOf(tokens);
      if (tokens.size() < 2) {
        throw new IllegalArgumentException("a phrase has at least two tokens: " + tokens);
      }
      tokens.forEach(QueryNode::requireToken);
    }
  }

  /** A word or phrase that must not appear ({@code -excluded}). */
  record Not(QueryNode child) implements QueryNode {
    public Not {
      requireNonNull(child, "child is null");
      if (child instanceof Not || child instanceof And || child instanceof Or) {
        throw new IllegalArgumentException("only a word or phrase can be excluded: " + child);
      }
    }
  }

  /** Every child must match. */
  record And(List<QueryNode> children) implements QueryNode {
    public And {
      children = List.copyOf(children);
      if (children.size() < 2) {
        throw new IllegalArgumentException("AND joins at least two parts: " + children);
      }
    }
  }

  /** At least one child must match. */
  record Or(List<QueryNode> children) implements QueryNode {
    public Or {
      children = List.copyOf(children);
      if (children.size() < 2) {
        throw new IllegalArgumentException("OR joins at least two parts: " + children);
      }
      for (QueryNode child : children) {
        if (child instanceof Not || child instanceof And) {
          throw new IllegalArgumentException("OR joins words and phrases only: " + child);
        }
      }
    }
  }

  private static void requireToken(String token) {
    requireNonNull(token, "token is null");
    if (token.isEmpty()) {
      throw new IllegalArgumentException("token is empty");
    }
  }
}
