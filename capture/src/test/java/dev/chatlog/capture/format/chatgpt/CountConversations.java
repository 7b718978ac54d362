package dev.chatlog.capture.format.chatgpt;

import dev.chatlog.capture.ImportOptions;
import dev.chatlog.capture.ImportReader;
import dev.chatlog.capture.Importers;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Imports a path in a JVM of its own and prints {@code conversations messages}: run with a small
 * heap.
 */
public final class CountConversations {
  private CountConversations() {}

  public static void main(String[] args) {
    AtomicLong conversations = new AtomicLong();
    AtomicLong messages = new AtomicLong();
    try (ImportReader reader =
        Importers.discover()
            .open(Path.of(args[0]), args.length > 1 ? args[1] : null, ImportOptions.defaults())) {
      reader
          .conversations()
          .forEach(
              c -> {
                conversations.incrementAndGet();
                messages.addAndGet(c.messages().size());
              });
    }
    System.out.println(conversations + " " + messages);
  }
}
