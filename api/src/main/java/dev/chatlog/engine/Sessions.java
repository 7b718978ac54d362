package dev.chatlog.engine;

import java.nio.charset.StandardCharsets;

/**
 * Names of sessions: the short, stable keys the manifest lists per segment, and the plain names
 * they are made from, which a process uses to match records to sessions without hashing each
 * record.
 */
final class Sessions {
  private static final int KEY_HEX_CHARS = 16;

  private Sessions() {}

  /** Project, topic and session in one string, told apart by NUL characters. */
  static String name(String project, String topic, String session) {
    return project + '\u0000' + topic + '\u0000' + session;
  }

  /** The first 64 bits (16 hex characters) of SHA-256 over project, topic and session. */
  static String key(String project, String topic, String session) {
    return keyOf(name(project, topic, session));
  }

  /** The key of a session {@link #name}. */
  static String keyOf(String name) {
    return ChunkCodec.sha256(name.getBytes(StandardCharsets.UTF_8)).substring(0, KEY_HEX_CHARS);
  }
}
