/**
 * Importers of chat products and agent logs. {@link dev.chatlog.capture.Importers} finds the
 * importers on the class path, detects a source's format from its content and opens an {@link
 * dev.chatlog.capture.ImportReader} that streams {@link
 * dev.chatlog.capture.model.ImportedConversation conversations}. Each format lives in its own
 * package under {@code dev.chatlog.capture.format}; Claude Code and Codex logs can also be read
 * incrementally, from a byte offset, through {@link dev.chatlog.capture.LogImporter}.
 */
package dev.chatlog.capture;
