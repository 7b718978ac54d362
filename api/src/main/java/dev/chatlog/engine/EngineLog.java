package dev.chatlog.engine;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The engine's logger, named after {@link BlobChunkStore}, made when something is first logged:
 * making a logger starts SLF4J and its backend (about 40 ms for Logback), which every command would
 * pay although a normal run logs nothing (adr/0028).
 */
final class EngineLog {
  static final Logger LOG = LoggerFactory.getLogger(BlobChunkStore.class);

  private EngineLog() {}
}
