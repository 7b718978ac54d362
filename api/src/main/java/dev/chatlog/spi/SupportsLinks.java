package dev.chatlog.spi;

import java.util.List;

/**
 * A {@link BlobStore} whose folders and objects may be links to other places (a file system's
 * symbolic links). Reads follow links, but such a store never writes or deletes through a link that
 * leads outside it; verify and doctor report those links, so a user learns why a write there fails.
 *
 * @since 0.1.0
 */
public interface SupportsLinks {
  /**
   * The paths, relative to the store's root and '/'-separated, of every link whose target is
   * outside the store, in order.
   */
  List<String> linksLeavingStore();
}
