/**
 * What the format readers share: JSON reading with errors that name places and never content, JSONL
 * lines with their byte offsets, times, and the compact rendering of tool calls. One package per
 * format below this one.
 */
package dev.chatlog.capture.format;
