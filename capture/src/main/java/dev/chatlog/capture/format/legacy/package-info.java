/**
 * The history folder of the original Python tool: {@code chat_history_index.json}, newest first,
 * and one {@code chat_history_NNNNN.md} per save.
 */
package dev.chatlog.capture.format.legacy;
