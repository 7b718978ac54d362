/**
 * Codex session logs: {@code ~/.codex/sessions/YYYY/MM/DD/rollout-*.jsonl}. The {@code
 * response_item} records are the conversation; the {@code event_msg} records repeat them for the
 * user interface and are not read.
 */
package dev.chatlog.capture.format.codex;
