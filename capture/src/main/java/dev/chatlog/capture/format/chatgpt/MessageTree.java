package dev.chatlog.capture.format.chatgpt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.format.Json;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** A conversation's {@code mapping}: nodes by id, linked by {@code parent} and {@code children}. */
final class MessageTree {
  private final JsonNode mapping;

  MessageTree(JsonNode mapping) {
    this.mapping = mapping;
  }

  JsonNode node(String id) {
    return mapping.get(id);
  }

  /**
   * The leaf the user saw: {@code current_node} when the mapping has it, else the last leaf in the
   * mapping's order.
   */
  String activeLeaf(String currentNode) {
    if (!currentNode.isEmpty() && mapping.has(currentNode)) {
      return currentNode;
    }
    List<String> leaves = leaves();
    return leaves.isEmpty() ? "" : leaves.get(leaves.size() - 1);
  }

  /** The nodes without children (children that the mapping lacks do not count), in order. */
  List<String> leaves() {
    List<String> leaves = new ArrayList<>();
    for (Map.Entry<String, JsonNode> field : mapping.properties()) {
      boolean hasChild = false;
      for (JsonNode child : Json.array(field.getValue(), "children")) {
        if (child.isTextual() && mapping.has(child.textValue())) {
          hasChild = true;
          break;
        }
      }
      if (!hasChild) {
        leaves.add(field.getKey());
      }
    }
    return leaves;
  }

  /** The ids from the root down to the node, following {@code parent}; a cycle ends the walk. */
  List<String> pathTo(String leaf) {
    List<String> path = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    String id = leaf;
    while (!id.isEmpty() && mapping.has(id) && seen.add(id)) {
      path.add(id);
      id = Json.text(mapping.get(id), "parent");
    }
    Collections.reverse(path);
    return path;
  }
}
