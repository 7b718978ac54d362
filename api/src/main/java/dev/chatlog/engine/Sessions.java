package dev.chatlog.engine;

import java.nio.charset.StandardCharsets;

/** Short, stable keys for sessions, as the manifest lists them per segment. */
final class Sessions {
  private static final int KEY_HEX_CHARS = 16;

  private Sessions() {}

  /** The first 64 bits (16 hex characters) of SHA-256 over project, topic and session. */
  static String key(String project, String topic, String session) {
    String joined = project + '\u0000' + topic + '\u0000' + session;
    return ChunkCodec.sha256(joined.getBytes(StandardCharsets.UTF_8)).substring(0, KEY_HEX_CHARS);
  }
}
