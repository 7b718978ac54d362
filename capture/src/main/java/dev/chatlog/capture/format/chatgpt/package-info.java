/**
 * The ChatGPT data export: {@code conversations.json}, one JSON array of conversations whose
 * messages form a tree ({@code mapping}); the conversation the user saw is the path from {@code
 * current_node} up through {@code parent}.
 */
package dev.chatlog.capture.format.chatgpt;
