package dev.chatlog.capture.format.chatgpt;

import com.fasterxml.jackson.databind.JsonNode;
import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportProblem;
import dev.chatlog.capture.Sniff;
import dev.chatlog.capture.format.FormatImporter;
import dev.chatlog.capture.format.Json;
import dev.chatlog.capture.format.JsonArrayReader;
import dev.chatlog.capture.format.Messages;
import dev.chatlog.capture.model.ImportedConversation;
import dev.chatlog.capture.model.ImportedMessage;
import dev.chatlog.capture.source.ImportSource;
import dev.chatlog.capture.source.SourceEntry;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Reads a ChatGPT data export. Each conversation is the path from {@code current_node} to the root;
 * with {@link ImportOptions#allBranches()} every other leaf's path (a regenerated answer, an edited
 * question) is a conversation of its own, labelled {@code branch} and {@code branch-of}.
 */
public final class ChatGptImporter extends FormatImporter {
  /** This format's name. */
  public static final String NAME = "chatgpt";

  public ChatGptImporter() {
    super(NAME, "a ChatGPT data export (conversations.json or the export's .zip)");
  }

  @Override
  public List<SourceEntry> select(ImportSource source) {
    return byName(source, ".json", "conversations");
  }

  @Override
  public boolean sniff(Sniff sniff) {
    Set<String> fields = sniff.firstObjectFields();
    return fields.contains("mapping") && !fields.contains("chat_messages");
  }

  @Override
  public Stream<ImportedConversation> read(
      ImportSource source, List<SourceEntry> entries, ImportOptions options) {
    return eachElement(entries, entry -> (node, reader) -> conversations(node, reader, options));
  }

  private static List<ImportedConversation> conversations(
      JsonNode conversation, JsonArrayReader reader, ImportOptions options) {
    String origin = reader.origin();
    String id = Json.text(conversation, "conversation_id");
    if (id.isBlank()) {
      id = Json.text(conversation, "id");
    }
    JsonNode mapping = conversation.get("mapping");
    if (id.isBlank() || mapping == null || !mapping.isObject()) {
      options
          .listener()
          .skipped(
              ImportProblem.of(
                  origin,
                  "conversation "
                      + reader.index()
                      + " has no "
                      + (id.isBlank() ? "id" : "mapping")));
      return List.of();
    }
    MessageTree tree = new MessageTree(mapping);
    String title = Json.text(conversation, "title");
    String active = tree.activeLeaf(Json.text(conversation, "current_node"));
    List<ImportedConversation> out = new ArrayList<>();
    Map<String, List<String>> mainLabels =
        options.allBranches() ? Messages.label("branch", active) : Map.of();
    Messages.conversation(
            NAME,
            id,
            title,
            "",
            "",
            origin,
            List.of(),
            mainLabels,
            messages(tree, active, options),
            options)
        .ifPresent(out::add);
    if (options.allBranches()) {
      int number = 1;
      for (String leaf : tree.leaves()) {
        if (leaf.equals(active)) {
          continue;
        }
        number++;
        Optional<ImportedConversation> branch =
            Messages.conversation(
                NAME,
                id + "#" + leaf,
                title.isBlank() ? "" : title + " (branch " + number + ")",
                "",
                "",
                origin,
                List.of(),
                Map.of("branch", List.of(leaf), "branch-of", List.of(id)),
                messages(tree, leaf, options),
                options);
        branch.ifPresent(out::add);
      }
    }
    return out;
  }

  private static List<ImportedMessage> messages(
      MessageTree tree, String leaf, ImportOptions options) {
    List<ImportedMessage> messages = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (Iterator<String> it = tree.pathTo(leaf).iterator(); it.hasNext(); ) {
      String nodeId = it.next();
      JsonNode node = tree.node(nodeId);
      ChatGptMessages.of(nodeId, node.get("message"), options)
          .filter(m -> seen.add(m.nativeId()))
          .ifPresent(messages::add);
    }
    return messages;
  }
}
