/**
 * Claude Code session logs: {@code ~/.claude/projects/<folder>/<session>.jsonl}, one JSON object a
 * line. One API message is spread over several lines sharing {@code message.id}; side chains
 * (sub-agents) are conversations of their own; meta lines are not messages.
 */
package dev.chatlog.capture.format.claudecode;
