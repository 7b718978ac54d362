/**
 * The Claude.ai data export: {@code conversations.json}, one JSON array of conversations with their
 * {@code chat_messages}; {@code projects.json} beside it names the projects.
 */
package dev.chatlog.capture.format.claude;
