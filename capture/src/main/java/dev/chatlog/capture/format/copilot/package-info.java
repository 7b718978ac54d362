/**
 * VS Code Copilot chats: the "Export Chat" JSON file, and the sessions VS Code stores in {@code
 * workspaceStorage/<hash>/chatSessions/<session>.json}. Both hold {@code requests}, each a question
 * and an answer split over many response parts.
 */
package dev.chatlog.capture.format.copilot;
